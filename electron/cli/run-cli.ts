import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { once } from 'node:events'
import { resolve } from 'node:path'
import type { Writable } from 'node:stream'
import { AppError, isAppError, toErrorData } from '../../shared/errors/app-error'
import type { StreamColumn } from '../../shared/mapping/mapping-schema'
import type { JobDefinition, JobSummary, UploadTarget } from '../../shared/models/upload-job'
import { exportFailedRecords } from '../engine/main/failed-export'
import { createRetryJob } from '../engine/main/failed-retry'
import { groupFailedRecords } from '../engine/common/journal/failed-store'
import { dryRunJob } from '../engine/main/dry-run'
import {
  createJob,
  listJobs,
  resumeJob,
  runJob,
  type JobHandle,
  type NewJob,
} from '../engine/main/job-runner'
import { logdropVersion } from '../engine/main/user-agent'
import { jobPaths, loadJobDefinition } from '../engine/common/journal/job-store'
import { openJobSource } from '../engine/common/source/open-source'
import { createLogger, type Logger } from '../platform/logger'
import { defaultUserDataDir } from '../platform/user-data-dir'
import { emulatorDataDir } from '../core/emulator-client/ready-info'
import { parseCli, USAGE, type CliCommand, type CliEnv, type ConnectionArgs } from './cli-args'
import { azureConnection, emulatorConnection, emulatorFor, type Connection } from './credentials'
import { mappingByName } from './name-mapping'
import { progressLine } from './progress-line'
import { streamColumnsFromArm } from './stream-schema'
import { dryRunText, nextSteps, summaryText } from './summary-text'

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean }
  readonly stderr: Writable & { isTTY?: boolean; columns?: number }
  readonly env: CliEnv & { readonly [name: string]: string | undefined }
  /** Called with a function that stops the job while it runs (Ctrl-C); returns an unsubscribe. */
  readonly onInterrupt?: (cancel: () => void) => () => void
}

/** Exit codes (also in the help text). */
export const EXIT = { ok: 0, error: 1, failures: 2, cancelled: 130 } as const

/** Runs one command line; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: CliCommand
  try {
    command = parseCli(argv, io.env)
  } catch (error) {
    return reportError(io, error, false)
  }
  const json = 'json' in command && command.json
  try {
    switch (command.command) {
      case 'help':
        io.stdout.write(USAGE)
        return EXIT.ok
      case 'version':
        io.stdout.write(`${logdropVersion()}\n`)
        return EXIT.ok
      case 'upload':
        return await upload(command, io)
      case 'resume':
        return await resume(command, io)
      case 'jobs':
        return await jobs(command, io)
      case 'failed-list':
        return await failedList(command, io)
      case 'failed-export':
        return await failedExport(command, io)
      case 'failed-retry':
        return await failedRetry(command, io)
    }
  } catch (error) {
    return reportError(io, error, json)
  }
}

function reportError(io: CliIo, error: unknown, json: boolean): number {
  const data = toErrorData(error)
  if (json) io.stdout.write(`${JSON.stringify({ error: data })}\n`)
  const detail =
    data.detail !== undefined && data.detail !== data.message ? `\n  (${data.detail})` : ''
  io.stderr.write(`logdrop: ${data.message}${detail}\n`)
  return EXIT.error
}

function dataDirOf(command: { dataDir?: string }, io: CliIo): string {
  return resolve(command.dataDir ?? defaultUserDataDir(io.env))
}

function cliLogger(command: { verbose: boolean }, dataDir: string): Logger {
  return createLogger({ dir: resolve(dataDir, 'logs'), echo: command.verbose })
}

async function connect(args: ConnectionArgs, endpoint?: string): Promise<Connection> {
  if (args.emulator) return emulatorConnection(args.emulatorDir ?? emulatorDataDir(), args.audience)
  if (endpoint !== undefined) {
    const emulator = await emulatorFor(endpoint).catch(() => undefined)
    if (emulator !== undefined) return emulator
  }
  return azureConnection(args.audience)
}

/** Reads up to `limit` records of a file, for name matching. */
export async function sampleRecords(path: string, limit = 200): Promise<Record<string, unknown>[]> {
  const samples: Record<string, unknown>[] = []
  const controller = new AbortController()
  const source = openJobSource({ path }, controller.signal)
  try {
    for await (const batch of source.items) {
      for (const item of batch) if (item.kind === 'record') samples.push(item.record)
      if (samples.length >= limit) break
    }
  } finally {
    controller.abort()
  }
  return samples.slice(0, limit)
}

/** The fields the samples hold, in order of first appearance. */
export function fieldsOf(samples: readonly Record<string, unknown>[]): string[] {
  const fields = new Set<string>()
  for (const sample of samples) for (const key of Object.keys(sample)) fields.add(key)
  return [...fields]
}

async function resolveTarget(
  command: Extract<CliCommand, { command: 'upload' }>,
  connection: Connection,
): Promise<{ target: UploadTarget; dcrResourceId?: string }> {
  let { endpoint, dcr, stream } = command
  let dcrResourceId = command.dcrResourceId
  const emulator = connection.emulator
  if (emulator !== undefined) {
    const wanted = stream
    const rule =
      emulator.dcrs.find((d) => d.immutableId === dcr) ??
      (dcr === undefined && wanted !== undefined
        ? emulator.dcrs.find((d) => d.streams.includes(wanted))
        : undefined)
    if (rule !== undefined) {
      dcr ??= rule.immutableId
      endpoint ??= rule.ingestionEndpoint
      dcrResourceId ??= rule.id
      if (stream === undefined && rule.streams.length === 1) stream = rule.streams[0]
    }
  }
  if (endpoint === undefined || dcr === undefined || stream === undefined) {
    const missing = [
      endpoint === undefined && emulator === undefined ? '--endpoint' : undefined,
      dcr === undefined ? '--dcr' : undefined,
      stream === undefined ? '--stream' : undefined,
    ].filter((name) => name !== undefined)
    const message =
      emulator === undefined
        ? `upload needs ${missing.join(', ')}.`
        : `upload needs ${missing.join(' and ')} to pick a rule of the emulator. The emulator has: ${emulator.dcrs
            .map((d) => `${d.immutableId} (${d.streams.join(', ')})`)
            .join('; ')}`
    throw new AppError('upload/bad-arguments', message, { userText: message })
  }
  return {
    target: { endpoint, dcrImmutableId: dcr, streamName: stream },
    ...(dcrResourceId === undefined ? {} : { dcrResourceId }),
  }
}

async function upload(
  command: Extract<CliCommand, { command: 'upload' }>,
  io: CliIo,
): Promise<number> {
  const dataDir = dataDirOf(command, io)
  const connection = await connect(command, command.endpoint)
  const { target, dcrResourceId } = await resolveTarget(command, connection)

  let streamColumns: StreamColumn[] | undefined
  if (dcrResourceId !== undefined) {
    try {
      streamColumns = await streamColumnsFromArm(connection, dcrResourceId, target.streamName)
    } catch (error) {
      io.stderr.write(
        `logdrop: could not read the stream's columns (${String(error)}); continuing.\n`,
      )
    }
  }

  let mapping: unknown = null
  if (command.mapping !== undefined) {
    try {
      mapping = JSON.parse(await readFile(resolve(command.mapping), 'utf8'))
    } catch (error) {
      throw new AppError('upload/mapping-invalid', `${command.mapping}: ${String(error)}`)
    }
  } else if (streamColumns !== undefined && command.files[0] !== undefined) {
    const samples = await sampleRecords(resolve(command.files[0]))
    const byName = mappingByName(target.streamName, fieldsOf(samples), streamColumns, samples)
    mapping = byName.mapping
    io.stderr.write(
      `Mapping by name: ${byName.matched.map(([column, field]) => (column === field ? column : `${field}→${column}`)).join(', ') || 'no column matched'}\n` +
        (byName.droppedFields.length > 0
          ? `  dropped (no such column): ${byName.droppedFields.join(', ')}\n`
          : '') +
        (byName.unfilledColumns.length > 0
          ? `  left empty: ${byName.unfilledColumns.join(', ')}\n`
          : ''),
    )
  }

  const input: NewJob = {
    files: command.files.map((path) => ({
      path,
      ...(command.format === undefined ? {} : { format: command.format }),
      ...(command.delimiter === undefined ? {} : { delimiter: command.delimiter }),
    })),
    target,
    mapping,
    ...(streamColumns === undefined ? {} : { streamColumns }),
    options: {
      ...(command.concurrency === undefined ? {} : { concurrency: command.concurrency }),
      ...(command.gzipLevel === undefined ? {} : { gzipLevel: command.gzipLevel }),
    },
    ...(command.label === undefined ? {} : { label: command.label }),
    ...(connection.caCertPem === undefined ? {} : { caCertPem: connection.caCertPem }),
  }

  if (command.dryRun) {
    // Validated like a real job, but kept out of the history.
    const definition = await createJob(input, resolve(dataDir, 'dry-runs'))
    const report = await dryRunJob(definition)
    if (command.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    else io.stdout.write(dryRunText(report))
    return Object.keys(report.failedByCause).length > 0 ? EXIT.failures : EXIT.ok
  }

  const definition = await createJob(input, dataDir)
  return runAndReport(definition, command, connection, dataDir, io)
}

async function resume(
  command: Extract<CliCommand, { command: 'resume' }>,
  io: CliIo,
): Promise<number> {
  const dataDir = dataDirOf(command, io)
  const definition = await loadJobDefinition(jobPaths(dataDir, command.jobId))
  const connection = await connect(command, definition.target.endpoint)
  return runAndReport(definition, command, connection, dataDir, io, true)
}

async function failedRetry(
  command: Extract<CliCommand, { command: 'failed-retry' }>,
  io: CliIo,
): Promise<number> {
  const dataDir = dataDirOf(command, io)
  const original = await loadJobDefinition(jobPaths(dataDir, command.jobId))
  const connection = await connect(command, original.target.endpoint)
  let mapping: unknown
  if (command.mapping !== undefined) {
    mapping = JSON.parse(await readFile(resolve(command.mapping), 'utf8'))
  }
  const plan = await createRetryJob(dataDir, command.jobId, {
    selection: {
      ...(command.causes === undefined ? {} : { causes: new Set(command.causes) }),
      ...(command.ids === undefined ? {} : { ids: new Set(command.ids) }),
    },
    ...(mapping === undefined ? {} : { mapping }),
  })
  io.stderr.write(
    `Retrying ${plan.asIs + plan.remapped} failed records of ${command.jobId} as ${plan.definition.jobId}` +
      (plan.skipped > 0
        ? ` (${plan.skipped} malformed entries cannot be sent and stay failed)`
        : '') +
      '.\n',
  )
  return runAndReport(plan.definition, command, connection, dataDir, io)
}

async function runAndReport(
  definition: JobDefinition,
  command: { json: boolean; verbose: boolean },
  connection: Connection,
  dataDir: string,
  io: CliIo,
  isResume = false,
): Promise<number> {
  const logger = cliLogger(command, dataDir)
  const showProgress = io.stderr.isTTY === true
  let lastLine = ''
  const options = {
    dataDir,
    tokenProvider: connection.tokenProvider,
    logger,
    verbose: command.verbose,
    onProgress: showProgress
      ? (progress: Parameters<NonNullable<Parameters<typeof runJob>[1]['onProgress']>>[0]) => {
          const line = progressLine(progress, (io.stderr.columns ?? 100) - 1)
          if (line !== lastLine) io.stderr.write(`\r${line}\u001b[K`)
          lastLine = line
        }
      : undefined,
  }
  let handle: JobHandle
  if (isResume) handle = await resumeJob(definition.jobId, options)
  else handle = await runJob(definition, options)
  if (!command.json) io.stderr.write(`Job ${handle.jobId} started.\n`)
  const unsubscribe = io.onInterrupt?.(() => {
    io.stderr.write(
      '\nStopping: the requests in flight get their answers first (Ctrl-C again to leave at once). The journal keeps what was sent.\n',
    )
    void handle.stop()
  })
  let summary: JobSummary
  try {
    summary = await handle.result
  } finally {
    unsubscribe?.()
    if (showProgress && lastLine !== '') io.stderr.write('\n')
  }
  if (command.json) {
    io.stdout.write(`${JSON.stringify({ ...summary, next: nextSteps(summary) }, null, 2)}\n`)
  } else {
    io.stdout.write(summaryText(summary))
  }
  return exitCodeFor(summary)
}

/** 0 when everything was accepted, 130 after Ctrl-C, else 2. */
export function exitCodeFor(summary: JobSummary): number {
  if (summary.state === 'cancelled') return EXIT.cancelled
  if (summary.state === 'completed' && summary.records.failed === 0) return EXIT.ok
  return EXIT.failures
}

async function jobs(command: Extract<CliCommand, { command: 'jobs' }>, io: CliIo) {
  const list = await listJobs(dataDirOf(command, io))
  if (command.json) {
    io.stdout.write(`${JSON.stringify(list, null, 2)}\n`)
    return EXIT.ok
  }
  if (list.length === 0) {
    io.stdout.write('No uploads yet.\n')
    return EXIT.ok
  }
  for (const job of list) {
    const s = job.summary
    const counts =
      s === undefined ? '' : `  ${s.records.accepted} accepted, ${s.records.failed} failed`
    io.stdout.write(
      `${job.jobId}  ${job.state.padEnd(23)} ${job.target.streamName}  ${job.files.length} file(s)${counts}` +
        `${job.retryOf === undefined ? '' : `  (retry of ${job.retryOf})`}\n`,
    )
  }
  return EXIT.ok
}

async function failedList(command: Extract<CliCommand, { command: 'failed-list' }>, io: CliIo) {
  const paths = jobPaths(dataDirOf(command, io), command.jobId)
  await loadJobDefinition(paths)
  const groups = await groupFailedRecords(paths.failed)
  if (command.json) io.stdout.write(`${JSON.stringify(groups, null, 2)}\n`)
  else if (groups.length === 0) io.stdout.write('No failed records.\n')
  else {
    for (const group of groups) {
      io.stdout.write(
        `${group.cause.padEnd(22)} ${String(group.count).padStart(9)}  e.g. ${group.exampleMessage}\n`,
      )
    }
  }
  return EXIT.ok
}

async function failedExport(command: Extract<CliCommand, { command: 'failed-export' }>, io: CliIo) {
  const paths = jobPaths(dataDirOf(command, io), command.jobId)
  await loadJobDefinition(paths)
  const out =
    command.out === undefined ? io.stdout : createWriteStream(resolve(command.out), { mode: 0o600 })
  let count: number
  try {
    count = await exportFailedRecords(
      paths.failed,
      command.format,
      out,
      command.causes === undefined ? undefined : { causes: new Set(command.causes) },
    )
  } catch (error) {
    throw isAppError(error)
      ? error
      : new AppError('upload/export-failed', String(error), { cause: error })
  }
  if (command.out !== undefined) {
    out.end()
    await once(out, 'finish')
    io.stderr.write(`Wrote ${count} failed records to ${command.out}.\n`)
  }
  return EXIT.ok
}
