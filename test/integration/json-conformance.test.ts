import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseBytes } from '../helpers/parse-helpers'
import { readThroughEngine, type EngineEntry } from '../helpers/read-through-engine'

/**
 * JSONTestSuite (nst/JSONTestSuite, test_parsing/: y_ must parse, n_ must not, i_ is up to the
 * parser) through LogDrop's JSON readers, in three contexts: an NDJSON line between two good
 * lines, a JSON array item between two good items, and the whole file. Each case runs through
 * the small-file path (the shared readers) and the parallel block path (FileReader with a
 * prepare helper thread), and both are compared with JSON.parse: the same records accepted,
 * the same rejected, and the good neighbours kept.
 */

const SUITE = resolve(__dirname, '../fixtures/conformance/json-test-suite/test_parsing')
const BEFORE = { before: 1 }
const AFTER = { after: 2 }

interface Case {
  readonly name: string
  readonly bytes: Buffer
  readonly expect: 'y' | 'n' | 'i'
}

/** What a path made of a file: the records it would send and how many entries failed. */
interface Outcome {
  readonly records: unknown[]
  readonly failures: number
  readonly codes: string[]
}

/** JSON.parse's verdict on text decoded as the readers decode it (invalid UTF-8 → U+FFFD). */
function oracle(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) }
  } catch {
    return { ok: false }
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** What JSON.parse says should come out: the records (or either of two lists), failures. */
interface Expected {
  readonly records: unknown[]
  /** Also right: a file broken by the case may lose the good item after it. */
  readonly orRecords?: unknown[]
  readonly minFailures: number
  readonly maxFailures: number
}

interface Context {
  readonly name: string
  readonly extension: string
  /** Undefined when the case cannot be put in this context (a raw line break in an NDJSON line). */
  build(bytes: Buffer): Buffer | undefined
  expected(c: Case): Expected
}

/** Complete items before the point where a file breaks off are kept, as in a truncated file. */
const KEPT_BEFORE_DAMAGE: Record<string, unknown[]> = {
  'n_array_unclosed_with_object_inside.json': [{}],
}

const around = (prefix: string, bytes: Buffer, suffix: string) =>
  Buffer.concat([Buffer.from(prefix), bytes, Buffer.from(suffix)])

const CONTEXTS: Context[] = [
  {
    name: 'NDJSON line',
    extension: 'ndjson',
    build: (bytes) =>
      bytes.includes(10) ? undefined : around('{"before":1}\n', bytes, '\n{"after":2}\n'),
    expected: (c) => {
      const parsed = oracle(c.bytes)
      const blank = /^[\s]*$/.test(c.bytes.toString('latin1').replace(/\r/g, ''))
      if (blank) return { records: [BEFORE, AFTER], minFailures: 0, maxFailures: 0 }
      return parsed.ok && isObject(parsed.value)
        ? { records: [BEFORE, parsed.value, AFTER], minFailures: 0, maxFailures: 0 }
        : { records: [BEFORE, AFTER], minFailures: 1, maxFailures: 1 }
    },
  },
  {
    name: 'JSON array item',
    extension: 'json',
    build: (bytes) => around('[\n{"before":1},\n', bytes, ',\n{"after":2}\n]\n'),
    expected: (c) => {
      const parsed = oracle(around('[\n{"before":1},\n', c.bytes, ',\n{"after":2}\n]\n'))
      if (!parsed.ok) {
        return { records: [BEFORE, AFTER], orRecords: [BEFORE], minFailures: 1, maxFailures: 2 }
      }
      const items = parsed.value as unknown[]
      const records = items.filter(isObject)
      const failures = items.length - records.length
      return { records, minFailures: failures, maxFailures: failures }
    },
  },
  {
    name: 'whole file',
    extension: 'json',
    build: (bytes) => bytes,
    expected: (c) => {
      const parsed = oracle(c.bytes)
      if (parsed.ok && isObject(parsed.value)) {
        // One object on one line reads as NDJSON; over several lines it is refused with a hint.
        return { records: [parsed.value], orRecords: [], minFailures: 0, maxFailures: 1 }
      }
      if (!parsed.ok || !Array.isArray(parsed.value)) {
        const kept = KEPT_BEFORE_DAMAGE[c.name] ?? []
        return { records: kept, minFailures: 1, maxFailures: Infinity }
      }
      const records = parsed.value.filter(isObject)
      const failures = parsed.value.length - records.length
      return { records, minFailures: failures, maxFailures: failures }
    },
  },
]

function fromEngine(entries: readonly EngineEntry[]): Outcome {
  const records: unknown[] = []
  const codes: string[] = []
  for (const entry of entries) {
    if (entry.kind === 'record') records.push(JSON.parse(entry.json))
    else codes.push(entry.code ?? entry.message)
  }
  return { records, failures: codes.length, codes }
}

let cases: Case[] = []
let dir = ''
/** Per context: the parallel path's outcome of each case, by case name. */
const parallel = new Map<string, Map<string, Outcome>>()

beforeAll(async () => {
  const names = (await readdir(SUITE)).filter((name) => name.endsWith('.json')).sort()
  cases = await Promise.all(
    names.map(async (name) => ({
      name,
      bytes: await readFile(join(SUITE, name)),
      expect: name[0] as Case['expect'],
    })),
  )
  dir = await mkdtemp(join(tmpdir(), 'logdrop-jsonsuite-'))
  for (const context of CONTEXTS) {
    const paths: string[] = []
    const names: string[] = []
    for (const c of cases) {
      const bytes = context.build(c.bytes)
      if (bytes === undefined) continue
      const path = join(dir, `${context.name.replace(/ /g, '-')}-${c.name}.${context.extension}`)
      await writeFile(path, bytes)
      paths.push(path)
      names.push(c.name)
    }
    const read = await readThroughEngine(paths, { prepareWorkers: 1 })
    const outcomes = new Map<string, Outcome>()
    read.files.forEach((entries, i) => outcomes.set(names[i] as string, fromEngine(entries)))
    parallel.set(context.name, outcomes)
  }
}, 240_000)

afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true })
})

async function sequential(bytes: Buffer, file: string, readSize: number): Promise<Outcome> {
  const out = await parseBytes(bytes, file, {}, readSize)
  return {
    records: out.records.map((r) => r.record),
    failures: out.errors.length,
    codes: out.errors.map((e) => e.code),
  }
}

describe('JSONTestSuite through both paths', () => {
  for (const context of CONTEXTS) {
    it(`${context.name}: y_ and n_ cases as JSON.parse decides, i_ cases alike on both paths`, async () => {
      const mismatches: string[] = []
      let compared = 0
      for (const c of cases) {
        const bytes = context.build(c.bytes)
        if (bytes === undefined) continue
        compared++
        const file = `case.${context.extension}`
        const outcomes = {
          small: await sequential(bytes, file, 64 * 1024),
          'small, 3-byte reads': await sequential(bytes, file, 3),
          parallel: parallel.get(context.name)?.get(c.name),
        }
        const want = context.expected(c)
        for (const [path, got] of Object.entries(outcomes)) {
          if (got === undefined) {
            mismatches.push(`${c.name} [${path}]: not read`)
            continue
          }
          if (c.expect === 'i') {
            if (JSON.stringify(got) !== JSON.stringify(outcomes.small)) {
              mismatches.push(`${c.name} [${path}]: differs from the small-file path`)
            }
            continue
          }
          const sameRecords = [want.records, want.orRecords].some(
            (records) => JSON.stringify(got.records) === JSON.stringify(records),
          )
          const failuresOk = got.failures >= want.minFailures && got.failures <= want.maxFailures
          if (!sameRecords || !failuresOk) {
            mismatches.push(
              `${c.name} [${path}]: records ${JSON.stringify(got.records)} failures ${got.codes.join(',')}; want ${JSON.stringify(want.records)} and ${want.minFailures}-${want.maxFailures} failures`,
            )
          }
        }
      }
      expect(compared).toBeGreaterThan(250)
      expect(mismatches).toEqual([])
    })
  }
})
