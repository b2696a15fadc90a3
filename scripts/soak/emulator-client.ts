import { ClientSecretCredential } from '@azure/identity'
import { fetch } from 'undici'
import {
  azureClientTrustOptions,
  createTrustingDispatcher,
} from '../../electron/core/emulator-client/trust'
import type { FaultSettings } from '../../emulator/data/faults/fault-settings'
import { defaultSeed } from '../../emulator/seed/default-seed'
import type { EmulatorHandle } from './emulator-handle'
import { SOAK_STREAM, SOAK_TABLE } from './soak-data'

/**
 * The emulator's admin API (faults, counters, reset) and its Log Analytics query API, as the
 * campaign uses them. Everything goes over HTTPS to the running emulator, whichever process
 * it lives in.
 */

async function request(
  handle: EmulatorHandle,
  path: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  const dispatcher = createTrustingDispatcher(handle.caCertPem)
  try {
    const response = await fetch(`${handle.info.origin}${path}`, { ...init, dispatcher })
    return { status: response.status, text: await response.text() }
  } finally {
    await dispatcher.close()
  }
}

async function admin(
  handle: EmulatorHandle,
  path: string,
  method: string,
  body?: unknown,
): Promise<unknown> {
  const { status, text } = await request(handle, `/_emulator/${path}`, {
    method,
    headers: { 'x-emulator-admin-key': handle.info.adminKey, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (status >= 300) throw new Error(`emulator admin ${path}: ${status} ${text}`)
  return text === '' ? undefined : (JSON.parse(text) as unknown)
}

/** Replaces the injected faults ({} for none). */
export async function setFaults(handle: EmulatorHandle, faults: FaultSettings): Promise<void> {
  await admin(handle, 'faults', 'PUT', faults)
}

/** Deletes stored rows and clears counters and rate windows (the faults stay). */
export async function resetEmulator(handle: EmulatorHandle): Promise<void> {
  await admin(handle, 'reset', 'POST')
}

/** The part of `GET /_emulator/counters` the campaign reports. */
export interface IngestionCounters {
  readonly requests: number
  readonly byStatus: Record<string, number>
  /** Faults injected by kind (latency, latencySpike, reset, status5xx, status429, failAfterN). */
  readonly faults: Record<string, number>
  /** 429s from the per-DCR rate limit (not injected ones). */
  readonly throttled: number
  /** Uploads whose client went away before the body was read. */
  readonly abortedUploads: number
}

interface RawCounters {
  requests: { ingestion: { total: number; byStatus: Record<string, number> } }
  faults: Record<string, number>
  throttled: number
  abortedUploads: number
}

/** The emulator's ingestion counters since its start or last reset. */
export async function readCounters(handle: EmulatorHandle): Promise<IngestionCounters> {
  const raw = (await admin(handle, 'counters', 'GET')) as RawCounters
  return {
    requests: raw.requests.ingestion.total,
    byStatus: { ...raw.requests.ingestion.byStatus },
    faults: { ...raw.faults },
    throttled: raw.throttled,
    abortedUploads: raw.abortedUploads,
  }
}

/** The sum of two counter snapshots (an emulator restart starts from zero). */
export function addCounters(a: IngestionCounters, b: IngestionCounters): IngestionCounters {
  const sum = (x: Record<string, number>, y: Record<string, number>) => {
    const out: Record<string, number> = { ...x }
    for (const [key, value] of Object.entries(y)) out[key] = (out[key] ?? 0) + value
    return out
  }
  return {
    requests: a.requests + b.requests,
    byStatus: sum(a.byStatus, b.byStatus),
    faults: sum(a.faults, b.faults),
    throttled: a.throttled + b.throttled,
    abortedUploads: a.abortedUploads + b.abortedUploads,
  }
}

/** The workspace (customer id) the soak stream lands in. */
export function soakWorkspaceId(): string {
  for (const rule of defaultSeed().dataCollectionRules) {
    if (rule.properties.streamDeclarations[SOAK_STREAM] !== undefined) {
      const id = rule.properties.destinations.logAnalytics[0]?.workspaceId
      if (id !== undefined) return id
    }
  }
  throw new Error(`no DCR declares ${SOAK_STREAM}`)
}

/** The DCR the soak stream is sent to: its immutable id and ingestion endpoint. */
export function soakRule(handle: EmulatorHandle): { immutableId: string; endpoint: string } {
  const dcr = handle.info.dcrs.find((d) => d.streams.includes(SOAK_STREAM))
  if (dcr === undefined) throw new Error(`the emulator has no DCR for ${SOAK_STREAM}`)
  return { immutableId: dcr.immutableId, endpoint: dcr.ingestionEndpoint }
}

/** A Log Analytics token from the seeded service principal (fresh, so clock moves are fine). */
async function queryToken(handle: EmulatorHandle): Promise<string> {
  const credential = new ClientSecretCredential(
    handle.info.tenantId,
    handle.info.servicePrincipal.clientId,
    handle.info.servicePrincipal.clientSecret,
    {
      authorityHost: handle.info.origin,
      disableInstanceDiscovery: true,
      ...azureClientTrustOptions(handle.caCertPem),
    },
  )
  const token = await credential.getToken('https://api.loganalytics.io/.default')
  if (token === null) throw new Error('no query token')
  return token.token
}

/** Runs KQL through the query API and returns the rows as objects. */
export async function queryRows(
  handle: EmulatorHandle,
  kql: string,
): Promise<Array<Record<string, unknown>>> {
  const { status, text } = await request(handle, `/v1/workspaces/${soakWorkspaceId()}/query`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await queryToken(handle)}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ query: kql }),
  })
  if (status !== 200) throw new Error(`query ${status}: ${text.slice(0, 500)}`)
  const body = JSON.parse(text) as {
    tables?: Array<{ columns: Array<{ name: string }>; rows: unknown[][] }>
  }
  const table = body.tables?.[0]
  return (table?.rows ?? []).map((row) =>
    Object.fromEntries(table?.columns.map((c, i) => [c.name, row[i]]) ?? []),
  )
}

/** What the table holds for one run tag: rows, distinct sequence numbers and their range. */
export interface TableFigures {
  readonly rows: number
  readonly distinct: number
  readonly minSeq: number | null
  readonly maxSeq: number | null
}

/** Counts one run's rows with `summarize`, so the emulator streams its table once. */
export async function tableFigures(handle: EmulatorHandle, tag: string): Promise<TableFigures> {
  const [row] = await queryRows(
    handle,
    `${SOAK_TABLE} | where Host == '${tag}' | summarize rows = count(), distinct = dcount(Bytes), lo = min(Bytes), hi = max(Bytes)`,
  )
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value))
  return {
    rows: Number(row?.['rows'] ?? 0),
    distinct: Number(row?.['distinct'] ?? 0),
    minSeq: num(row?.['lo']),
    maxSeq: num(row?.['hi']),
  }
}

/** What happened between two counter snapshots of the same emulator run. */
export function counterDelta(
  after: IngestionCounters,
  before: IngestionCounters,
): IngestionCounters {
  const diff = (x: Record<string, number>, y: Record<string, number>) => {
    const out: Record<string, number> = {}
    for (const [key, value] of Object.entries(x)) {
      const d = value - (y[key] ?? 0)
      if (d !== 0) out[key] = d
    }
    return out
  }
  return {
    requests: after.requests - before.requests,
    byStatus: diff(after.byStatus, before.byStatus),
    faults: diff(after.faults, before.faults),
    throttled: after.throttled - before.throttled,
    abortedUploads: after.abortedUploads - before.abortedUploads,
  }
}

/**
 * Sends small requests straight to the soak stream (the seeded service principal's token), e.g.
 * to fill the per-DCR rate window before an upload. Returns the statuses.
 */
export async function postRecords(
  handle: EmulatorHandle,
  requests: number,
  tag: string,
): Promise<number[]> {
  const credential = new ClientSecretCredential(
    handle.info.tenantId,
    handle.info.servicePrincipal.clientId,
    handle.info.servicePrincipal.clientSecret,
    {
      authorityHost: handle.info.origin,
      disableInstanceDiscovery: true,
      ...azureClientTrustOptions(handle.caCertPem),
    },
  )
  const token = await credential.getToken('https://monitor.azure.com/.default')
  const rule = soakRule(handle)
  const url = `${rule.endpoint}/dataCollectionRules/${rule.immutableId}/streams/${SOAK_STREAM}?api-version=2023-01-01`
  const dispatcher = createTrustingDispatcher(handle.caCertPem)
  const statuses: number[] = []
  try {
    for (let i = 0; i < requests; i++) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token?.token ?? ''}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify([{ Time: new Date().toISOString(), Host: tag, Bytes: -1 - i }]),
        dispatcher,
      })
      await response.body?.cancel()
      statuses.push(response.status)
    }
  } finally {
    await dispatcher.close()
  }
  return statuses
}
