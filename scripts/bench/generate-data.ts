import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Source formats the benchmark generates. */
export type BenchFormat = 'ndjson' | 'json' | 'csv'

/**
 * `stream`: records already in the stream's shape (the seed's case: AppEvents' columns, sent as
 * they are). `source`: a log tool's own names, an epoch-ms time and a level as text, which a
 * mapping renames, converts and coerces (`benchmark-mapping.ts`).
 */
export type BenchShape = 'stream' | 'source'

/** A generated file and how many records it holds. */
export interface BenchFile {
  readonly format: BenchFormat
  readonly shape: BenchShape
  readonly path: string
  readonly bytes: number
  readonly records: number
}

const HOSTS = Array.from(
  { length: 40 },
  (_, i) => `web-${String(i).padStart(2, '0')}.contoso.example`,
)
const ROUTES = [
  '/api/orders',
  '/api/orders/{id}',
  '/api/users/{id}',
  '/health',
  '/api/search',
  '/login',
]
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']
const REGIONS = ['westeurope', 'northeurope', 'eastus', 'westus2']
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
  'curl/8.5.0',
  'okhttp/4.12.0',
  'python-requests/2.32',
]

/** A small deterministic PRNG (mulberry32), so cached data is the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** One web-server style log record, in the source shape (see BenchShape). */
export function benchRecord(i: number, random: () => number, baseMs: number) {
  const route = ROUTES[Math.floor(random() * ROUTES.length)] ?? '/'
  const status = random() < 0.93 ? 200 : random() < 0.5 ? 404 : 500
  const duration = Math.round(random() * 250_000) / 1000
  const id = Math.floor(random() * 1_000_000)
  const method = METHODS[Math.floor(random() * METHODS.length)] ?? 'GET'
  return {
    ts: baseMs + i * 7,
    host: HOSTS[Math.floor(random() * HOSTS.length)],
    level: String(status === 200 ? 1 : status === 404 ? 2 : 3),
    bytes: Math.floor(random() * 5_000_000),
    duration_ms: duration,
    success: status === 200,
    properties: {
      region: REGIONS[Math.floor(random() * REGIONS.length)],
      route,
      status,
      user: `u${Math.floor(random() * 50_000)}`,
      agent: AGENTS[Math.floor(random() * AGENTS.length)],
    },
    message: `${method} ${route.replace('{id}', String(id))} ${status} ${duration}ms trace=${Math.floor(random() * 2 ** 48).toString(16)}`,
  }
}

/** The same record in the stream's shape: what the seed's users upload as it is. */
export function streamRecord(source: ReturnType<typeof benchRecord>) {
  return {
    Time: new Date(source.ts).toISOString(),
    Host: source.host,
    Level: Number(source.level),
    Bytes: source.bytes,
    DurationMs: source.duration_ms,
    Success: source.success,
    Properties: source.properties,
    Message: source.message,
  }
}

type AnyRecord = Record<string, unknown>

function csvCell(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function line(format: BenchFormat, record: AnyRecord, first: boolean): string {
  if (format === 'ndjson') return `${JSON.stringify(record)}\n`
  if (format === 'json') return `${first ? '' : ',\n'}${JSON.stringify(record)}`
  return `${Object.values(record).map(csvCell).join(',')}\n`
}

/**
 * Returns `.bench-data/<format>-<MB>mb.<ext>`, generating it first when missing (written to a
 * temp name and renamed, so an interrupted run never leaves half a file in the cache).
 */
export async function ensureBenchFile(
  dir: string,
  format: BenchFormat,
  shape: BenchShape,
  targetBytes: number,
): Promise<BenchFile> {
  await mkdir(dir, { recursive: true })
  const name = `${shape}-${format}-${Math.round(targetBytes / 1e6)}mb`
  const path = join(dir, `${name}.${format}`)
  const metaPath = join(dir, `${name}.meta.json`)
  try {
    const meta = JSON.parse(await readFile(metaPath, 'utf8')) as BenchFile
    if ((await stat(path)).size === meta.bytes) return meta
  } catch {
    // generate below
  }
  const temp = `${path}.partial`
  const out = createWriteStream(temp)
  const random = prng(0x10cd)
  // Times span the last hours, inside the service's [-2 days, +1 day] window for a while.
  const baseMs = Date.now() - 6 * 3600_000
  let bytes = 0
  let records = 0
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text)
    if (!out.write(text)) await once(out, 'drain')
  }
  const make = (k: number): AnyRecord => {
    const source = benchRecord(k, random, baseMs)
    return shape === 'stream' ? streamRecord(source) : source
  }
  const sample = benchRecord(0, prng(1), baseMs)
  const header = Object.keys(shape === 'stream' ? streamRecord(sample) : sample)
  if (format === 'csv') await write(`${header.join(',')}\n`)
  if (format === 'json') await write('[\n')
  while (bytes < targetBytes) {
    let batch = ''
    for (let k = 0; k < 500; k++) batch += line(format, make(records + k), records + k === 0)
    records += 500
    await write(batch)
  }
  if (format === 'json') await write('\n]\n')
  out.end()
  await once(out, 'finish')
  await rename(temp, path)
  const meta: BenchFile = { format, shape, path, bytes, records }
  await writeFile(metaPath, JSON.stringify(meta))
  return meta
}
