import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClientSecretCredential } from '@azure/identity'
import { isAggregateLogsUploadError, LogsIngestionClient } from '@azure/monitor-ingestion'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  azureClientTrustOptions,
  createTrustingDispatcher,
} from '../../electron/core/emulator-client/trust'
import { DEFAULT_IDS, defaultSeed } from '../../emulator/seed/default-seed'
import type { EmulatorSeed } from '../../emulator/seed/seed-types'
import {
  startEmulator,
  type RunningEmulator,
  type EmulatorDcr,
} from '../../emulator/start-emulator'

// The official SDKs against the real emulator server: LogsIngestionClient with a
// ClientSecretCredential uploads, the query API reads back, and every ingestion error arrives
// with Azure's status, code and message.

const INGESTION_SCOPE = 'https://monitor.azure.com/.default'
const QUERY_SCOPE = 'https://api.loganalytics.io/.default'
/** A service principal that exists but holds no role anywhere. */
const POWERLESS = {
  clientId: '0c3a4f1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  objectId: '1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6',
  clientSecret: 'powerless-test-secret',
}

let dir: string
let emulator: RunningEmulator
let dispatcher: ReturnType<typeof createTrustingDispatcher>
let credential: ClientSecretCredential
let appEvents: EmulatorDcr
let requests: EmulatorDcr

function seed(): EmulatorSeed {
  const base = defaultSeed()
  return {
    ...base,
    servicePrincipals: [...base.servicePrincipals, { ...POWERLESS, displayName: 'no-roles' }],
  }
}

function credentialFor(clientId: string, secret: string): ClientSecretCredential {
  return new ClientSecretCredential(emulator.tenantId, clientId, secret, {
    authorityHost: emulator.origin,
    disableInstanceDiscovery: true,
    ...azureClientTrustOptions(emulator.caCertPem),
  })
}

function ingestionClient(dcr: EmulatorDcr, cred = credential): LogsIngestionClient {
  return new LogsIngestionClient(
    dcr.ingestionEndpoint,
    cred,
    azureClientTrustOptions(emulator.caCertPem),
  )
}

interface QueryTable {
  columns: Array<{ name: string; type: string }>
  rows: unknown[][]
}

async function queryRows(kql: string): Promise<Array<Record<string, unknown>>> {
  const token = await credential.getToken(QUERY_SCOPE)
  const response = await fetch(
    `${emulator.origin}/v1/workspaces/${DEFAULT_IDS.workspaceMainCustomerId}/query`,
    {
      method: 'POST',
      dispatcher,
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: kql }),
    },
  )
  expect(response.status).toBe(200)
  const body = (await response.json()) as { tables: QueryTable[] }
  const table = body.tables[0] as QueryTable
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])))
}

/** Uploads and returns the first failure's cause (a RestError), or throws if it succeeded. */
async function uploadFailure(
  client: LogsIngestionClient,
  ruleId: string,
  stream: string,
  logs: Record<string, unknown>[],
): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await client.upload(ruleId, stream, logs)
  } catch (error) {
    if (!isAggregateLogsUploadError(error)) throw error
    const cause = error.errors[0]?.cause as { statusCode?: number; code?: string; message: string }
    return cause
  }
  throw new Error('expected the upload to fail')
}

async function rawIngest(
  dcr: EmulatorDcr,
  body: string,
  headers: Record<string, string> = {},
): Promise<Awaited<ReturnType<typeof fetch>>> {
  const token = await credential.getToken(INGESTION_SCOPE)
  return fetch(
    `${dcr.ingestionEndpoint}/dataCollectionRules/${dcr.immutableId}/streams/${dcr.streams[0]}?api-version=2023-01-01`,
    {
      method: 'POST',
      dispatcher,
      headers: {
        authorization: `Bearer ${token.token}`,
        'content-type': 'application/json',
        ...headers,
      },
      body,
    },
  )
}

/** The emulator's ingestion responses by status. */
async function ingestionByStatus(): Promise<Record<string, number>> {
  const response = await fetch(`${emulator.origin}/_emulator/counters`, {
    dispatcher,
    headers: { 'x-emulator-admin-key': emulator.adminKey },
  })
  const body = (await response.json()) as {
    requests: { ingestion: { byStatus: Record<string, number> } }
  }
  return body.requests.ingestion.byStatus
}

async function setFaults(settings: unknown): Promise<void> {
  const response = await fetch(`${emulator.origin}/_emulator/faults`, {
    method: 'PUT',
    dispatcher,
    headers: { 'x-emulator-admin-key': emulator.adminKey, 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  })
  expect(response.status).toBe(200)
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-emulator-ingestion-'))
  emulator = await startEmulator({ dataDir: dir, seed: seed(), log: () => undefined })
  dispatcher = createTrustingDispatcher(emulator.caCertPem)
  credential = credentialFor(
    emulator.servicePrincipal.clientId,
    emulator.servicePrincipal.clientSecret,
  )
  appEvents = emulator.dcrs.find((d) => d.name === 'dcr-logdrop-appevents') as EmulatorDcr
  requests = emulator.dcrs.find((d) => d.name === 'dcr-logdrop-requests') as EmulatorDcr
  expect(appEvents.kind).toBeUndefined()
  expect(requests.kind).toBe('Direct')
  expect(emulator.dataPlane?.transformProblems).toEqual([])
})

afterAll(async () => {
  await emulator?.stop()
  await dispatcher?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('LogsIngestionClient against the emulator', () => {
  it('uploads to the DCE-based DCR and the query API returns exactly those rows, transformed', async () => {
    const base = Date.now() - 5 * 60_000
    const records = [0, 1, 2].map((i) => ({
      Time: new Date(base + i * 1000).toISOString(),
      Host: `it-appevents-${i}`,
      Level: i + 1,
      Bytes: 5_000_000_000 + i,
      DurationMs: 10.5 * (i + 1),
      Success: i !== 1,
      Properties: { attempt: i, tags: ['x'] },
      Message: `message ${i}`,
      NotDeclared: 'dropped',
    }))
    await ingestionClient(appEvents).upload(appEvents.immutableId, 'Custom-AppEvents', records)
    const rows = await queryRows(
      "AppEvents_CL | where Host startswith 'it-appevents-' | order by Host asc",
    )
    expect(rows).toEqual(
      records.map((r) => ({
        TimeGenerated: r.Time,
        Time: r.Time,
        Host: r.Host,
        Level: r.Level,
        Bytes: r.Bytes,
        DurationMs: r.DurationMs,
        Success: r.Success,
        Properties: JSON.stringify(r.Properties),
        Message: r.Message,
        Type: 'AppEvents_CL',
      })),
    )
  })

  it('uploads to the Direct DCR through its own endpoint, with the rename transform applied', async () => {
    const time = new Date(Date.now() - 60_000).toISOString()
    const records = [
      {
        Timestamp: time,
        Url: '/it/a',
        Method: 'GET',
        StatusCode: 200,
        LatencyMs: 1.5,
        Client: { ip: '10.0.0.1' },
      },
      {
        Timestamp: time,
        Url: '/it/b',
        Method: 'POST',
        StatusCode: 503,
        LatencyMs: 20,
        Client: null,
      },
    ]
    await ingestionClient(requests).upload(requests.immutableId, 'Custom-Requests', records)
    const rows = await queryRows(
      "Requests_CL | where RequestUrl startswith '/it/' | order by RequestUrl asc | project TimeGenerated, Timestamp, RequestUrl, Method, StatusCode, LatencyMs, Client",
    )
    expect(rows).toEqual([
      {
        TimeGenerated: time,
        Timestamp: time,
        RequestUrl: '/it/a',
        Method: 'GET',
        StatusCode: 200,
        LatencyMs: 1.5,
        Client: '{"ip":"10.0.0.1"}',
      },
      {
        TimeGenerated: time,
        Timestamp: time,
        RequestUrl: '/it/b',
        Method: 'POST',
        StatusCode: 503,
        LatencyMs: 20,
        Client: null,
      },
    ])
  })
})

describe('ingestion errors through the SDK and on the wire', () => {
  it('404 NotFound for an unknown DCR', async () => {
    const cause = await uploadFailure(
      ingestionClient(appEvents),
      'dcr-00000000000000000000000000000000',
      'Custom-AppEvents',
      [{ Host: 'x' }],
    )
    expect(cause).toMatchObject({
      statusCode: 404,
      code: 'NotFound',
      message:
        "Data collection rule with immutable Id 'dcr-00000000000000000000000000000000' not found.",
    })
  })

  it('403 OperationFailed for a service principal without Monitoring Metrics Publisher', async () => {
    const powerless = credentialFor(POWERLESS.clientId, POWERLESS.clientSecret)
    const cause = await uploadFailure(
      ingestionClient(appEvents, powerless),
      appEvents.immutableId,
      'Custom-AppEvents',
      [{ Host: 'x' }],
    )
    expect(cause.statusCode).toBe(403)
    expect(cause.code).toBe('OperationFailed')
    expect(cause.message).toBe(
      `The authentication token provided does not have access to ingest data for the data collection rule with immutable Id '${appEvents.immutableId}' ` +
        `PipelineAccessResult: AccessGranted: False, IsRbacPresent: False, IsDcrDceBindingValid: , DcrArmId: ${appEvents.id}, ` +
        `Message: Required authorization action was not found for tenantId ${emulator.tenantId} objectId ${POWERLESS.objectId} on resourceId ${appEvents.id} ` +
        `ConfigurationId: ${appEvents.immutableId}..`,
    )
  })

  it('404 InvalidStream for a stream the DCR does not declare', async () => {
    const cause = await uploadFailure(
      ingestionClient(appEvents),
      appEvents.immutableId,
      'Custom-Nope',
      [{ Host: 'x' }],
    )
    expect(cause).toMatchObject({ statusCode: 404, code: 'InvalidStream' })
    expect(cause.message).toContain("Stream 'Custom-Nope' is not declared")
  })

  it('413 ContentLengthLimitExceeded for a record the SDK sends alone over 1 MB', async () => {
    // Random text barely compresses, so the gzipped request is over 1 MB too.
    const noise = randomBytes(900_000).toString('base64')
    const cause = await uploadFailure(
      ingestionClient(appEvents),
      appEvents.immutableId,
      'Custom-AppEvents',
      [{ Message: noise }],
    )
    expect(cause.statusCode).toBe(413)
    expect(cause.code).toBe('ContentLengthLimitExceeded')
    expect(cause.message.startsWith('Maximum allowed content length: 1048576 bytes (1 MB).')).toBe(
      true,
    )
  })

  it('429 TooManyRequests with Retry-After, retried by the SDK before it gives up', async () => {
    await setFaults({ rate429: 1, retryAfterSeconds: 0 })
    try {
      const cause = await uploadFailure(
        ingestionClient(appEvents),
        appEvents.immutableId,
        'Custom-AppEvents',
        [{ Host: 'x' }],
      )
      expect(cause).toMatchObject({ statusCode: 429, code: 'TooManyRequests' })
      const raw = await rawIngest(appEvents, '[{"Host":"x"}]')
      expect(raw.status).toBe(429)
      expect(raw.headers.get('retry-after')).toBe('0')
    } finally {
      await setFaults({})
    }
  })

  it('400 for a body that is not a JSON array, and a bare 500 for an empty body', async () => {
    const notArray = await rawIngest(appEvents, '{"Host":"x"}')
    expect(notArray.status).toBe(400)
    expect(notArray.headers.get('x-ms-error-code')).toBe('InvalidJson')
    expect(await notArray.json()).toEqual({
      error: {
        code: 'InvalidJson',
        message: 'The request body must be a JSON array of objects, but it is an object.',
      },
    })
    const empty = await rawIngest(appEvents, '')
    expect(empty.status).toBe(500)
    expect(empty.headers.get('x-ms-error-code')).toBeNull()
    expect(await empty.text()).toBe('')
  })

  it('401 without a bearer token (answered by the server before the data plane), counted', async () => {
    const refusedBefore = await ingestionByStatus()
    const response = await fetch(
      `${appEvents.ingestionEndpoint}/dataCollectionRules/${appEvents.immutableId}/streams/Custom-AppEvents?api-version=2023-01-01`,
      { method: 'POST', dispatcher, body: '[]', headers: { 'content-type': 'application/json' } },
    )
    expect(response.status).toBe(401)
    const wrongMethod = await fetch(
      `${appEvents.ingestionEndpoint}/dataCollectionRules/${appEvents.immutableId}/streams/Custom-AppEvents?api-version=2023-01-01`,
      { method: 'GET', dispatcher },
    )
    expect(wrongMethod.status).toBe(405)
    const after = await ingestionByStatus()
    expect([after['401'] ?? 0, after['405'] ?? 0]).toEqual([
      (refusedBefore['401'] ?? 0) + 1,
      (refusedBefore['405'] ?? 0) + 1,
    ])
  })
})
