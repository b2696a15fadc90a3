import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { GzipLevelChoice, JobSummary } from '../../shared/models/upload-job'
import type { CaseInput, CaseResult } from './bench-case'
import type { CaseKind } from './bench-options'
import { BENCH_MAPPING } from './benchmark-mapping'
import {
  resetEmulator,
  streamCounters,
  type Emulator,
  type EmulatorFaults,
} from './emulator-process'
import type { BenchFile } from './generate-data'
import { measureProcess } from './process-meter'

/** Who uploads: LogDrop's CLI process, LogDrop's engine in a process of ours, or the SDK. */
export type RunnerKind = 'cli' | 'logdrop' | 'sdk'

export interface Runner {
  readonly kind: RunnerKind
  readonly concurrency: number
}

/** One measured file upload under one network condition, with several runners. */
export interface GroupSpec {
  readonly title: string
  readonly kind: CaseKind
  readonly file: BenchFile
  readonly mapped: boolean
  readonly latencyMs: number
  /** Shaped link (Mbit/s), when the group runs in a namespace of its own. */
  readonly linkMbit?: number
  readonly limits?: EmulatorFaults['limits']
  readonly runners: readonly Runner[]
}

/** One run of one runner, measured from outside (process) and, where it can, from inside. */
export interface Measurement {
  readonly runner: string
  readonly kind: RunnerKind
  readonly processSeconds: number
  readonly inProcessSeconds?: number
  readonly cpuSeconds?: number
  readonly peakRssBytes?: number
  readonly loopDelayP99Ms?: number
  readonly gzipLevels?: readonly number[]
  readonly wireBytes?: number
  readonly requests?: number
  readonly retries?: number
  /** Requests the emulator answered with 429. */
  readonly throttled: number
  readonly exactlyOnce: boolean
}

/** What every run of a group needs to know. */
export interface GroupContext {
  readonly emulator: Emulator
  readonly buildDir: string
  readonly workDir: string
  readonly gzipLevel?: GzipLevelChoice
}

const STREAM = 'Custom-AppEvents'

export function runnerLabel(runner: Runner): string {
  if (runner.kind === 'cli') return 'LogDrop CLI'
  if (runner.kind === 'logdrop') return 'LogDrop in process'
  return `SDK (${runner.concurrency})`
}

function target(ctx: GroupContext) {
  const rule = ctx.emulator.info.dcrs.find((d) => d.streams.includes(STREAM))
  if (rule === undefined) throw new Error('the emulator has no AppEvents DCR')
  return rule
}

/** The CLI as a user starts it: `node logdrop.js upload FILE --emulator-dir … --json`. */
async function runCli(group: GroupSpec, runner: Runner, ctx: GroupContext, dataDir: string) {
  const rule = target(ctx)
  const args = [
    join(ctx.buildDir, 'electron/cli/logdrop.js'),
    'upload',
    group.file.path,
    '--emulator-dir',
    ctx.emulator.dataDir,
    '--endpoint',
    rule.ingestionEndpoint,
    '--dcr',
    rule.immutableId,
    '--stream',
    STREAM,
    '--concurrency',
    String(runner.concurrency),
    '--data-dir',
    dataDir,
    '--json',
  ]
  if (ctx.gzipLevel !== undefined) args.push('--gzip-level', String(ctx.gzipLevel))
  if (group.mapped) {
    const mappingPath = join(ctx.workDir, 'bench-mapping.json')
    await writeFile(mappingPath, JSON.stringify(BENCH_MAPPING))
    args.push('--mapping', mappingPath)
  }
  const run = await measureProcess(process.execPath, args)
  if (run.exitCode !== 0 && run.exitCode !== 2)
    throw new Error(`the CLI failed (exit ${run.exitCode})`)
  const summary = JSON.parse(run.stdout) as JobSummary
  return { run, summary, records: summary.records.accepted }
}

/** bench-case.js in a process of its own: LogDrop's engine in process, or the SDK. */
async function runCase(group: GroupSpec, runner: Runner, ctx: GroupContext, dataDir: string) {
  const rule = target(ctx)
  const input: CaseInput = {
    tool: runner.kind === 'sdk' ? 'sdk' : 'logdrop',
    file: group.file,
    mapped: group.mapped,
    concurrency: runner.concurrency,
    ...(ctx.gzipLevel === undefined ? {} : { gzipLevel: ctx.gzipLevel }),
    dataDir,
    emulator: {
      origin: ctx.emulator.info.origin,
      caCert: ctx.emulator.info.caCert,
      tenantId: ctx.emulator.info.tenantId,
      clientId: ctx.emulator.info.servicePrincipal.clientId,
      clientSecret: ctx.emulator.info.servicePrincipal.clientSecret,
      immutableId: rule.immutableId,
      endpoint: rule.ingestionEndpoint,
      stream: STREAM,
    },
  }
  const run = await measureProcess(process.execPath, [
    join(ctx.buildDir, 'scripts/bench/bench-case.js'),
    JSON.stringify(input),
  ])
  if (run.exitCode !== 0) {
    throw new Error(`${runnerLabel(runner)} failed (exit ${run.exitCode}):\n${run.stderr}`)
  }
  const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as CaseResult
  return { run, summary: result.summary, records: result.records, result }
}

/** Runs one runner once against a freshly reset emulator and checks exactly-once delivery. */
export async function measureRun(
  group: GroupSpec,
  runner: Runner,
  ctx: GroupContext,
): Promise<Measurement> {
  const rule = target(ctx)
  const dataDir = join(ctx.workDir, 'jobs')
  await rm(dataDir, { recursive: true, force: true })
  await resetEmulator(ctx.emulator, {
    ...(group.latencyMs > 0 ? { latencyMs: group.latencyMs } : {}),
    ...(group.limits === undefined ? {} : { limits: group.limits }),
  })
  const done =
    runner.kind === 'cli'
      ? await runCli(group, runner, ctx, dataDir)
      : await runCase(group, runner, ctx, dataDir)
  const counted = await streamCounters(ctx.emulator, rule.immutableId, STREAM)
  const summary = done.summary
  const inProcess = 'result' in done ? done.result : undefined
  return {
    runner: runnerLabel(runner),
    kind: runner.kind,
    processSeconds: done.run.seconds,
    ...(inProcess === undefined ? {} : { inProcessSeconds: inProcess.seconds }),
    ...(done.run.cpuSeconds === undefined ? {} : { cpuSeconds: done.run.cpuSeconds }),
    ...(done.run.peakRssBytes === undefined ? {} : { peakRssBytes: done.run.peakRssBytes }),
    ...(inProcess?.loopDelayP99Ms === undefined
      ? {}
      : { loopDelayP99Ms: inProcess.loopDelayP99Ms }),
    ...(summary === undefined
      ? {}
      : {
          gzipLevels: summary.gzipLevels,
          wireBytes: summary.bytes.wire,
          requests: summary.requests.sent,
          retries: summary.requests.retries,
        }),
    throttled: counted.throttled,
    exactlyOnce: counted.records === group.file.records && done.records === group.file.records,
  }
}

/** Every runner of a group `repeat` times, interleaved (A B C, A B C, …), so drift hits all. */
export async function runGroup(
  group: GroupSpec,
  ctx: GroupContext,
  repeat: number,
): Promise<Measurement[][]> {
  const runs: Measurement[][] = group.runners.map(() => [])
  for (let round = 0; round < repeat; round++) {
    for (const [index, runner] of group.runners.entries()) {
      runs[index]?.push(await measureRun(group, runner, ctx))
    }
  }
  return runs
}
