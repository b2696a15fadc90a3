import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Source formats the benchmark generates. */
export type BenchFormat = 'ndjson' | 'json' | 'csv'

/** A generated file and how many records it holds. */
export interface BenchFile {
  readonly format: BenchFormat
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

/** One web-server style log record with the fields the benchmark mapping reads. */
export function benchRecord(i: number, random: () => number, baseMs: number) {
  const route = ROUTES[Math.floor(random() * ROUTES.length)] ?? '/'
  const status = random() < 0.93 ? 200 : random() < 0.5 ? 404 : 500
  const duration = Math.round(random() * 250_000) / 1000
  const id = Math.floor(random() * 1_000_000)
  const method = METHODS[Math.floor(random() * METHODS.length)] ?? 'GET'
  return {
    timestamp: new Date(baseMs + i * 7).toISOString(),
    host: HOSTS[Math.floor(random() * HOSTS.length)],
    level: status === 200 ? 1 : status === 404 ? 2 : 3,
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

const CSV_HEADER = 'timestamp,host,level,bytes,duration_ms,success,properties,message'

function csvCell(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function line(format: BenchFormat, record: ReturnType<typeof benchRecord>, first: boolean): string {
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
  targetBytes: number,
): Promise<BenchFile> {
  await mkdir(dir, { recursive: true })
  const name = `${format}-${Math.round(targetBytes / 1e6)}mb`
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
  if (format === 'csv') await write(`${CSV_HEADER}\n`)
  if (format === 'json') await write('[\n')
  while (bytes < targetBytes) {
    let batch = ''
    for (let k = 0; k < 500; k++)
      batch += line(format, benchRecord(records + k, random, baseMs), records + k === 0)
    records += 500
    await write(batch)
  }
  if (format === 'json') await write('\n]\n')
  out.end()
  await once(out, 'finish')
  await rename(temp, path)
  const meta: BenchFile = { format, path, bytes, records }
  await writeFile(metaPath, JSON.stringify(meta))
  return meta
}

/** The mapping the benchmark uses (source fields → the emulator's AppEvents stream). */
export const BENCH_MAPPING = {
  version: 1,
  stream: 'Custom-AppEvents',
  columns: {
    Time: { source: { kind: 'field', path: 'timestamp' }, type: 'datetime' },
    Host: { source: { kind: 'field', path: 'host' }, type: 'string' },
    Level: { source: { kind: 'field', path: 'level' }, type: 'int' },
    Bytes: { source: { kind: 'field', path: 'bytes' }, type: 'long' },
    DurationMs: { source: { kind: 'field', path: 'duration_ms' }, type: 'real' },
    Success: { source: { kind: 'field', path: 'success' }, type: 'boolean' },
    Properties: { source: { kind: 'field', path: 'properties' }, type: 'dynamic' },
    Message: { source: { kind: 'field', path: 'message' }, type: 'string' },
  },
  timePolicy: { column: 'Time' },
} as const
