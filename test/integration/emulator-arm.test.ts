import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MonitorClient } from '@azure/arm-monitor'
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights'
import { SubscriptionClient } from '@azure/arm-resources-subscriptions'
import { ClientSecretCredential } from '@azure/identity'
import type { PipelinePolicy } from '@azure/core-rest-pipeline'
import { PublicClientApplication } from '@azure/msal-node'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  azureClientTrustOptions,
  createMsalNetworkClient,
  createTrustingDispatcher,
} from '../../electron/core/emulator-client/trust'
import { DEFAULT_IDS, defaultSeed } from '../../emulator/seed/default-seed'
import type { EmulatorSeed } from '../../emulator/seed/seed-types'
import { startEmulator, type RunningEmulator } from '../../emulator/start-emulator'
import { signInThroughBrowser } from '../helpers/emulator-fake-browser'

const ARM_SCOPE = 'https://management.azure.com/.default'
const MAIN = DEFAULT_IDS.subscriptionMain
const MAIN_RG = `/subscriptions/${MAIN}/resourceGroups/rg-logdrop`

let dir: string
let emulator: RunningEmulator
let dispatcher: ReturnType<typeof createTrustingDispatcher>
let credential: ClientSecretCredential
/** URLs the Azure SDK clients requested: all must be on the emulator. */
const requested: string[] = []

/** A seed with a third subscription in another tenant, which nobody here may list. */
function seedWithForeignSubscription(): EmulatorSeed {
  const seed = defaultSeed()
  return {
    ...seed,
    subscriptions: [
      ...seed.subscriptions,
      {
        subscriptionId: '7d3f5c2a-1b4e-4c6d-8e9f-0a1b2c3d4e5f',
        displayName: 'Fabrikam (other tenant)',
        tenantId: '2b7e9c41-5d3a-4f68-9e1b-c0d2a4f6b8e0',
        state: 'Enabled',
      },
    ],
    roleAssignments: [
      ...seed.roleAssignments,
      {
        principalId: DEFAULT_IDS.servicePrincipalObjectId,
        role: 'Reader',
        scope: '/subscriptions/7d3f5c2a-1b4e-4c6d-8e9f-0a1b2c3d4e5f',
      },
    ],
  }
}

/** Records every URL an SDK pipeline sends to. */
const recordUrls: PipelinePolicy = {
  name: 'record-urls',
  sendRequest: (request, next) => {
    requested.push(request.url)
    return next(request)
  },
}

function clientOptions() {
  return {
    endpoint: emulator.origin,
    credentials: { scopes: [ARM_SCOPE] },
    ...azureClientTrustOptions(emulator.caCertPem),
    additionalPolicies: [{ position: 'perCall' as const, policy: recordUrls }],
  }
}

async function token(scope: string): Promise<string> {
  return (await credential.getToken(scope)).token
}

async function get(path: string, bearer?: string) {
  const response = await fetch(`${emulator.origin}${path}`, {
    headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` },
    dispatcher,
  })
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown> & {
      error?: { code: string; message: string }
    },
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-emulator-arm-'))
  emulator = await startEmulator({
    dataDir: dir,
    seed: seedWithForeignSubscription(),
    withoutDataPlane: true,
  })
  dispatcher = createTrustingDispatcher(emulator.caCertPem)
  credential = new ClientSecretCredential(
    emulator.tenantId,
    emulator.servicePrincipal.clientId,
    emulator.servicePrincipal.clientSecret,
    {
      authorityHost: emulator.origin,
      disableInstanceDiscovery: true,
      ...azureClientTrustOptions(emulator.caCertPem),
    },
  )
})

afterAll(async () => {
  await emulator.stop()
  await dispatcher.close()
  await rm(dir, { recursive: true, force: true })
  expect(requested.length).toBeGreaterThan(0)
  for (const url of requested) expect(url.startsWith(`${emulator.origin}/`)).toBe(true)
})

describe('Azure SDK clients against the emulated ARM', () => {
  it('@azure/arm-monitor lists every DCR of a subscription across two pages', async () => {
    const client = new MonitorClient(credential, MAIN, clientOptions())
    const pages: string[][] = []
    for await (const page of client.dataCollectionRules.listBySubscription().byPage()) {
      pages.push(page.map((rule) => rule.name ?? ''))
    }
    expect(pages).toHaveLength(2)
    expect(pages[0]).toHaveLength(5)
    const expected = emulator.seed.dataCollectionRules
      .filter((rule) => rule.id.includes(MAIN))
      .map((rule) => rule.name)
    expect(pages.flat().sort()).toEqual([...expected].sort())
  })

  it('@azure/arm-monitor reads a Direct DCR with its ingestion endpoint and lists by group', async () => {
    const client = new MonitorClient(credential, MAIN, clientOptions())
    const rule = await client.dataCollectionRules.get('rg-logdrop', 'dcr-logdrop-requests')
    expect(rule.kind).toBe('Direct')
    expect(rule.endpoints?.logsIngestion).toBe(emulator.origin)
    expect(rule.immutableId).toMatch(/^dcr-[0-9a-f]{32}$/)
    const inGroup: string[] = []
    for await (const item of client.dataCollectionRules.listByResourceGroup('rg-logdrop-ops')) {
      inGroup.push(item.name ?? '')
    }
    expect(inGroup.sort()).toEqual([
      'dcr-logdrop-csvimport',
      'dcr-logdrop-security',
      'dcr-logdrop-traces',
    ])
    const endpoints: string[] = []
    for await (const dce of client.dataCollectionEndpoints.listBySubscription()) {
      endpoints.push(dce.logsIngestion?.endpoint ?? '')
    }
    expect(endpoints).toEqual([emulator.origin])
  })

  it('@azure/arm-resources-subscriptions lists only the subscriptions of the caller’s tenant', async () => {
    const client = new SubscriptionClient(credential, clientOptions())
    const listed: string[] = []
    for await (const subscription of client.subscriptions.list()) {
      listed.push(subscription.subscriptionId ?? '')
      expect(subscription.tenantId).toBe(emulator.tenantId)
    }
    expect(listed.sort()).toEqual(
      [DEFAULT_IDS.subscriptionMain, DEFAULT_IDS.subscriptionSandbox].sort(),
    )
  })

  it('@azure/arm-operationalinsights lists workspaces and reads a table schema', async () => {
    const client = new OperationalInsightsManagementClient(credential, MAIN, clientOptions())
    const workspaces = []
    for await (const workspace of client.workspaces.list()) workspaces.push(workspace)
    expect(workspaces.map((w) => [w.name, w.customerId])).toEqual([
      ['law-logdrop', DEFAULT_IDS.workspaceMainCustomerId],
    ])
    const table = await client.tables.get('rg-logdrop', 'law-logdrop', 'AppEvents_CL')
    expect(table.schema?.tableSubType).toBe('DataCollectionRuleBased')
    const columns = Object.fromEntries((table.schema?.columns ?? []).map((c) => [c.name, c.type]))
    expect(columns).toMatchObject({
      TimeGenerated: 'dateTime',
      Level: 'int',
      Bytes: 'long',
      DurationMs: 'real',
      Success: 'boolean',
      Properties: 'dynamic',
      Message: 'string',
    })
  })
})

describe('ARM responses', () => {
  it('answers 401 AuthenticationFailed without a token', async () => {
    const response = await get('/subscriptions?api-version=2022-12-01')
    expect(response.status).toBe(401)
    expect(response.body.error?.code).toBe('AuthenticationFailed')
    expect(response.body.error?.message).toBe(
      "Authentication failed. The 'Authorization' header is missing.",
    )
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri="/)
  })

  it('answers 401 for a Monitor-audience token and for a forged one', async () => {
    const monitor = await get(
      '/subscriptions?api-version=2022-12-01',
      await token('https://monitor.azure.com/.default'),
    )
    expect(monitor.status).toBe(401)
    expect(monitor.body.error?.code).toBe('InvalidAuthenticationTokenAudience')
    expect(monitor.body.error?.message).toContain(
      "wrong audience or resource 'https://monitor.azure.com'",
    )

    const arm = await token(ARM_SCOPE)
    const [header, payload] = arm.split('.')
    const forged = await get('/subscriptions?api-version=2022-12-01', `${header}.${payload}.AAAA`)
    expect(forged.status).toBe(401)
    expect(forged.body.error?.code).toBe('InvalidAuthenticationToken')
  })

  it('requires api-version', async () => {
    const response = await get('/subscriptions', await token(ARM_SCOPE))
    expect(response.status).toBe(400)
    expect(response.body.error).toEqual({
      code: 'MissingApiVersionParameter',
      message: 'The api-version query parameter (?api-version=) is required for all requests.',
    })
  })

  it('uses ARM 404 shapes for a missing subscription, group and resource', async () => {
    const bearer = await token(ARM_SCOPE)
    const subscription = await get(
      '/subscriptions/00000000-0000-4000-8000-00000000abcd?api-version=2022-12-01',
      bearer,
    )
    expect(subscription.status).toBe(404)
    expect(subscription.body.error?.code).toBe('SubscriptionNotFound')

    const group = await get(
      `/subscriptions/${MAIN}/resourceGroups/rg-missing/providers/Microsoft.Insights/dataCollectionRules?api-version=2023-03-11`,
      bearer,
    )
    expect(group.status).toBe(404)
    expect(group.body.error).toEqual({
      code: 'ResourceGroupNotFound',
      message: "Resource group 'rg-missing' could not be found.",
    })

    const rule = await get(
      `${MAIN_RG}/providers/Microsoft.Insights/dataCollectionRules/dcr-missing?api-version=2023-03-11`,
      bearer,
    )
    expect(rule.status).toBe(404)
    expect(rule.body.error?.code).toBe('ResourceNotFound')
    expect(rule.body.error?.message).toContain(
      "The Resource 'Microsoft.Insights/dataCollectionRules/dcr-missing' under resource group 'rg-logdrop' was not found.",
    )
  })

  it('shows endpoints of a Direct DCR from api-version 2023-03-11 on, not in 2022-06-01', async () => {
    const bearer = await token(ARM_SCOPE)
    const path = `${MAIN_RG}/providers/Microsoft.Insights/dataCollectionRules/dcr-logdrop-requests`
    const old = await get(`${path}?api-version=2022-06-01`, bearer)
    const current = await get(`${path}?api-version=2023-03-11`, bearer)
    expect(old.status).toBe(200)
    expect((old.body['properties'] as Record<string, unknown>)['endpoints']).toBeUndefined()
    expect((current.body['properties'] as Record<string, unknown>)['endpoints']).toEqual({
      logsIngestion: emulator.origin,
    })
  })

  it('pages with an absolute nextLink carrying $skipToken', async () => {
    const bearer = await token(ARM_SCOPE)
    const first = await get(
      `/subscriptions/${MAIN}/providers/Microsoft.Insights/dataCollectionRules?api-version=2023-03-11`,
      bearer,
    )
    const nextLink = String(first.body['nextLink'])
    expect(nextLink).toMatch(
      new RegExp(
        `^${emulator.origin}/subscriptions/${MAIN}/providers/Microsoft.Insights/dataCollectionRules\\?api-version=2023-03-11&\\$skipToken=`,
      ),
    )
    const second = await get(nextLink.slice(emulator.origin.length), bearer)
    expect(second.body['nextLink']).toBeUndefined()
    expect((second.body['value'] as unknown[]).length).toBe(2)
  })

  it('refuses a subscription of another tenant with InvalidAuthenticationTokenTenant', async () => {
    const response = await get(
      '/subscriptions/7d3f5c2a-1b4e-4c6d-8e9f-0a1b2c3d4e5f?api-version=2022-12-01',
      await token(ARM_SCOPE),
    )
    expect(response.status).toBe(401)
    expect(response.body.error?.code).toBe('InvalidAuthenticationTokenTenant')
  })

  it('shows a user without role assignments no subscriptions and refuses their reads', async () => {
    const pca = new PublicClientApplication({
      auth: {
        clientId: emulator.publicClientId,
        authority: emulator.authority,
        knownAuthorities: [`localhost:${emulator.port}`],
      },
      system: { networkClient: createMsalNetworkClient(emulator.caCertPem) },
    })
    const ben = await pca.acquireTokenInteractive({
      scopes: [ARM_SCOPE],
      openBrowser: async (url) => {
        await signInThroughBrowser(url, 'ben.walters@contoso.example', dispatcher)
      },
    })
    const list = await get('/subscriptions?api-version=2022-12-01', ben.accessToken)
    expect(list.status).toBe(200)
    expect(list.body['value']).toEqual([])
    const rules = await get(
      `/subscriptions/${MAIN}/providers/Microsoft.Insights/dataCollectionRules?api-version=2023-03-11`,
      ben.accessToken,
    )
    expect(rules.status).toBe(403)
    expect(rules.body.error?.code).toBe('AuthorizationFailed')
    expect(rules.body.error?.message).toContain("The client 'ben.walters@contoso.example'")
  })
})
