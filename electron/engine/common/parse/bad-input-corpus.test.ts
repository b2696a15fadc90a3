import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileMapping, type MapFn } from '../../../../shared/mapping/compile-mapping'
import { parseMapping, type StreamColumn } from '../../../../shared/mapping/mapping-schema'
import { Chunker, chunkBody, type Chunk } from '../chunk/chunker'
import { serializeRecord } from '../chunk/serialize-record'
import { openFile } from './parse-input'
import type { ParseEvent } from './parse-types'
import { previewFile } from '../../main/preview'

/**
 * Every file of test/fixtures/bad/ through parse → map → serialize → chunk, as the engine will
 * run them: each gets a specific outcome, and the good records in the same file still come out
 * as valid request bodies.
 */

const FIXTURES = resolve(__dirname, '../../../../test/fixtures')
const NOW = Date.parse('2024-06-01T12:00:00Z')
const STREAM: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Message', type: 'string' },
  { name: 'Level', type: 'string' },
  { name: 'Props', type: 'dynamic' },
]
const mapping = parseMapping({
  version: 1,
  stream: 'Custom-Corpus',
  columns: {
    TimeGenerated: { source: { kind: 'field', path: 'time' }, type: 'datetime' },
    Message: { source: { kind: 'field', path: 'msg' }, type: 'string' },
    Level: { source: { kind: 'field', path: 'level' }, type: 'string' },
    Props: { source: { kind: 'field', path: 'props' }, type: 'dynamic' },
  },
})
if (!mapping.ok) throw new Error('corpus mapping is invalid')
const compiled = compileMapping(mapping.mapping, STREAM)
if (!compiled.ok) throw new Error('corpus mapping does not compile')
const map: MapFn = compiled.compiled.map

interface Outcome {
  sent: Record<string, unknown>[]
  /** Codes of everything that kept a record (or the file) out, in order. */
  failures: string[]
  warnings: string[]
  reasons: string[]
  flagged: number
}

async function run(path: string): Promise<Outcome> {
  const opened = await openFile(path)
  const chunker = new Chunker<number>()
  const chunks: Chunk<number>[] = []
  const outcome: Outcome = { sent: [], failures: [], warnings: [], reasons: [], flagged: 0 }
  const take = (out: ReturnType<Chunker<number>['add']>) => {
    if (out?.kind === 'chunk') chunks.push(out)
    if (out?.kind === 'too-large') {
      outcome.failures.push('chunk/record-too-large')
      outcome.reasons.push(out.reason)
    }
  }
  const handle = (event: ParseEvent) => {
    if (event.kind === 'warning') {
      outcome.warnings.push(event.code)
      outcome.reasons.push(event.reason)
      return
    }
    if (event.kind === 'error') {
      outcome.failures.push(event.code)
      outcome.reasons.push(event.reason)
      return
    }
    if (event.invalidUtf8) outcome.flagged++
    const mapped = map(event.record, NOW)
    if (!mapped.ok) {
      for (const error of mapped.errors) {
        outcome.failures.push(error.code)
        outcome.reasons.push(error.reason)
      }
      return
    }
    const serialized = serializeRecord(mapped.record)
    if (!serialized.ok) {
      outcome.failures.push('chunk/serialize-failed')
      outcome.reasons.push(serialized.reason)
      return
    }
    take(chunker.add(serialized.bytes, event.source.line))
  }
  for await (const batch of opened.batches) batch.forEach(handle)
  const last = chunker.flush()
  if (last !== undefined) chunks.push(last)
  for (const chunk of chunks) {
    const body = chunkBody(chunk)
    expect(body.length).toBeLessThanOrEqual(1_000_000)
    outcome.sent.push(...(JSON.parse(body.toString('utf8')) as Record<string, unknown>[]))
  }
  return outcome
}

const bad = (name: string) => join(FIXTURES, 'bad', name)

describe('bad input corpus', () => {
  it('truncated JSON: the records before the cut, then one error', async () => {
    const out = await run(bad('truncated.json'))
    expect(out.sent).toHaveLength(3)
    expect(out.failures).toEqual(['parse/json-truncated'])
    expect(out.reasons[0]).toMatch(/ends inside the item that starts at line 5/)
  })

  it('a JSON object instead of an array: refused with a hint', async () => {
    const out = await run(bad('object-not-array.json'))
    expect(out.sent).toEqual([])
    expect(out.failures).toEqual(['parse/json-object-not-array'])
  })

  it('JSON with a trailing comma: every record, and a warning', async () => {
    const out = await run(bad('trailing-comma.json'))
    expect(out.sent).toHaveLength(3)
    expect(out.failures).toEqual([])
    expect(out.warnings).toEqual(['parse/json-trailing-comma'])
  })

  it('NDJSON with broken lines: the good lines, and each broken line named', async () => {
    const out = await run(bad('broken-line.ndjson'))
    expect(out.sent.map((r) => r.Message)).toHaveLength(3)
    expect(out.failures).toEqual(['parse/ndjson-invalid-line', 'parse/ndjson-invalid-line'])
    expect(out.reasons[0]).toMatch(/^Line 2 is not valid JSON/)
    expect(out.reasons[1]).toMatch(/^Line 4 is not valid JSON/)
  })

  it('CSV with ragged rows: the complete rows, each ragged row named', async () => {
    const out = await run(bad('ragged-rows.csv'))
    expect(out.sent).toHaveLength(2)
    expect(out.sent[0]).toMatchObject({ Props: { requestId: 'req-1000' } })
    expect(out.failures).toEqual(['parse/csv-ragged-row', 'parse/csv-ragged-row'])
    expect(out.reasons).toEqual([
      'The row at line 3 has 3 fields; the header has 7.',
      'The row at line 4 has 8 fields; the header has 7.',
    ])
  })

  it('CSV with an unbalanced quote: the rows before it, then where the quote opened', async () => {
    const out = await run(bad('unbalanced-quotes.csv'))
    expect(out.sent.map((r) => r.Message)).toEqual(['fine'])
    expect(out.failures).toEqual(['parse/csv-unclosed-quote'])
    expect(out.reasons[0]).toMatch(/line 3 is never closed/)
  })

  it('invalid UTF-8: replaced, flagged and sent', async () => {
    const out = await run(bad('invalid-utf8.ndjson'))
    expect(out.sent).toHaveLength(3)
    expect(out.sent[1]?.Message).toBe('caf\uFFFD \uFFFD')
    expect(out.flagged).toBe(1)
    expect(out.warnings).toEqual(['parse/invalid-utf8'])
  })

  it('UTF-16 with a BOM: decoded', async () => {
    const out = await run(bad('utf16-bom.csv'))
    expect(out.sent.map((r) => r.Message)).toEqual(['naïve café ✓', 'Ünïcödé'])
    expect(out.failures).toEqual([])
  })

  it('empty file, zero-byte gzip, cut-off gzip and a binary file: one clear reason each', async () => {
    expect((await run(bad('empty.csv'))).failures).toEqual(['parse/empty-file'])
    expect((await run(bad('zero-byte.ndjson.gz'))).failures).toEqual(['parse/gzip-empty'])
    const cut = await run(bad('truncated.ndjson.gz'))
    expect(cut.sent.length).toBeGreaterThan(0)
    expect(cut.failures).toEqual(['parse/gzip-corrupt'])
    const binary = await run(bad('binary-renamed.csv'))
    expect(binary.failures).toEqual(['parse/binary-file'])
    expect(binary.reasons[0]).toMatch(/binary-renamed.csv is not a text file/)
  })

  it('deep nesting: the record fails with a reason, the others are sent', async () => {
    const out = await run(bad('deep-nesting.json'))
    expect(out.sent).toHaveLength(2)
    expect(out.failures).toEqual(['chunk/serialize-failed'])
    expect(out.reasons[0]).toMatch(/nested too deeply/)
  })

  it('duplicate column names: renamed, reported, every value kept', async () => {
    const out = await run(bad('duplicate-columns.csv'))
    expect(out.sent.map((r) => r.Message)).toEqual(['first', 'a'])
    expect(out.warnings).toEqual(['parse/csv-duplicate-header'])
    const preview = await previewFile(bad('duplicate-columns.csv'))
    expect(preview.headers).toEqual(['time', 'msg', 'msg_2', 'level', 'Level'])
  })

  it('headers that break Log Analytics naming rules: named, with a valid suggestion', async () => {
    const preview = await previewFile(bad('bad-column-names.csv'))
    const issues = Object.fromEntries(preview.columns.map((c) => [c.name, c.suggestedName ?? null]))
    expect(issues).toEqual({
      time: null,
      'user name': 'user_name',
      '1st': 'c1st',
      Type: 'Type_s',
      'a.b': 'a_b',
      ['x'.repeat(50)]: 'x'.repeat(45),
    })
    expect(preview.columns[1]?.nameIssues).toEqual([
      'Only letters, digits and _ are allowed (found space).',
    ])
    expect((await run(bad('bad-column-names.csv'))).sent).toHaveLength(2)
  })

  describe('generated at run time', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'logdrop-corpus-'))
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    const line = (msg: string) => JSON.stringify({ time: '2024-06-01T11:00:00Z', msg })

    it('a 2 MB single record: rejected before sending, the others sent', async () => {
      const path = join(dir, 'huge-record.ndjson')
      const huge = JSON.stringify({
        time: '2024-06-01T11:00:00Z',
        props: { blob: 'x'.repeat(2_000_000) },
      })
      await writeFile(path, `${line('a')}\n${huge}\n${line('b')}\n`)
      const out = await run(path)
      expect(out.sent.map((r) => r.Message)).toEqual(['a', 'b'])
      expect(out.failures).toEqual(['chunk/record-too-large'])
      expect(out.reasons[0]).toMatch(/2000\d+ bytes of JSON; one request carries at most 1048576/)
    })

    it('a 100 KB field: refused (Log Analytics would cut it), the others sent', async () => {
      const path = join(dir, 'big-field.ndjson')
      await writeFile(path, `${line('a')}\n${line('y'.repeat(100_000))}\n${line('b')}\n`)
      const out = await run(path)
      expect(out.sent.map((r) => r.Message)).toEqual(['a', 'b'])
      expect(out.failures).toEqual(['mapping/field-too-large'])
      expect(out.reasons[0]).toMatch(/Message is over 64 KB/)
    })
  })
})

describe('good samples', () => {
  it('sample.csv, sample.ndjson and sample.json give the same stream records', async () => {
    const [csv, ndjson, json] = await Promise.all(
      ['sample.csv', 'sample.ndjson', 'sample.json'].map((name) => run(join(FIXTURES, name))),
    )
    expect(ndjson?.failures).toEqual([])
    expect(ndjson?.sent).toHaveLength(20)
    expect(json?.sent).toEqual(ndjson?.sent)
    expect(csv?.sent).toEqual(ndjson?.sent)
    expect(csv?.warnings).toEqual([])
  })

  it('the preview suggests sensible types for sample.csv', async () => {
    const preview = await previewFile(join(FIXTURES, 'sample.csv'), { limit: 5 })
    expect(preview.truncated).toBe(true)
    expect(preview.records).toHaveLength(5)
    expect(preview.detected).toMatchObject({ format: 'csv', delimiter: ',' })
    expect(Object.fromEntries(preview.columns.map((c) => [c.name, c.guess.type]))).toEqual({
      time: 'datetime',
      level: 'string',
      host: 'string',
      msg: 'string',
      status: 'int',
      durationMs: 'real',
      props: 'dynamic',
    })
  })
})
