/**
 * CSV parsing speed on this machine: LogDrop's tokenizer and reader against csv-parse set up as
 * the reader used it before (the measured bottleneck of CSV uploads), on the same text.
 *
 *   npx tsx scripts/measure-csv.ts [path=.bench-data/csv-50mb.csv]
 *
 * Every contender reads the file in 1 MiB reads as uploads do (after the first round it comes
 * from the page cache, so the figures are mostly parsing). The benchmark's 50 MB log CSV is
 * generated when missing. Prints MB/s (wall clock) and CPU seconds of this process for each
 * contender, best of the repetitions, each contender in a process of its own. Run it when the
 * machine is otherwise idle.
 */
import { execFile } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { Parser } from 'csv-parse'
import { CsvTokenizer } from '../electron/engine/common/parse/csv-tokenizer'
import { readCsv } from '../electron/engine/common/parse/csv-reader'
import { completeUtf8End } from '../electron/engine/common/parse/utf8'
import { ensureBenchFile } from './bench/generate-data'

const REPEATS = 3
const execFileAsync = promisify(execFile)
const READ_BYTES = 1024 * 1024

/** The file in reads of `size` bytes. */
type Source = (size?: number) => AsyncIterable<Buffer>

interface Run {
  readonly seconds: number
  readonly cpuSeconds: number
  readonly rows: number
}

async function timed(work: () => Promise<number>): Promise<Run> {
  const cpuStart = process.cpuUsage()
  const started = performance.now()
  const rows = await work()
  const cpu = process.cpuUsage(cpuStart)
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rows,
  }
}

/** csv-parse with the options of LogDrop's former reader, one read at a time (write, drain). */
function csvParseParser(): Parser {
  return new Parser({
    delimiter: ',',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    max_record_size: 16 * 1024 * 1024,
  })
}

async function csvParse(source: Source): Promise<number> {
  const parser = csvParseParser()
  let rows = 0
  for await (const read of source()) {
    parser.write(read)
    while (parser.read() !== null) rows++
  }
  parser.end()
  for await (const row of parser) if (row !== null) rows++
  return rows
}

/**
 * The former reader's work with csv-parse: rows turned into records and events, one batch per
 * read (its line bookkeeping left out, so this flatters it a little).
 */
async function csvParseRecords(source: Source): Promise<number> {
  const parser = csvParseParser()
  let headers: string[] | undefined
  let records = 0
  const take = (row: string[], batch: unknown[]) => {
    if (headers === undefined) {
      headers = row
      return
    }
    const record: Record<string, unknown> = {}
    for (let i = 0; i < headers.length; i++) record[headers[i] as string] = row[i]
    batch.push({ kind: 'record', record, source: { line: records + 2 } })
    records++
  }
  for await (const read of source()) {
    const batch: unknown[] = []
    parser.write(read)
    let row: string[] | null
    while ((row = parser.read() as string[] | null) !== null) take(row, batch)
  }
  parser.end()
  for await (const row of parser) take(row as string[], [])
  return records
}

/** The tokenizer alone: decode each read, split it into rows of fields. */
async function tokenizer(source: Source): Promise<number> {
  const tokens = new CsvTokenizer({ delimiter: ',' })
  let rows = 0
  const sink = () => {
    rows++
    return true
  }
  // As the reader does: the unread rest goes back to UTF-8 and is decoded with the next read.
  let rest = Buffer.alloc(0)
  for await (const read of source()) {
    const bytes = rest.length === 0 ? read : Buffer.concat([rest, read])
    const end = completeUtf8End(bytes)
    const text = bytes.toString('utf8', 0, end)
    const done = tokens.parse(text, false, sink)
    rest = Buffer.concat([Buffer.from(text.slice(done), 'utf8'), bytes.subarray(end)])
  }
  tokens.parse(rest.toString('utf8'), true, sink)
  return rows
}

/** The whole reader: records with their lines, one batch of events per read (header not counted). */
async function reader(source: Source, size = READ_BYTES): Promise<number> {
  const ctx = { file: 'bench.csv', maxRecordBytes: 16 * 1024 * 1024, reportOffsets: true }
  let rows = 0
  for await (const batch of readCsv(source(size), ctx, { delimiter: ',', skipFirstLine: false })) {
    for (const event of batch) if (event.kind === 'record') rows++
  }
  return rows
}

const CONTENDERS: Array<[string, (source: Source) => Promise<number>]> = [
  ['csv-parse (rows only)', csvParse],
  ['csv-parse + records (former reader)', csvParseRecords],
  ['LogDrop tokenizer (rows only)', tokenizer],
  ['LogDrop readCsv (records + events)', reader],
  // 64 KiB reads, as the parallel prepare path slices its blocks: smaller batches keep
  // young-generation garbage collection cheap.
  ['LogDrop readCsv, 64 KiB reads', (source) => reader(source, 64 * 1024)],
]

/** Child mode: the best of REPEATS runs of one contender, as JSON on stdout. */
async function runOne(path: string, index: number): Promise<void> {
  const run = CONTENDERS[index]?.[1]
  if (run === undefined) throw new Error(`no contender ${index}`)
  const source: Source = (size = READ_BYTES) => createReadStream(path, { highWaterMark: size })
  let best: Run | undefined
  for (let r = 0; r < REPEATS; r++) {
    const result = await timed(() => run(source))
    if (best === undefined || result.cpuSeconds < best.cpuSeconds) best = result
  }
  process.stdout.write(JSON.stringify(best))
}

async function main(): Promise<void> {
  const only = process.argv.indexOf('--only')
  if (only !== -1) return runOne(process.argv[2] as string, Number(process.argv[only + 1]))
  const path =
    process.argv[2] ??
    (await ensureBenchFile(resolve(__dirname, '..', '.bench-data'), 'csv', 'source', 50_000_000))
      .path
  const mb = (await stat(path)).size / 1_000_000
  console.log(`${join(path)}: ${mb.toFixed(1)} MB; Node ${process.version}`)
  const rows: string[][] = [['parser', 'rows', 's (best)', 'MB/s', 'CPU-s (best)', 'MB/CPU-s']]
  const best = new Map<string, Run>()
  for (const [index, [name]] of CONTENDERS.entries()) {
    // Each in a process of its own: what one leaves in the heap changes the next one's GC.
    const args = [...process.execArgv, __filename, path, '--only', String(index)]
    const { stdout } = await execFileAsync(process.execPath, args, { maxBuffer: 1 << 20 })
    const run = JSON.parse(stdout) as Run
    best.set(name, run)
    rows.push([
      name,
      String(run.rows),
      run.seconds.toFixed(2),
      (mb / run.seconds).toFixed(1),
      run.cpuSeconds.toFixed(2),
      (mb / run.cpuSeconds).toFixed(1),
    ])
  }
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => row[col]?.length ?? 0)))
  for (const row of rows)
    console.log(row.map((cell, i) => cell.padEnd(widths?.[i] ?? 0)).join('  '))
  const cpu = (name: string) => best.get(name)?.cpuSeconds ?? Number.NaN
  const parse = cpu('csv-parse (rows only)')
  const former = cpu('csv-parse + records (former reader)')
  for (const [name] of CONTENDERS.slice(2)) {
    const ratios = `${(parse / cpu(name)).toFixed(1)}× csv-parse, ${(former / cpu(name)).toFixed(1)}× the former reader`
    console.log(`${name}: ${ratios} (CPU)`)
  }
  console.log(
    `load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
