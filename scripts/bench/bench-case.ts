import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { ClientSecretCredential } from '@azure/identity'
import { azureClientTrustOptions } from '../../electron/core/emulator-client/trust'
import { defaultSeed } from '../../emulator/seed/default-seed'
import { startJob } from '../../electron/engine/main/job-runner'
import { compileJobMapping } from '../../electron/engine/common/source/job-mapper'
import type { StreamColumn } from '../../shared/mapping/mapping-schema'
import type { GzipLevelChoice } from '../../shared/models/upload-job'
import { BENCH_MAPPING, type BenchFile } from './generate-data'

/**
 * One benchmark run in its own process (so peak RSS is this run's alone): LogDrop's engine or
 * the official SDK uploading one generated file to the emulator. Prints one JSON line.
 */
export interface CaseInput {
  readonly tool: 'logdrop' | 'sdk'
  readonly file: BenchFile
  readonly concurrency: number
  readonly gzipLevel?: GzipLevelChoice
  /** LogDrop's prepare helpers (absent: the engine's default). */
  readonly prepareWorkers?: number
  readonly dataDir: string
  readonly emulator: {
    readonly origin: string
    readonly caCert: string
    readonly tenantId: string
    readonly clientId: string
    readonly clientSecret: string
    readonly immutableId: string
    readonly endpoint: string
    readonly stream: string
  }
}

export interface CaseResult {
  readonly tool: string
  readonly seconds: number
  /** SDK only: seconds spent in upload() after the records were read and mapped. */
  readonly uploadSeconds?: number
  readonly records: number
  readonly failed: number
  readonly peakRssBytes: number
  /** CPU time of the whole process (every thread), user + system. */
  readonly cpuSeconds: number
  readonly loopDelayP99Ms?: number
  readonly loopDelayMaxMs?: number
  readonly gzipLevels?: readonly number[]
  readonly wireBytes?: number
  readonly requests?: number
}

function streamColumns(stream: string): StreamColumn[] {
  for (const rule of defaultSeed().dataCollectionRules) {
    const declaration = rule.properties.streamDeclarations[stream]
    if (declaration !== undefined) return declaration.columns.map((c) => ({ ...c }))
  }
  throw new Error(`no stream ${stream} in the default seed`)
}

function cpuSeconds(): number {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}

async function readRecords(file: BenchFile): Promise<Array<Record<string, unknown>>> {
  if (file.format === 'json')
    return JSON.parse(await readFile(file.path, 'utf8')) as Array<Record<string, unknown>>
  if (file.format === 'csv') {
    const { parse: parseCsv } = await import('csv-parse/sync')
    return parseCsv<Record<string, unknown>>(await readFile(file.path, 'utf8'), { columns: true })
  }
  const records: Array<Record<string, unknown>> = []
  for await (const line of createInterface({
    input: createReadStream(file.path),
    crlfDelay: Infinity,
  })) {
    if (line !== '') records.push(JSON.parse(line) as Record<string, unknown>)
  }
  return records
}

async function runLogDrop(
  input: CaseInput,
  caCertPem: string,
  credential: ClientSecretCredential,
): Promise<CaseResult> {
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const started = performance.now()
  const handle = await startJob(
    {
      files: [input.file.path],
      target: {
        endpoint: input.emulator.endpoint,
        dcrImmutableId: input.emulator.immutableId,
        stream: input.emulator.stream,
      },
      mapping: BENCH_MAPPING,
      streamColumns: streamColumns(input.emulator.stream),
      caCertPem,
      options: {
        concurrency: input.concurrency,
        ...(input.gzipLevel === undefined ? {} : { gzipLevel: input.gzipLevel }),
        ...(input.prepareWorkers === undefined ? {} : { prepareWorkers: input.prepareWorkers }),
      },
    },
    {
      dataDir: input.dataDir,
      tokenProvider: async () => {
        const token = await credential.getToken('https://monitor.azure.com/.default')
        if (token === null) throw new Error('no token')
        return { token: token.token, expiresOnMs: token.expiresOnTimestamp }
      },
    },
  )
  const summary = await handle.result
  const seconds = (performance.now() - started) / 1000
  loop.disable()
  return {
    tool: `LogDrop (${input.concurrency})`,
    seconds,
    records: summary.records.accepted,
    failed: summary.records.failed,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuSeconds: cpuSeconds(),
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
    gzipLevels: summary.gzipLevels,
    wireBytes: summary.bytes.wire,
    requests: summary.requests.sent,
  }
}

async function runSdk(
  input: CaseInput,
  caCertPem: string,
  credential: ClientSecretCredential,
): Promise<CaseResult> {
  const started = performance.now()
  const compiled = compileJobMapping({
    mapping: BENCH_MAPPING,
    streamColumns: streamColumns(input.emulator.stream),
  })
  if (compiled === undefined) throw new Error('no mapping')
  const now = Date.now()
  const logs: Array<Record<string, unknown>> = []
  let failed = 0
  for (const record of await readRecords(input.file)) {
    const mapped = compiled.map(record, now)
    if (mapped.ok) logs.push(mapped.record)
    else failed += 1
  }
  // Loaded here so LogDrop's runs do not carry the SDK's modules in their memory figures.
  const { LogsIngestionClient } = await import('@azure/monitor-ingestion')
  const client = new LogsIngestionClient(
    input.emulator.endpoint,
    credential,
    azureClientTrustOptions(caCertPem),
  )
  const uploadStarted = performance.now()
  await client.upload(input.emulator.immutableId, input.emulator.stream, logs, {
    maxConcurrency: input.concurrency,
  })
  const done = performance.now()
  return {
    tool: `SDK (${input.concurrency})`,
    seconds: (done - started) / 1000,
    uploadSeconds: (done - uploadStarted) / 1000,
    records: logs.length,
    failed,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuSeconds: cpuSeconds(),
  }
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as CaseInput
  const caCertPem = await readFile(input.emulator.caCert, 'utf8')
  const credential = new ClientSecretCredential(
    input.emulator.tenantId,
    input.emulator.clientId,
    input.emulator.clientSecret,
    {
      authorityHost: input.emulator.origin,
      disableInstanceDiscovery: true,
      ...azureClientTrustOptions(caCertPem),
    },
  )
  // Sign in before the clock starts: both tools would reuse a cached token in real use.
  await credential.getToken('https://monitor.azure.com/.default')
  const result =
    input.tool === 'logdrop'
      ? await runLogDrop(input, caCertPem, credential)
      : await runSdk(input, caCertPem, credential)
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exitCode = 1
})
