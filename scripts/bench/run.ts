import { spawn } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { benchOptions, linkLatencyMs, type BenchOptions } from './bench-options'
import {
  formatChecks,
  formatGroup,
  medianOf,
  TABLE_HEADER,
  targetChecks,
  type GroupResult,
} from './bench-report'
import { startEmulator, type Emulator } from './emulator-process'
import { ensureBenchFile, type BenchFile, type BenchShape } from './generate-data'
import { gzipRatio } from './gzip-ratio'
import { createLinkNamespace } from './link-namespace'
import {
  runGroup,
  type GroupContext,
  type GroupSpec,
  type Measurement,
  type Runner,
} from './run-group'

/**
 * `npm run bench`: LogDrop against the official @azure/monitor-ingestion client as its users
 * call it, on the same files and the same emulator (counting-only, a process of its own), each
 * run a process of its own, repeats interleaved, every run checked for exactly-once delivery.
 *
 *   npm run bench                    the full run (about 20 minutes on 2 cores)
 *   npm run bench -- --quick         20 MB files, one run each (a few minutes)
 *   npm run bench -- --size 1GB --formats ndjson --links none --dcr-limit none
 *
 * Cases: the seed's (records already in the stream's shape: NDJSON, JSON, CSV) on loopback and
 * at 50 ms; a mapping case (renames, a time format, a coercion); shaped links of 100, 50 and
 * 10 Mbit/s in network namespaces of the benchmark's own; a run of more than a minute at a
 * per-DCR limit. LogDrop runs as the CLI a user starts (start-up included) and in process.
 */

/** The repository: two folders up from scripts/bench, four from its compiled copy. */
const ROOT = resolve(
  __dirname,
  __dirname.includes(join('.bench-data', 'build')) ? '../../../..' : '../..',
)
const DATA_DIR = join(ROOT, '.bench-data')
/** Compiled JavaScript of the benchmark, the engine, the CLI and the emulator. */
const BUILD_DIR = join(DATA_DIR, 'build')

/**
 * Compiles with tsc, so the measured processes run the JavaScript that ships and carry no
 * TypeScript loader. Type errors elsewhere do not stop the emit; a missing output does.
 */
async function build(): Promise<void> {
  await rm(BUILD_DIR, { recursive: true, force: true })
  await new Promise<void>((resolveBuild) => {
    const tsc = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(__dirname, 'tsconfig.build.json')],
      { cwd: ROOT, stdio: 'ignore' },
    )
    tsc.on('exit', () => resolveBuild())
  })
  await readFile(join(BUILD_DIR, 'scripts/bench/run.js')).catch(() => {
    throw new Error(
      'tsc did not produce .bench-data/build; run npx tsc -p scripts/bench/tsconfig.build.json',
    )
  })
}

function runners(opts: BenchOptions, withInProcess: boolean): Runner[] {
  return [
    { kind: 'cli', concurrency: opts.concurrency },
    ...(withInProcess ? [{ kind: 'logdrop' as const, concurrency: opts.concurrency }] : []),
    ...opts.sdkConcurrency.map((concurrency) => ({ kind: 'sdk' as const, concurrency })),
  ]
}

/** The groups to run, with their files generated (cached in .bench-data/). */
async function plan(opts: BenchOptions): Promise<GroupSpec[]> {
  const file = (format: BenchFile['format'], shape: BenchShape, bytes: number) =>
    ensureBenchFile(DATA_DIR, format, shape, bytes)
  const groups: GroupSpec[] = []
  const wanted = (kind: GroupSpec['kind']) => opts.cases.includes(kind)
  for (const format of wanted('seed') ? opts.formats : []) {
    const seed = await file(format, 'stream', opts.sizeBytes)
    for (const latencyMs of opts.latencies) {
      groups.push({
        title: `seed ${format}`,
        kind: 'seed',
        file: seed,
        mapped: false,
        latencyMs,
        runners: runners(opts, true),
      })
    }
  }
  if (wanted('mapping')) {
    groups.push({
      title: 'mapping ndjson',
      kind: 'mapping',
      file: await file('ndjson', 'source', opts.sizeBytes),
      mapped: true,
      latencyMs: 50,
      runners: runners(opts, true),
    })
  }
  for (const mbit of wanted('link') ? opts.links : []) {
    // A slow link gets a smaller file, so each run stays a few seconds long.
    const bytes = mbit <= 10 ? opts.sizeBytes / 4 : opts.sizeBytes
    groups.push({
      title: 'seed ndjson',
      kind: 'link',
      file: await file('ndjson', 'stream', bytes),
      mapped: false,
      latencyMs: linkLatencyMs(mbit),
      linkMbit: mbit,
      runners: runners(opts, false),
    })
  }
  if (wanted('memory')) {
    // Memory stays flat whatever the size: the SDK, which holds every record, is left out.
    groups.push({
      title: 'seed ndjson',
      kind: 'memory',
      file: await file('ndjson', 'stream', opts.memorySizeBytes),
      mapped: false,
      latencyMs: 0,
      runners: [{ kind: 'cli', concurrency: opts.concurrency }],
    })
  }
  if (opts.dcrLimitBytesPerMinute !== undefined && wanted('dcr-limit')) {
    // 1.3 minutes' worth of budget: longer than the limiter's one-minute window.
    groups.push({
      title: 'seed ndjson',
      kind: 'dcr-limit',
      file: await file('ndjson', 'stream', opts.dcrLimitBytesPerMinute * 1.3),
      mapped: false,
      latencyMs: 0,
      limits: { bytesPerMinute: opts.dcrLimitBytesPerMinute },
      runners: [{ kind: 'cli', concurrency: opts.concurrency }],
    })
  }
  return groups
}

/** What the benchmark hands a run inside a link's namespace. */
interface InsideTask {
  readonly group: GroupSpec
  readonly repeat: number
  readonly gzipLevel?: BenchOptions['gzipLevel']
}

function context(
  emulator: Emulator,
  workDir: string,
  opts: { gzipLevel?: BenchOptions['gzipLevel'] },
): GroupContext {
  return {
    emulator,
    buildDir: BUILD_DIR,
    workDir,
    ...(opts.gzipLevel === undefined ? {} : { gzipLevel: opts.gzipLevel }),
  }
}

/**
 * Inside a link's namespace (`ip netns exec NAME node run.js --inside TASK`): an emulator of
 * its own on the namespace's shaped 127.0.0.1, the group's runs, their measurements on stdout.
 */
async function inside(taskPath: string): Promise<void> {
  const task = JSON.parse(await readFile(taskPath, 'utf8')) as InsideTask
  const workDir = join(DATA_DIR, `link-${task.group.linkMbit ?? 0}`)
  const emulator = await startEmulator(BUILD_DIR, join(workDir, 'emulator'))
  try {
    const runs = await runGroup(task.group, context(emulator, workDir, task), task.repeat)
    process.stdout.write(`${JSON.stringify(runs)}\n`)
  } finally {
    emulator.child.kill('SIGTERM')
  }
}

/** Runs a link group in a namespace of its own, removed afterwards (also on failure). */
async function runLinkGroup(group: GroupSpec, opts: BenchOptions): Promise<GroupResult> {
  const mbit = group.linkMbit ?? 0
  const ratio = await gzipRatio(group.file)
  const link = { gzipRatio: ratio, limitMBps: ((mbit * 1e6) / 8 / 1e6) * ratio }
  const made = createLinkNamespace(mbit)
  if ('skipped' in made) return { group, medians: [], link, skipped: made.skipped }
  try {
    const taskPath = join(DATA_DIR, `link-${mbit}.task.json`)
    const task: InsideTask = {
      group,
      repeat: opts.repeat,
      ...(opts.gzipLevel === undefined ? {} : { gzipLevel: opts.gzipLevel }),
    }
    await writeFile(taskPath, JSON.stringify(task))
    const out = await new Promise<string>((resolveRun, reject) => {
      const child = spawn(
        'ip',
        [
          'netns',
          'exec',
          made.name,
          process.execPath,
          join(BUILD_DIR, 'scripts/bench/run.js'),
          '--inside',
          taskPath,
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      )
      let text = ''
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
      child.on('exit', (code) =>
        code === 0
          ? resolveRun(text)
          : reject(new Error(`the ${mbit} Mbit/s link's runs failed (exit ${code})`)),
      )
    })
    const runs = JSON.parse(out.trim().split('\n').pop() ?? '[]') as Measurement[][]
    return { group, medians: runs.map((r) => medianOf(group, r)), link }
  } finally {
    made.remove()
  }
}

async function main(): Promise<void> {
  const insideAt = process.argv.indexOf('--inside')
  if (insideAt >= 0) return inside(process.argv[insideAt + 1] ?? '')
  const opts = benchOptions(process.argv.slice(2))
  console.log('Preparing data (cached in .bench-data/)…')
  const groups = await plan(opts)
  console.log('Compiling the engine, the CLI and the emulator…')
  await build()
  const emulator = await startEmulator(BUILD_DIR, join(DATA_DIR, 'emulator'))
  const started = new Date()
  console.log(
    `\n${started.toISOString()}, Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}); ${opts.repeat} run(s) per client, interleaved; median shown\n`,
  )
  console.log(TABLE_HEADER)
  const results: GroupResult[] = []
  try {
    for (const group of groups) {
      let result: GroupResult
      if (group.linkMbit !== undefined) {
        result = await runLinkGroup(group, opts)
      } else {
        const runs = await runGroup(
          group,
          context(emulator, DATA_DIR, opts),
          group.kind === 'dcr-limit' || group.kind === 'memory' ? 1 : opts.repeat,
        )
        result = { group, medians: runs.map((r) => medianOf(group, r)) }
      }
      results.push(result)
      for (const row of formatGroup(result)) console.log(row)
    }
  } finally {
    emulator.child.kill('SIGTERM')
    await rm(join(DATA_DIR, 'jobs'), { recursive: true, force: true })
  }
  const checks = targetChecks(results)
  console.log('\nTargets (ratios from this run):')
  for (const line of formatChecks(checks)) console.log(line)
  const minutes = (Date.now() - started.getTime()) / 60_000
  console.log(`\nTook ${minutes.toFixed(1)} minutes.`)
  const resultsDir = join(DATA_DIR, 'results')
  await mkdir(resultsDir, { recursive: true })
  const out = join(resultsDir, `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`)
  await writeFile(out, JSON.stringify({ options: opts, results, checks }, null, 2))
  console.log(`Results: ${out}`)
  if (results.some((r) => r.medians.some((m) => !m.exactlyOnce))) process.exitCode = 1
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
