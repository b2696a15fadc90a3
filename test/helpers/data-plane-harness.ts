import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { DataPlane, type Caller, type DataPlaneOptions } from '../../emulator/data/data-plane'
import type { EmulatorSeed } from '../../emulator/seed/seed-types'

// A small world for the data plane's own tests: the real handlers behind a plain node:http
// server. The emulator server authenticates tokens; here the caller's object id comes from
// the `x-test-caller` header instead, which is the only thing this harness stands in for.

export const TENANT_ID = '11111111-1111-4111-8111-111111111111'
export const SUBSCRIPTION_ID = '22222222-2222-4222-8222-222222222222'
export const RESOURCE_GROUP = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-logs`
export const WORKSPACE_ID = '33333333-3333-4333-8333-333333333333'
export const WORKSPACE_ARM_ID = `${RESOURCE_GROUP}/providers/Microsoft.OperationalInsights/workspaces/law-test`
export const DCR_DIRECT_IMMUTABLE_ID = 'dcr-00000000000000000000000000000001'
export const DCR_RAW_IMMUTABLE_ID = 'dcr-00000000000000000000000000000002'
export const DCR_BAD_IMMUTABLE_ID = 'dcr-00000000000000000000000000000003'
export const DCR_DIRECT_ARM_ID = `${RESOURCE_GROUP}/providers/Microsoft.Insights/dataCollectionRules/dcr-direct`

/** Object ids of the test principals. */
export const PRINCIPALS = {
  /** Monitoring Metrics Publisher on the resource group; Reader on the workspace. */
  publisher: 'aaaaaaaa-0000-4000-8000-000000000001',
  /** Monitoring Metrics Publisher on the whole subscription (a service principal). */
  servicePrincipal: 'aaaaaaaa-0000-4000-8000-000000000002',
  /** No roles at all. */
  nobody: 'aaaaaaaa-0000-4000-8000-000000000003',
  /** Log Analytics Reader on the workspace only. */
  reader: 'aaaaaaaa-0000-4000-8000-000000000004',
} as const

const destination = {
  workspaceResourceId: WORKSPACE_ARM_ID,
  workspaceId: WORKSPACE_ID,
  name: 'la-test',
}

/** A seed with one workspace, three DCRs (identity-ish, parse_json, unsupported) and roles. */
export function buildTestSeed(overrides: Partial<EmulatorSeed> = {}): EmulatorSeed {
  return {
    tenant: { id: TENANT_ID, displayName: 'Test', domain: 'test.example' },
    users: [],
    publicClients: [],
    servicePrincipals: [],
    subscriptions: [
      {
        subscriptionId: SUBSCRIPTION_ID,
        displayName: 'Test',
        tenantId: TENANT_ID,
        state: 'Enabled',
      },
    ],
    workspaces: [
      {
        id: WORKSPACE_ARM_ID,
        name: 'law-test',
        location: 'westeurope',
        customerId: WORKSPACE_ID,
        tables: [
          {
            name: 'AppEvents_CL',
            columns: [
              { name: 'TimeGenerated', type: 'dateTime' },
              { name: 'Host', type: 'string' },
              { name: 'Level', type: 'int' },
              { name: 'Count', type: 'long' },
              { name: 'DurationMs', type: 'real' },
              { name: 'Ok', type: 'boolean' },
              { name: 'Props', type: 'dynamic' },
              { name: 'Message', type: 'string' },
            ],
          },
        ],
      },
    ],
    dataCollectionEndpoints: [],
    dataCollectionRules: [
      {
        id: DCR_DIRECT_ARM_ID,
        name: 'dcr-direct',
        type: 'Microsoft.Insights/dataCollectionRules',
        location: 'westeurope',
        kind: 'Direct',
        properties: {
          immutableId: DCR_DIRECT_IMMUTABLE_ID,
          streamDeclarations: {
            'Custom-AppEvents': {
              columns: [
                { name: 'Time', type: 'datetime' },
                { name: 'Host', type: 'string' },
                { name: 'Level', type: 'int' },
                { name: 'Count', type: 'long' },
                { name: 'DurationMs', type: 'real' },
                { name: 'Ok', type: 'boolean' },
                { name: 'Props', type: 'dynamic' },
                { name: 'Message', type: 'string' },
              ],
            },
          },
          destinations: { logAnalytics: [destination] },
          dataFlows: [
            {
              streams: ['Custom-AppEvents'],
              destinations: ['la-test'],
              transformKql: 'source | extend TimeGenerated = Time | project-away Time',
              outputStream: 'Custom-AppEvents_CL',
            },
          ],
          provisioningState: 'Succeeded',
        },
      },
      {
        id: `${RESOURCE_GROUP}/providers/Microsoft.Insights/dataCollectionRules/dcr-raw`,
        name: 'dcr-raw',
        type: 'Microsoft.Insights/dataCollectionRules',
        location: 'westeurope',
        properties: {
          immutableId: DCR_RAW_IMMUTABLE_ID,
          streamDeclarations: {
            'Custom-Raw': {
              columns: [
                { name: 'Time', type: 'datetime' },
                { name: 'RawData', type: 'string' },
              ],
            },
          },
          destinations: { logAnalytics: [destination] },
          dataFlows: [
            {
              streams: ['Custom-Raw'],
              destinations: ['la-test'],
              transformKql:
                "source | extend d = parse_json(RawData) | where isnotempty(tostring(d.host)) | project TimeGenerated = Time, Host = tostring(d.host), Level = toint(d['level']), Message = strcat('raw:', RawData), Bogus = 'x'",
              outputStream: 'Custom-AppEvents_CL',
            },
          ],
          provisioningState: 'Succeeded',
        },
      },
      {
        id: `${RESOURCE_GROUP}/providers/Microsoft.Insights/dataCollectionRules/dcr-bad`,
        name: 'dcr-bad',
        type: 'Microsoft.Insights/dataCollectionRules',
        location: 'westeurope',
        properties: {
          immutableId: DCR_BAD_IMMUTABLE_ID,
          streamDeclarations: {
            'Custom-Bad': { columns: [{ name: 'Time', type: 'datetime' }] },
          },
          destinations: { logAnalytics: [destination] },
          dataFlows: [
            {
              streams: ['Custom-Bad'],
              destinations: ['la-test'],
              transformKql: 'source | summarize count() by bin(Time, 1h)',
              outputStream: 'Custom-AppEvents_CL',
            },
          ],
          provisioningState: 'Succeeded',
        },
      },
    ],
    roleAssignments: [
      {
        principalId: PRINCIPALS.publisher,
        role: 'Monitoring Metrics Publisher',
        scope: RESOURCE_GROUP,
      },
      { principalId: PRINCIPALS.publisher, role: 'Reader', scope: WORKSPACE_ARM_ID },
      {
        principalId: PRINCIPALS.servicePrincipal,
        role: 'Monitoring Metrics Publisher',
        scope: `/subscriptions/${SUBSCRIPTION_ID}`,
      },
      { principalId: PRINCIPALS.reader, role: 'Log Analytics Reader', scope: WORKSPACE_ARM_ID },
    ],
    ...overrides,
  }
}

/** A running data plane behind a plain HTTP server. */
export interface DataPlaneHarness {
  readonly url: string
  readonly dataDir: string
  readonly dataPlane: DataPlane
  /** Closes the server and the data plane (the data dir stays until `dispose`). */
  close(): Promise<void>
  /** Closes and deletes the data dir. */
  dispose(): Promise<void>
}

/** Starts the data plane on a free port; options default to the test seed and a temp dir. */
export async function startDataPlaneHarness(
  options: Partial<DataPlaneOptions> = {},
): Promise<DataPlaneHarness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'logdrop-data-plane-')))
  const dataPlane = await DataPlane.open({ seed: buildTestSeed(), ...options, dataDir })
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const objectId = String(req.headers['x-test-caller'] ?? PRINCIPALS.publisher)
    const caller: Caller = { objectId, kind: 'user' }
    const ingestion = /^\/dataCollectionRules\/([^/]+)\/streams\/([^/]+)$/.exec(url.pathname)
    const query = /^\/v1\/workspaces\/([^/]+)\/query$/.exec(url.pathname)
    const done = (promise: Promise<void>) =>
      promise.catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)))
      })
    if (ingestion !== null) {
      void done(
        dataPlane.handleIngestion(
          req,
          res,
          {
            immutableId: decodeURIComponent(ingestion[1] ?? ''),
            stream: decodeURIComponent(ingestion[2] ?? ''),
            apiVersion: url.searchParams.get('api-version'),
          },
          caller,
        ),
      )
    } else if (query !== null) {
      void done(dataPlane.handleQuery(req, res, { workspaceId: query[1] ?? '' }, caller))
    } else if (url.pathname.startsWith('/_emulator/')) {
      void done(
        dataPlane.handleAdmin(req, res, `${url.pathname.slice('/_emulator/'.length)}${url.search}`),
      )
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  let closed: Promise<void> | undefined
  const close = () => {
    closed ??= (async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await dataPlane.close()
    })()
    return closed
  }
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    dataPlane,
    close,
    async dispose() {
      await close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** Options for one ingestion call. */
export interface IngestOptions {
  readonly immutableId?: string
  readonly stream?: string
  readonly apiVersion?: string | null
  readonly caller?: string
  readonly gzip?: boolean
  readonly headers?: Record<string, string>
}

/** POSTs a body (a value is JSON-encoded) to the ingestion route. */
export function ingest(
  harness: DataPlaneHarness,
  body: unknown,
  options: IngestOptions = {},
): Promise<Response> {
  const immutableId = options.immutableId ?? DCR_DIRECT_IMMUTABLE_ID
  const stream = options.stream ?? 'Custom-AppEvents'
  const apiVersion = options.apiVersion === undefined ? '2023-01-01' : options.apiVersion
  const search = apiVersion === null ? '' : `?api-version=${encodeURIComponent(apiVersion)}`
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body)
  const payload = options.gzip === true ? gzipSync(raw) : Buffer.from(raw)
  return fetch(
    `${harness.url}/dataCollectionRules/${encodeURIComponent(immutableId)}/streams/${encodeURIComponent(stream)}${search}`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-test-caller': options.caller ?? PRINCIPALS.publisher,
        ...(options.gzip === true ? { 'content-encoding': 'gzip' } : {}),
        ...options.headers,
      },
      body: payload,
    },
  )
}

/** Runs a query through the query API and returns status and JSON body. */
export async function query(
  harness: DataPlaneHarness,
  kql: string,
  options: {
    readonly caller?: string
    readonly workspaceId?: string
    readonly timespan?: string
  } = {},
): Promise<{ status: number; body: QueryBody }> {
  const response = await fetch(
    `${harness.url}/v1/workspaces/${options.workspaceId ?? WORKSPACE_ID}/query`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-test-caller': options.caller ?? PRINCIPALS.publisher,
      },
      body: JSON.stringify({
        query: kql,
        ...(options.timespan === undefined ? {} : { timespan: options.timespan }),
      }),
    },
  )
  return { status: response.status, body: (await response.json()) as QueryBody }
}

/** The query API's JSON, loosely typed for assertions. */
export interface QueryBody {
  readonly tables: ReadonlyArray<{
    readonly name: string
    readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string }>
    readonly rows: unknown[][]
  }>
  readonly error?: {
    readonly code: string
    readonly message: string
    readonly correlationId?: string
    readonly innererror?: Record<string, unknown>
  }
}

/** The rows of the first table as objects keyed by column name. */
export function rowsOf(body: QueryBody): Array<Record<string, unknown>> {
  const table = body.tables[0]
  if (table === undefined) return []
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])))
}

/** Calls an admin path and returns status and JSON body (undefined for 204). */
export async function admin(
  harness: DataPlaneHarness,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${harness.url}/_emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) }
}
