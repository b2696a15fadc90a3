import { readFile } from 'node:fs/promises'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { ClientSecretCredential } from '@azure/identity'
import { azureClientTrustOptions } from '../../electron/core/emulator-client/trust'
import { mappingByName } from '../../electron/cli/name-mapping'
import { fieldsOf, sampleRecords } from '../../electron/cli/run-cli'
import { startJob } from '../../electron/engine/main/job-runner'
import { defaultSeed } from '../../emulator/seed/default-seed'
import type { StreamColumn } from '../../shared/mapping/mapping-schema'
import type { GzipLevelChoice, JobSummary } from '../../shared/models/upload-job'
import { BENCH_MAPPING } from './benchmark-mapping'
import type { BenchFile } from './generate-data'
import { uploadWithSdk } from './sdk-upload'

/**
 * One measured run in a process of its own (so its peak RSS and CPU are its own): LogDrop's
 * engine in process, or the official SDK as its users call it. Prints one JSON line.
 */
export interface CaseInput {
  readonly tool: 'logdrop' | 'sdk'
  readonly file: BenchFile
  /** The mapping case: LogDrop gets BENCH_MAPPING, the SDK `mapForSdk`. */
  readonly mapped: boolean
  readonly concurrency: number
  readonly gzipLevel?: GzipLevelChoice
  readonly dataDir: string
  readonly emulator: CaseEmulator
}

/** Where and as whom a run uploads. */
export interface CaseEmulator {
  readonly origin: string
  readonly caCert: string
  readonly tenantId: string
  readonly clientId: string
  readonly clientSecret: string
  readonly immutableId: string
  readonly endpoint: string
  readonly stream: string
}

/** What a run reports about itself (the orchestrator adds what it measured from outside). */
export interface CaseResult {
  /** From the first byte read to the last answer, after sign-in. */
  readonly seconds: number
  readonly records: number
  readonly failed: number
  readonly loopDelayP99Ms?: number
  readonly summary?: JobSummary
}

function streamColumns(stream: string): StreamColumn[] {
  for (const rule of defaultSeed().dataCollectionRules) {
    const declaration = rule.properties.streamDeclarations[stream]
    if (declaration !== undefined) return declaration.columns.map((c) => ({ ...c }))
  }
  throw new Error(`no stream ${stream} in the default seed`)
}

/**
 * The job's mapping as the CLI makes it: the mapping file, or else the stream's columns
 * matched to the file's fields by name (the seed's case), with the same functions.
 */
async function jobMapping(input: CaseInput, columns: readonly StreamColumn[]): Promise<unknown> {
  if (input.mapped) return BENCH_MAPPING
  const samples = await sampleRecords(input.file.path)
  return mappingByName(input.emulator.stream, fieldsOf(samples), columns, samples).mapping
}

async function runLogDrop(
  input: CaseInput,
  caCertPem: string,
  credential: ClientSecretCredential,
): Promise<CaseResult> {
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const started = performance.now()
  const columns = streamColumns(input.emulator.stream)
  const handle = await startJob(
    {
      files: [input.file.path],
      target: {
        endpoint: input.emulator.endpoint,
        dcrImmutableId: input.emulator.immutableId,
        streamName: input.emulator.stream,
      },
      mapping: await jobMapping(input, columns),
      streamColumns: columns,
      caCertPem,
      options: {
        concurrency: input.concurrency,
        ...(input.gzipLevel === undefined ? {} : { gzipLevel: input.gzipLevel }),
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
    seconds,
    records: summary.records.accepted,
    failed: summary.records.failed,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    summary,
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
  // Sign in before the in-process clock starts (the process figures include it).
  await credential.getToken('https://monitor.azure.com/.default')
  const result =
    input.tool === 'logdrop'
      ? await runLogDrop(input, caCertPem, credential)
      : await uploadWithSdk(input, credential, azureClientTrustOptions(caCertPem))
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exitCode = 1
})
