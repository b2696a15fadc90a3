import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClientSecretCredential } from '@azure/identity'
import { fetch } from 'undici'
import {
  azureClientTrustOptions,
  createTrustingDispatcher,
} from '../../electron/core/emulator-client/trust'
import type { FaultSettings } from '../../emulator/data/faults/fault-settings'
import type { EmulatorSeed } from '../../emulator/seed/seed-types'
import { startEmulator, type RunningEmulator } from '../../emulator/start-emulator'
import type { TokenProvider } from '../../electron/engine/main/job-runner'
import { writeFileAtomic } from '../../electron/platform/atomic-write'
import type { StreamColumn } from '../../shared/mapping/mapping-schema'
import type { UploadTarget } from '../../shared/models/upload-job'

/**
 * Shared set-up for the engine's integration tests: a real emulator (HTTPS, Entra ID tokens,
 * ingestion, query, admin faults) and real credentials for it.
 */

export const APP_EVENTS_STREAM = 'Custom-AppEvents'
export const APP_EVENTS_TABLE = 'AppEvents_CL'

export interface EngineFixture {
  readonly emulator: RunningEmulator
  /** The emulator's data folder (emulator.json is written there for the CLI). */
  readonly emulatorDir: string
  /** A temp folder for source files and LogDrop data folders. */
  readonly dir: string
  stop(): Promise<void>
}

/** Starts an emulator in a temp folder and writes its emulator.json, as the emulator CLI does. */
export async function startFixture(seed?: EmulatorSeed): Promise<EngineFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'logdrop-engine-'))
  const emulatorDir = join(dir, 'emulator')
  const emulator = await startEmulator({
    port: 0,
    dataDir: emulatorDir,
    ...(seed === undefined ? {} : { seed }),
  })
  await writeFileAtomic(
    join(emulatorDir, 'emulator.json'),
    `${JSON.stringify(emulator.readyInfo)}\n`,
  )
  return {
    emulator,
    emulatorDir,
    dir,
    stop: async () => {
      await emulator.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function appEventsRule(emulator: RunningEmulator) {
  const rule = emulator.seed.dataCollectionRules.find((r) =>
    Object.keys(r.properties.streamDeclarations).includes(APP_EVENTS_STREAM),
  )
  if (rule === undefined) throw new Error('the seed has no AppEvents DCR')
  return rule
}

/** The AppEvents DCR as an upload target. */
export function appEventsTarget(emulator: RunningEmulator): UploadTarget {
  const rule = appEventsRule(emulator)
  const dcr = emulator.dcrs.find((d) => d.immutableId === rule.properties.immutableId)
  return {
    endpoint: dcr?.ingestionEndpoint ?? emulator.origin,
    dcrImmutableId: rule.properties.immutableId,
    streamName: APP_EVENTS_STREAM,
  }
}

/** The columns the AppEvents stream declares. */
export function appEventsColumns(emulator: RunningEmulator): StreamColumn[] {
  const declaration = appEventsRule(emulator).properties.streamDeclarations[APP_EVENTS_STREAM]
  return (declaration?.columns ?? []).map((c) => ({ name: c.name, type: c.type }))
}

/** A mapping for the AppEvents stream from the source fields the generator writes. */
export const APP_EVENTS_MAPPING = {
  version: 1,
  stream: APP_EVENTS_STREAM,
  columns: {
    Time: { source: { kind: 'field', path: 'ts' }, type: 'datetime' },
    Host: { source: { kind: 'field', path: 'host' }, type: 'string' },
    Level: { source: { kind: 'field', path: 'level' }, type: 'int' },
    Bytes: { source: { kind: 'field', path: 'bytes' }, type: 'long' },
    DurationMs: { source: { kind: 'field', path: 'ms' }, type: 'real' },
    Success: { source: { kind: 'field', path: 'ok' }, type: 'boolean' },
    Properties: { source: { kind: 'field', path: 'props' }, type: 'dynamic' },
    Message: { source: { kind: 'field', path: 'msg' }, type: 'string' },
  },
  timePolicy: { column: 'Time' },
}

/** One source record the mapping above reads; `marker` lands in Message. */
export function sourceEvent(i: number, marker: string): Record<string, unknown> {
  return {
    ts: new Date(Date.now() - (i % 3600) * 1000).toISOString(),
    host: `web-${i % 7}`,
    level: i % 5,
    bytes: 1000 + i,
    ms: (i % 1000) / 10,
    ok: i % 11 !== 0,
    props: { region: 'westeurope', n: i },
    msg: `${marker} event ${i} ${'lorem ipsum '.repeat(5)}`,
    extra: 'dropped by the mapping',
  }
}

/** The same event already in the stream's shape (no mapping needed). */
export function streamEvent(i: number, marker: string): Record<string, unknown> {
  const s = sourceEvent(i, marker)
  return {
    Time: s['ts'],
    Host: s['host'],
    Level: s['level'],
    Bytes: s['bytes'],
    DurationMs: s['ms'],
    Success: s['ok'],
    Properties: s['props'],
    Message: s['msg'],
  }
}

/** Writes `count` records as NDJSON; `badLines` lists indexes written as broken JSON instead. */
export async function writeNdjson(
  path: string,
  count: number,
  make: (i: number) => Record<string, unknown>,
  badLines: ReadonlySet<number> = new Set(),
): Promise<void> {
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    lines.push(badLines.has(i) ? `{"broken": ${i},` : JSON.stringify(make(i)))
  }
  await writeFile(path, `${lines.join('\n')}\n`)
}

function credential(emulator: RunningEmulator): ClientSecretCredential {
  return new ClientSecretCredential(
    emulator.tenantId,
    emulator.servicePrincipal.clientId,
    emulator.servicePrincipal.clientSecret,
    {
      authorityHost: emulator.origin,
      disableInstanceDiscovery: true,
      ...azureClientTrustOptions(emulator.caCertPem),
    },
  )
}

/** Real tokens for the seeded service principal, from the emulator's Entra ID. */
export function servicePrincipalTokens(
  emulator: RunningEmulator,
  calls: boolean[] = [],
  clientId?: string,
  clientSecret?: string,
): TokenProvider {
  let current =
    clientId === undefined
      ? credential(emulator)
      : new ClientSecretCredential(emulator.tenantId, clientId, clientSecret ?? '', {
          authorityHost: emulator.origin,
          disableInstanceDiscovery: true,
          ...azureClientTrustOptions(emulator.caCertPem),
        })
  return async ({ forceRefresh }) => {
    calls.push(forceRefresh)
    if (forceRefresh && clientId === undefined) current = credential(emulator)
    const token = await current.getToken('https://monitor.azure.com/.default')
    if (token === null) throw new Error('no token')
    return { token: token.token, expiresOnMs: token.expiresOnTimestamp }
  }
}

/** Runs a KQL query through the emulator's Log Analytics query API and returns the rows. */
export async function query(
  emulator: RunningEmulator,
  kql: string,
): Promise<Array<Record<string, unknown>>> {
  const workspaceId = appEventsRule(emulator).properties.destinations.logAnalytics[0]?.workspaceId
  const token = await credential(emulator).getToken('https://api.loganalytics.io/.default')
  const response = await fetch(`${emulator.origin}/v1/workspaces/${workspaceId}/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token?.token ?? ''}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: kql }),
    dispatcher: createTrustingDispatcher(emulator.caCertPem),
  })
  const body = (await response.json()) as {
    tables?: Array<{ columns: Array<{ name: string }>; rows: unknown[][] }>
  }
  if (response.status !== 200) throw new Error(`query ${response.status}: ${JSON.stringify(body)}`)
  const table = body.tables?.[0]
  return (table?.rows ?? []).map((row) =>
    Object.fromEntries(table?.columns.map((c, i) => [c.name, row[i]]) ?? []),
  )
}

/** Rows of the AppEvents table whose Message has the marker. */
export async function countRows(emulator: RunningEmulator, marker: string): Promise<number> {
  const rows = await query(emulator, `${APP_EVENTS_TABLE} | where Message has '${marker}' | count`)
  return Number(rows[0]?.['Count'] ?? 0)
}

async function admin(
  emulator: RunningEmulator,
  path: string,
  method: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${emulator.origin}/_emulator/${path}`, {
    method,
    headers: { 'x-emulator-admin-key': emulator.adminKey, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    dispatcher: createTrustingDispatcher(emulator.caCertPem),
  })
  const text = await response.text()
  if (response.status >= 300) throw new Error(`admin ${path} ${response.status}: ${text}`)
  return text === '' ? undefined : (JSON.parse(text) as unknown)
}

/** Replaces the emulator's injected faults ({} for none). */
export async function setFaults(emulator: RunningEmulator, faults: FaultSettings): Promise<void> {
  await admin(emulator, 'faults', 'PUT', faults)
}

/** The part of the emulator's counters the tests read. */
export interface EmulatorCounters {
  readonly requests: {
    readonly ingestion: { readonly total: number; readonly byStatus: Record<string, number> }
  }
  readonly faults: Record<string, number>
  readonly throttled: number
  readonly abortedUploads: number
}

/** The emulator's counters (requests by status, records per stream, faults). */
export async function counters(emulator: RunningEmulator): Promise<EmulatorCounters> {
  return (await admin(emulator, 'counters', 'GET')) as EmulatorCounters
}

/** Ingestion requests the emulator answered with a status. */
export async function answered(emulator: RunningEmulator, status: number): Promise<number> {
  return (await counters(emulator)).requests.ingestion.byStatus[String(status)] ?? 0
}

/** What the emulator's request latch is doing (`/_emulator/hold`). */
export interface LatchState {
  readonly holding: number
  readonly held: number
  readonly released: number
}

/** Makes the emulator hold the next `count` ingestion requests until they are released. */
export async function holdRequests(emulator: RunningEmulator, count: number): Promise<void> {
  await admin(emulator, 'hold', 'POST', { requests: count })
}

/** Resolves once `count` ingestion requests wait at the latch (a long-poll, no polling loop). */
export async function whenHeld(emulator: RunningEmulator, count: number): Promise<LatchState> {
  return (await admin(emulator, `hold?held=${count}`, 'GET')) as LatchState
}

/** The latch state now. */
export async function latchState(emulator: RunningEmulator): Promise<LatchState> {
  return (await admin(emulator, 'hold', 'GET')) as LatchState
}

/** Lets the `count` oldest held requests go; without a count all of them, and stops holding. */
export async function releaseRequests(
  emulator: RunningEmulator,
  count?: number,
): Promise<LatchState> {
  return (await admin(
    emulator,
    'release',
    'POST',
    count === undefined ? undefined : { requests: count },
  )) as LatchState
}

/** Clears stored rows, counters and faults between tests. */
export async function resetEmulator(emulator: RunningEmulator): Promise<void> {
  await admin(emulator, 'reset', 'POST')
  await setFaults(emulator, {})
}
