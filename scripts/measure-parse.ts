/**
 * Throughput of the upload engine's input side on this machine: parse → map → serialize →
 * chunk (no gzip, no network), for NDJSON, a JSON array and CSV of about 100 MB each, plus the
 * stream-json library on the same JSON array for comparison.
 *
 *   npx tsx scripts/measure-parse.ts [sizeMB=100] [--keep]
 *
 * Prints MB/s of input (wall clock) and MB per CPU-second (this process's own CPU time, which
 * other work on the machine disturbs much less), and records/s. Wall figures vary with load on
 * the machine: run it when nothing else is busy, and look at the best of the repetitions.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { compileMapping } from '../shared/mapping/compile-mapping'
import { parseMapping, type StreamColumn } from '../shared/mapping/mapping-schema'
import { Chunker } from '../electron/engine/common/chunk/chunker'
import { serializeRecord } from '../electron/engine/common/chunk/serialize-record'
import { openFile } from '../electron/engine/common/parse/parse-input'

const sizeMb = Number(process.argv[2] ?? 100) || 100
const keep = process.argv.includes('--keep')
const REPEATS = 2

const STREAM: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Level', type: 'string' },
  { name: 'Computer', type: 'string' },
  { name: 'Message', type: 'string' },
  { name: 'StatusCode', type: 'int' },
  { name: 'DurationMs', type: 'real' },
  { name: 'Properties', type: 'dynamic' },
]

const parsedMapping = parseMapping({
  version: 1,
  stream: 'Custom-Bench',
  columns: {
    TimeGenerated: { source: { kind: 'field', path: 'timestamp' }, type: 'datetime' },
    Level: { source: { kind: 'field', path: 'level' }, type: 'string' },
    Computer: { source: { kind: 'field', path: 'host' }, type: 'string' },
    Message: { source: { kind: 'field', path: 'message' }, type: 'string' },
    StatusCode: { source: { kind: 'field', path: 'status' }, type: 'int' },
    DurationMs: { source: { kind: 'field', path: 'durationMs' }, type: 'real' },
    Properties: { source: { kind: 'field', path: 'props' }, type: 'dynamic' },
  },
})
if (!parsedMapping.ok) throw new Error(JSON.stringify(parsedMapping.issues))
const compiled = compileMapping(parsedMapping.mapping, STREAM)
if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues))
const map = compiled.compiled.map

const LEVELS = ['Information', 'Warning', 'Error', 'Verbose']
const BASE_TIME = Date.now() - 3600_000

/** A realistic log record (~300 bytes of JSON). */
function makeRecord(i: number) {
  return {
    timestamp: new Date(BASE_TIME + i * 10).toISOString(),
    level: LEVELS[i % 4] as string,
    host: `web-${i % 23}.contoso.internal`,
    message: `GET /api/v1/orders/${i} completed in ${i % 997} ms for tenant ${(i * 7919) % 100000} (café ✓)`,
    status: i % 11 === 0 ? 500 : 200,
    durationMs: (i % 997) + 0.25,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
    props: {
      requestId: `req-${i}`,
      region: 'westeurope',
      retries: i % 3,
      tags: ['api', `shard-${i % 8}`],
    },
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

async function generate(dir: string): Promise<{ ndjson: string; json: string; csv: string }> {
  const target = sizeMb * 1_000_000
  const paths = {
    ndjson: join(dir, 'bench.ndjson'),
    json: join(dir, 'bench.json'),
    csv: join(dir, 'bench.csv'),
  }
  const out = {
    ndjson: createWriteStream(paths.ndjson),
    json: createWriteStream(paths.json),
    csv: createWriteStream(paths.csv),
  }
  out.json.write('[\n')
  out.csv.write('timestamp,level,host,message,status,durationMs,userAgent,props\n')
  let written = 0
  for (let i = 0; written < target; i++) {
    const record = makeRecord(i)
    const line = JSON.stringify(record)
    written += line.length + 1
    const pending = [
      out.ndjson.write(`${line}\n`) ? undefined : out.ndjson,
      out.json.write(`${i === 0 ? '' : ',\n'}${line}`) ? undefined : out.json,
      out.csv.write(
        `${[record.timestamp, record.level, record.host, record.message, String(record.status), String(record.durationMs), record.userAgent, JSON.stringify(record.props)].map(csvField).join(',')}\n`,
      )
        ? undefined
        : out.csv,
    ].filter((stream) => stream !== undefined)
    if (pending.length > 0) await Promise.all(pending.map((stream) => once(stream, 'drain')))
  }
  out.json.write('\n]\n')
  await Promise.all(Object.values(out).map((stream) => new Promise((done) => stream.end(done))))
  return paths
}

type Stage = 'parse' | 'parse+map' | 'parse+map+serialize+chunk'

async function measure(path: string, stage: Stage) {
  const started = performance.now()
  const cpuStart = process.cpuUsage()
  const opened = await openFile(path)
  const chunker = new Chunker<number>()
  const now = Date.now()
  let records = 0
  let failures = 0
  let chunks = 0
  for await (const batch of opened.batches) {
    for (const event of batch) {
      if (event.kind !== 'record') {
        if (event.kind === 'error') failures++
        continue
      }
      records++
      if (stage === 'parse') continue
      const mapped = map(event.record, now)
      if (!mapped.ok) {
        failures++
        continue
      }
      if (stage === 'parse+map') continue
      const serialized = serializeRecord(mapped.record)
      if (!serialized.ok) {
        failures++
        continue
      }
      if (chunker.add(serialized.bytes, event.source.line) !== undefined) chunks++
    }
  }
  if (chunker.flush() !== undefined) chunks++
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuStart)
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, records, failures, chunks }
}

async function measureStreamJson(path: string) {
  const cpuStart = process.cpuUsage()
  const { default: streamArray } = (await import('stream-json/streamers/stream-array.js')) as {
    default: { withParserAsStream: () => NodeJS.ReadWriteStream }
  }
  const started = performance.now()
  let records = 0
  const pipeline = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(
    streamArray.withParserAsStream(),
  )
  for await (const item of pipeline as AsyncIterable<unknown>) {
    if (item !== undefined) records++
  }
  const cpu = process.cpuUsage(cpuStart)
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    records,
  }
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'logdrop-measure-'))
  try {
    console.log(`Generating about ${sizeMb} MB per format in ${dir} …`)
    const paths = await generate(dir)
    const rows: string[][] = [
      ['format', 'stage', 'MB', 's (best)', 'MB/s', 'MB/CPU-s', 'records/s', 'failed'],
    ]
    let peakRss = process.memoryUsage().rss
    for (const [format, path] of Object.entries(paths)) {
      const mb = (await stat(path)).size / 1_000_000
      for (const stage of ['parse', 'parse+map', 'parse+map+serialize+chunk'] as const) {
        let best: Awaited<ReturnType<typeof measure>> | undefined
        for (let r = 0; r < REPEATS; r++) {
          const result = await measure(path, stage)
          peakRss = Math.max(peakRss, process.memoryUsage().rss)
          if (best === undefined || result.seconds < best.seconds) best = result
        }
        if (best === undefined) continue
        rows.push([
          format,
          stage,
          mb.toFixed(0),
          best.seconds.toFixed(2),
          (mb / best.seconds).toFixed(1),
          (mb / best.cpuSeconds).toFixed(1),
          Math.round(best.records / best.seconds).toString(),
          best.failures.toString(),
        ])
      }
    }
    const jsonMb = (await stat(paths.json)).size / 1_000_000
    const sj = await measureStreamJson(paths.json)
    rows.push([
      'json',
      'stream-json parse only',
      jsonMb.toFixed(0),
      sj.seconds.toFixed(2),
      (jsonMb / sj.seconds).toFixed(1),
      (jsonMb / sj.cpuSeconds).toFixed(1),
      Math.round(sj.records / sj.seconds).toString(),
      '-',
    ])
    const widths =
      rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? []
    for (const row of rows)
      console.log(row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  '))
    console.log(
      `peak RSS ${(peakRss / 1_048_576).toFixed(0)} MB; Node ${process.version}; load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    )
  } finally {
    if (keep) console.log(`kept ${dir}`)
    else await rm(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
