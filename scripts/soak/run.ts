import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultSeed } from '../../emulator/seed/default-seed'
import { resetEmulator } from './emulator-client'
import {
  createEmulatorClock,
  inProcessEmulator,
  REPO_ROOT,
  spawnEmulator,
  type EmulatorHandle,
} from './emulator-handle'
import { describeReconciliation, type Reconciliation } from './reconcile'
import { renderReport, type SoakResults } from './report'
import {
  badInputFiles,
  badInputThroughApp,
  corpusMismatches,
  uploadBadFile,
} from './scenarios/bad-input'
import {
  runClockSkewUpload,
  runDiskFull,
  runEmulatorAwayAndBack,
  runEmulatorGone,
  runExpiredToken,
  runUnwritableFolder,
  type ClockSkewRun,
} from './scenarios/conditions'
import { runCrashScenario } from './scenarios/crash'
import { runFaultsScenario } from './scenarios/faults'
import { ensureSoakFile, writeSoakFile } from './soak-data'
import { campaignFaults } from './soak-job'

/**
 * `npm run soak`: the reliability campaign of issue 8 against the local emulator (its own
 * process), with the real CLI as the uploader. Writes the figures to docs/reliability.md.
 *
 *   npm run soak                          1 GB, every phase
 *   npm run soak -- --size 200MB          about ten minutes on two cores
 *   npm run soak -- --phases crash --kills 5
 */

const USAGE = `Usage: npm run soak -- [--size 1GB] [--phases faults,crash,conditions,bad-input]
                       [--kills 10] [--seed N] [--out docs/reliability.md] [--keep]

  --size     generated NDJSON for the fault and crash runs (default 1GB; cached in .bench-data/)
  --phases   which parts to run (default: all)
  --kills    SIGKILLs during the crash run (default 10)
  --seed     seeds the kill moments and the fault sequence (default 20240101)
  --out      where the figures go (default docs/reliability.md; "-" for none)
  --keep     keep the work folder (emulator data, journals) for inspection
  --from-results FILE
             write the figures of an earlier run (.bench-data/results/soak-*.json) again
`

const PHASES = ['faults', 'crash', 'conditions', 'bad-input'] as const
type Phase = (typeof PHASES)[number]

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(kb|mb|gb)?$/i.exec(text.trim())
  if (match === null) throw new Error(`--size: use a size like 200MB or 1GB, not ${text}`)
  const unit = (match[2] ?? 'mb').toLowerCase()
  return Math.round(Number(match[1]) * (unit === 'gb' ? 1e9 : unit === 'kb' ? 1e3 : 1e6))
}

function options() {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '1GB' },
      phases: { type: 'string', default: PHASES.join(',') },
      kills: { type: 'string', default: '10' },
      seed: { type: 'string', default: '20240101' },
      out: { type: 'string', default: 'docs/reliability.md' },
      keep: { type: 'boolean', default: false },
      'from-results': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const phases = values.phases.split(',').map((p) => p.trim()) as Phase[]
  for (const phase of phases) {
    if (!(PHASES as readonly string[]).includes(phase)) throw new Error(`unknown phase ${phase}`)
  }
  return {
    help: values.help === true,
    sizeText: values.size,
    sizeBytes: parseSize(values.size),
    phases: new Set(phases),
    kills: Number(values.kills),
    seed: Number(values.seed),
    out: values.out,
    keep: values.keep,
    fromResults: values['from-results'],
  }
}

const say = (line: string) => process.stdout.write(`${line}\n`)
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Checks one reconciliation; returns the problems found. */
function check(label: string, r: Reconciliation, maxDuplicates = 0): string[] {
  say(`  ${label}: ${describeReconciliation(r)}`)
  const problems: string[] = []
  if (!r.exact) problems.push(`${label}: not exact (lost ${r.lost}, in both ${r.inBoth})`)
  if (r.duplicates > maxDuplicates) {
    problems.push(`${label}: ${r.duplicates} duplicates, more than the ${maxDuplicates} allowed`)
  }
  return problems
}

async function main(): Promise<void> {
  const opts = options()
  if (opts.help) {
    process.stdout.write(USAGE)
    return
  }
  if (opts.fromResults !== undefined) {
    const saved = JSON.parse(await readFile(resolve(opts.fromResults), 'utf8')) as SoakResults
    await writeReport(opts.out, saved)
    return
  }
  const started = Date.now()
  const command = `npm run soak${opts.sizeText === '1GB' ? '' : ` -- --size ${opts.sizeText}`}`
  const problems: string[] = []
  const benchDir = join(REPO_ROOT, '.bench-data')
  const work = await mkdtemp(join(tmpdir(), 'logdrop-soak-'))
  say(`Work folder: ${work}`)
  // Bad lines every 50,000 records: a few dozen in a gigabyte, enough to check the store.
  say(`Preparing ${(opts.sizeBytes / 1e6).toFixed(0)} MB of NDJSON (cached in .bench-data/)…`)
  const file = await ensureSoakFile(benchDir, opts.sizeBytes, 50_000)
  say(`  ${file.records.toLocaleString('en-US')} records in ${file.path}`)
  const handle = await spawnEmulator({ dir: join(work, 'emulator') })
  say(`Emulator (own process) at ${handle.info.origin}`)
  const results: { -readonly [K in keyof SoakResults]?: SoakResults[K] } = {}
  try {
    if (opts.phases.has('faults')) {
      // The per-DCR limit lets through about 40 % of the data per minute, so it must throttle.
      const bytesPerMinute = Math.max(10_000_000, Math.round(file.bytes * 0.4))
      say(
        `\nFaults: every fault at once, per-DCR limit ${(bytesPerMinute / 1e6).toFixed(0)} MB/min`,
      )
      const faults = await runFaultsScenario({
        handle,
        file,
        workDir: join(work, 'faults'),
        tag: 'soak-faults',
        faults: campaignFaults({ bytesPerMinute }, opts.seed),
      })
      say(`  logdrop exited ${faults.exit.code} after ${seconds(faults.exit.ms)}`)
      say(
        `  faults injected: ${JSON.stringify(faults.counters.faults)}, throttled ${faults.counters.throttled}`,
      )
      problems.push(...check('faults', faults.reconciliation))
      results.faults = { ...faults, bytesPerMinute }
      await resetEmulator(handle)
    }

    if (opts.phases.has('crash')) {
      say(`\nCrash recovery: ${opts.kills} SIGKILLs during one job`)
      const crash = await runCrashScenario({
        handle,
        file,
        workDir: join(work, 'crash'),
        tag: 'soak-crash',
        kills: opts.kills,
        seed: opts.seed,
        killAfterMs: [500, 4000],
        // About 2 MB/s while the kills happen, so each run has requests in flight.
        slowdown: { latencyMs: 2000 },
        cliArgs: ['--concurrency', '4'],
        log: say,
      })
      say(`  last run exited ${crash.final.code} after ${seconds(crash.final.ms)}`)
      if (crash.kills.length < opts.kills) {
        problems.push(`crash: only ${crash.kills.length} of ${opts.kills} kills happened`)
      }
      problems.push(...check('crash', crash.reconciliation, crash.inFlightRecords))
      results.crash = crash
      await resetEmulator(handle)
    }

    if (opts.phases.has('conditions')) {
      results.conditions = await conditions(handle, work, problems)
      await resetEmulator(handle)
    }

    if (opts.phases.has('bad-input')) {
      say('\nBad input, through the CLI and the app')
      const dir = join(work, 'bad-input')
      await mkdir(dir, { recursive: true })
      const files = await badInputFiles(dir)
      const cli = []
      for (const path of files) {
        const outcome = await uploadBadFile(handle, path, dir)
        say(`  ${outcome.file}: exit ${outcome.exit.code}, ${outcome.state}, ${outcome.rows} rows`)
        problems.push(...corpusMismatches(outcome).map((p) => `bad input ${p}`))
        cli.push(outcome)
      }
      const app = await badInputThroughApp(files, join(dir, 'app-data'))
      for (const outcome of app) {
        const codes = [outcome.added.code, outcome.preview.code, outcome.dryRun.code]
        if (codes.includes('internal/bug')) problems.push(`app: ${outcome.file} hit internal/bug`)
      }
      results.badInput = { cli, app }
    }
  } finally {
    await handle.close()
    if (!opts.keep) await rm(work, { recursive: true, force: true })
  }

  const report: SoakResults = {
    command,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    machine: `Node ${process.version}, ${cpus().length} CPUs`,
    sizeBytes: opts.sizeBytes,
    file,
    ...results,
    problems,
  }
  const resultsDir = join(benchDir, 'results')
  await mkdir(resultsDir, { recursive: true })
  const json = join(resultsDir, `soak-${report.startedAt.replace(/[:.]/g, '-')}.json`)
  await writeFile(json, JSON.stringify(report, null, 2))
  say(`\nRaw results: ${json}`)
  await writeReport(opts.out, report)
  say(problems.length === 0 ? 'Every invariant held.' : `PROBLEMS:\n  ${problems.join('\n  ')}`)
  if (problems.length > 0) process.exitCode = 1
}

/** Writes docs/reliability.md (or `out`; "-" for nowhere). */
async function writeReport(outOption: string, report: SoakResults): Promise<void> {
  if (outOption === '-') return
  const out = resolve(REPO_ROOT, outOption)
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, renderReport(report))
  say(`Figures written to ${outOption}.`)
}

/** The conditions phase: a small file of its own, many small requests. */
async function conditions(
  handle: EmulatorHandle,
  work: string,
  problems: string[],
): Promise<NonNullable<SoakResults['conditions']>> {
  say('\nConditions')
  const dir = join(work, 'conditions')
  await mkdir(dir, { recursive: true })
  const file = await writeSoakFile(join(dir, 'input.ndjson'), { targetBytes: 4e6, badEvery: 2000 })
  const jobOptions = {
    maxRequestBytes: 32_768,
    concurrency: 4,
    baseBackoffMs: 200,
    maxBackoffMs: 2_000,
  }
  const base = { handle, file, jobOptions }

  const unwritable = await runUnwritableFolder({
    ...base,
    workDir: join(dir, 'ro'),
    tag: 'cond-ro',
  })
  say(
    `  unwritable folder: ${'skipped' in unwritable ? unwritable.skipped : `exit ${unwritable.exit.code}, ${unwritable.error?.code}`}`,
  )
  if (!('skipped' in unwritable) && (unwritable.exit.code !== 1 || unwritable.rows !== 0)) {
    problems.push('unwritable data folder: not refused before sending')
  }

  const diskFull = await runDiskFull({ ...base, workDir: join(dir, 'full'), tag: 'cond-full' })
  if ('skipped' in diskFull) say(`  disk full: skipped (${diskFull.skipped})`)
  else {
    say(
      `  disk full: stopped with ${diskFull.stoppedSummary.error?.code}, resumed exit ${diskFull.resumed.code}`,
    )
    problems.push(...check('disk full', diskFull.reconciliation, diskFull.inFlight.records))
  }

  const away = await runEmulatorAwayAndBack({
    ...base,
    workDir: join(dir, 'away'),
    tag: 'cond-away',
    downMs: 3_000,
  })
  problems.push(
    ...check('emulator away', away.reconciliation, away.summary.duplicatesPossible.records),
  )

  const gone = await runEmulatorGone({
    ...base,
    jobOptions: { ...jobOptions, maxAttempts: 3, baseBackoffMs: 100, maxBackoffMs: 300 },
    workDir: join(dir, 'gone'),
    tag: 'cond-gone',
  })
  say(`  emulator gone: stopped with ${gone.stoppedSummary.error?.code}`)
  problems.push(
    ...check('emulator gone', gone.reconciliation, gone.stoppedSummary.duplicatesPossible.records),
  )

  // Token expiry and server clock skew need an emulator whose clock can move: in this process.
  const clock = createEmulatorClock()
  const lifetimeSeconds = 600
  const seed = defaultSeed()
  const timed = await inProcessEmulator({
    dir: join(dir, 'timed-emulator'),
    seed: { ...seed, settings: { ...seed.settings, accessTokenLifetimeSeconds: lifetimeSeconds } },
    clock,
  })
  let expired
  const skew: ClockSkewRun[] = []
  try {
    expired = await runExpiredToken({
      ...base,
      handle: timed,
      workDir: join(dir, 'expired'),
      tag: 'cond-expired',
      clock,
      jumpMs: 20 * 60_000,
    })
    say(`  expired token: ${expired.refused401} × 401, exit ${expired.exit.code}`)
    if (expired.refused401 === 0) problems.push('expired token: no request met the expired token')
    problems.push(...check('expired token', expired.reconciliation))

    const day = 24 * 3600_000
    const past = await writeSoakFile(join(dir, 'past.ndjson'), {
      records: 3000,
      badEvery: 1000,
      timeOffsetMs: -3 * day,
    })
    const future = await writeSoakFile(join(dir, 'future.ndjson'), {
      records: 3000,
      badEvery: 1000,
      timeOffsetMs: 2 * day,
    })
    const now = await writeSoakFile(join(dir, 'now.ndjson'), { records: 3000, badEvery: 1000 })
    skew.push(
      await runClockSkewUpload({
        handle,
        file: past,
        workDir: join(dir, 'skew-past'),
        tag: 'skew-past',
        label: 'Records 3 days old (policy send)',
        kind: 'records-outside-send',
      }),
    )
    skew.push(
      await runClockSkewUpload({
        handle,
        file: future,
        workDir: join(dir, 'skew-future'),
        tag: 'skew-future',
        label: 'Records 2 days ahead (policy send)',
        kind: 'records-outside-send',
      }),
    )
    skew.push(
      await runClockSkewUpload({
        handle,
        file: past,
        workDir: join(dir, 'skew-fail'),
        tag: 'skew-fail',
        label: 'Records 3 days old (policy fail)',
        kind: 'records-outside-fail',
      }),
    )
    clock.offsetMs = 3 * day
    try {
      skew.push(
        await runClockSkewUpload({
          handle: timed,
          file: now,
          workDir: join(dir, 'skew-server'),
          tag: 'skew-server',
          label: 'Service clock 3 days ahead of this machine',
          kind: 'service-clock-ahead',
        }),
      )
    } finally {
      clock.offsetMs = 0
    }
    for (const run of skew) problems.push(...check(run.label, run.reconciliation))
  } finally {
    await timed.close()
  }
  return {
    file,
    unwritable,
    diskFull,
    away,
    gone,
    expired: { ...expired, lifetimeSeconds },
    skew,
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
