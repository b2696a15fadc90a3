import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Source data for the reliability campaign: NDJSON log records that each carry `seq`, their
 * 0-based line number, so the table can be reconciled record by record (the mapping sends `seq`
 * to the `Bytes` column; `dcount(Bytes)` finds duplicates, min/max find strays).
 *
 * A few lines are bad on purpose, at fixed positions: broken JSON (the parser refuses them) and
 * a `level` that is not a number (the mapping refuses them). They must end up in the failed
 * store, never in the table and never lost.
 */

/** What a generated file holds. */
export interface SoakFile {
  readonly path: string
  readonly bytes: number
  /** Lines, good and bad: every line is one entry of the job (ordinal = line − 1 = seq). */
  readonly records: number
  /** Ordinals written as broken JSON. */
  readonly broken: readonly number[]
  /** Ordinals whose `level` cannot become an int. */
  readonly invalid: readonly number[]
}

/** How a file is laid out. */
export interface SoakFileSpec {
  /** Lines to write (or use `targetBytes`). */
  readonly records?: number
  /** Write lines until the file is at least this big. */
  readonly targetBytes?: number
  /** Every `badEvery` lines, one broken line and one invalid line (0: none). */
  readonly badEvery?: number
  /** Milliseconds added to the record times (negative: in the past). */
  readonly timeOffsetMs?: number
}

const HOSTS = Array.from({ length: 24 }, (_, i) => `web-${String(i).padStart(2, '0')}`)
const ROUTES = ['/api/orders', '/api/orders/{id}', '/api/users/{id}', '/health', '/login']
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']

/** A deterministic PRNG (mulberry32): the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T
}

/** One good record: web-server style, with the fields SOAK_MAPPING reads. */
export function soakRecord(seq: number, random: () => number, baseMs: number) {
  const route = pick(ROUTES, random)
  const status = random() < 0.93 ? 200 : random() < 0.5 ? 404 : 500
  const ms = Math.round(random() * 250_000) / 1000
  return {
    seq,
    // Spread over the last 5 hours: well inside the service's [-2 days, +1 day] window.
    ts: new Date(baseMs - (seq % 18_000) * 1000).toISOString(),
    host: pick(HOSTS, random),
    level: status === 200 ? 1 : status === 404 ? 2 : 3,
    ms,
    ok: status === 200,
    props: { route, status, user: `u${Math.floor(random() * 50_000)}` },
    msg: `${pick(METHODS, random)} ${route.replace('{id}', String(seq))} ${status} ${ms}ms`,
  }
}

/** The kind of line at an ordinal, for a layout with bad lines every `badEvery`. */
function lineKind(ordinal: number, badEvery: number): 'good' | 'broken' | 'invalid' {
  if (badEvery <= 0) return 'good'
  const at = ordinal % badEvery
  if (at === badEvery - 1) return 'broken'
  if (at === Math.floor(badEvery / 2)) return 'invalid'
  return 'good'
}

/**
 * Writes a soak file. Lines are written in batches with backpressure, so a gigabyte needs no
 * more memory than a megabyte.
 */
export async function writeSoakFile(path: string, spec: SoakFileSpec): Promise<SoakFile> {
  const badEvery = spec.badEvery ?? 0
  const random = mulberry32(0x50a4)
  const baseMs = Date.now() + (spec.timeOffsetMs ?? 0)
  const out = createWriteStream(path)
  const broken: number[] = []
  const invalid: number[] = []
  let bytes = 0
  let records = 0
  const done = () =>
    spec.records !== undefined ? records >= spec.records : bytes >= (spec.targetBytes ?? 0)
  while (!done()) {
    let batch = ''
    for (let k = 0; k < 500 && !done(); k++) {
      const seq = records
      const kind = lineKind(seq, badEvery)
      const record = soakRecord(seq, random, baseMs)
      let line: string
      if (kind === 'broken') {
        broken.push(seq)
        line = JSON.stringify(record).slice(0, 40)
      } else if (kind === 'invalid') {
        invalid.push(seq)
        line = JSON.stringify({ ...record, level: 'loud' })
      } else {
        line = JSON.stringify(record)
      }
      batch += `${line}\n`
      bytes += Buffer.byteLength(line) + 1
      records += 1
    }
    if (!out.write(batch)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return { path, bytes, records, broken, invalid }
}

/**
 * `<dir>/soak-<MB>mb.ndjson`, generated when missing or stale (written under a temp name and
 * renamed, so an interrupted run never leaves half a file in the cache). Record times are
 * relative to the generation time; the reconciliation does not depend on them.
 */
export async function ensureSoakFile(
  dir: string,
  targetBytes: number,
  badEvery: number,
): Promise<SoakFile> {
  await mkdir(dir, { recursive: true })
  const name = `soak-${Math.round(targetBytes / 1e6)}mb-bad${badEvery}`
  const path = join(dir, `${name}.ndjson`)
  const metaPath = join(dir, `${name}.meta.json`)
  try {
    const meta = JSON.parse(await readFile(metaPath, 'utf8')) as SoakFile
    if ((await stat(path)).size === meta.bytes) return meta
  } catch {
    // generate below
  }
  const temp = `${path}.partial`
  const written = await writeSoakFile(temp, { targetBytes, badEvery })
  await rename(temp, path)
  const meta: SoakFile = { ...written, path }
  await writeFile(metaPath, JSON.stringify(meta))
  return meta
}

/** The stream the campaign uploads to (default seed). */
export const SOAK_STREAM = 'Custom-AppEvents'
/** The table it lands in. */
export const SOAK_TABLE = 'AppEvents_CL'

/**
 * The mapping for soak files. `tag` goes into `Host` as a constant, so each run's rows can be
 * counted apart from any other run's in the same table; `seq` goes into `Bytes`.
 */
export function soakMapping(tag: string, outsideWindow: 'send' | 'fail' = 'send') {
  return {
    version: 1,
    stream: SOAK_STREAM,
    columns: {
      Time: { source: { kind: 'field', path: 'ts' }, type: 'datetime' },
      Host: { source: { kind: 'constant', value: tag }, type: 'string' },
      Level: { source: { kind: 'field', path: 'level' }, type: 'int' },
      Bytes: { source: { kind: 'field', path: 'seq' }, type: 'long', required: true },
      DurationMs: { source: { kind: 'field', path: 'ms' }, type: 'real' },
      Success: { source: { kind: 'field', path: 'ok' }, type: 'boolean' },
      Properties: { source: { kind: 'field', path: 'props' }, type: 'dynamic' },
      Message: { source: { kind: 'field', path: 'msg' }, type: 'string' },
    },
    timePolicy: { column: 'Time', outsideWindow },
  }
}

/** Writes the mapping as a file for `logdrop upload --mapping`. */
export async function writeSoakMapping(
  path: string,
  tag: string,
  outsideWindow: 'send' | 'fail' = 'send',
): Promise<string> {
  await writeFile(path, `${JSON.stringify(soakMapping(tag, outsideWindow), null, 2)}\n`)
  return path
}
