import { readFile } from 'node:fs/promises'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { ClientSecretCredential } from '@azure/identity'
import { azureClientTrustOptions } from '../../electron/core/emulator-client/trust'
import { startJob } from '../../electron/engine/main/job-runner'
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

async function runLogDrop(
  input: CaseInput,
  caCertPem: string,
  credential: ClientSecretCredential,
): Promise<CaseResult> {
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const started = performance.now()
  // The seed's case sends records as they are (no mapping, no columns), as the CLI does
  // against the emulator.
  const handle = await startJob(
    {
      files: [input.file.path],
      target: {
        endpoint: input.emulator.endpoint,
        dcrImmutableId: input.emulator.immutableId,
        stream: input.emulator.stream,
      },
      mapping: input.mapped ? BENCH_MAPPING : null,
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
