import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fetch } from 'undici'
import { createTrustingDispatcher } from '../../electron/core/emulator-client/trust'

/** The emulator's ready line (the fields the benchmark uses). */
export interface EmulatorInfo {
  readonly origin: string
  readonly caCert: string
  readonly tenantId: string
  readonly adminKey: string
  readonly servicePrincipal: { readonly clientId: string; readonly clientSecret: string }
  readonly dcrs: ReadonlyArray<{
    readonly immutableId: string
    readonly streams: readonly string[]
    readonly ingestionEndpoint: string
  }>
}

/** A running emulator (counting-only) in a process of its own. */
export interface Emulator {
  readonly child: ChildProcess
  readonly info: EmulatorInfo
  readonly caCertPem: string
  readonly dataDir: string
}

/** Fault and limit settings the benchmark sets (see emulator/data/faults/fault-settings.ts). */
export interface EmulatorFaults {
  readonly latencyMs?: number
  readonly limits?: { readonly bytesPerMinute?: number; readonly requestsPerMinute?: number }
}

/** Ingestion counters of one stream since the last reset. */
export interface StreamCounters {
  readonly records: number
  readonly throttled: number
}

/** Starts `<buildDir>/emulator/cli.js --counting-only` and waits for its ready line. */
export async function startEmulator(
  buildDir: string,
  dataDir: string,
  extraArgs: readonly string[] = [],
): Promise<Emulator> {
  const child = spawn(
    process.execPath,
    [
      ...extraArgs,
      join(buildDir, 'emulator/cli.js'),
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--counting-only',
    ],
    // Its request log would drown the table; it stays quiet unless it fails to start.
    { stdio: ['ignore', 'pipe', 'ignore'] },
  )
  const lines = createInterface({ input: child.stdout })
  for await (const line of lines) {
    if (line.startsWith('{"event":"ready"')) {
      const info = JSON.parse(line) as EmulatorInfo
      return { child, info, caCertPem: await readFile(info.caCert, 'utf8'), dataDir }
    }
  }
  throw new Error('the emulator exited before it was ready')
}

/** One call of the emulator's admin API. */
export async function emulatorAdmin(
  emulator: Emulator,
  path: string,
  method: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${emulator.info.origin}/_emulator/${path}`, {
    method,
    headers: { 'x-emulator-admin-key': emulator.info.adminKey, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    dispatcher: createTrustingDispatcher(emulator.caCertPem),
  })
  const text = await response.text()
  if (response.status >= 300) throw new Error(`emulator ${path}: ${response.status} ${text}`)
  return text === '' ? undefined : JSON.parse(text)
}

/** Clears the counters and the limiter's window, then applies `faults` (replacing the last). */
export async function resetEmulator(emulator: Emulator, faults: EmulatorFaults): Promise<void> {
  await emulatorAdmin(emulator, 'reset', 'POST')
  await emulatorAdmin(emulator, 'faults', 'PUT', faults)
}

/** Records the emulator counted for a stream, and requests it throttled, since the last reset. */
export async function streamCounters(
  emulator: Emulator,
  immutableId: string,
  stream: string,
): Promise<StreamCounters> {
  const counters = (await emulatorAdmin(emulator, 'counters', 'GET')) as {
    throttled?: number
    dcrs: Record<string, { streams: Record<string, { records: number }> }>
  }
  return {
    records: counters.dcrs[immutableId]?.streams[stream]?.records ?? 0,
    throttled: counters.throttled ?? 0,
  }
}
