import { Agent } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkConnection } from '../../electron/core/services/target/connection-check'
import { DEFAULT_IDS } from '../../emulator/seed/default-seed'
import { createAesGcmEncryptor } from '../helpers/aes-gcm-encryptor'
import type { AccountSummary } from '../../shared/models/auth'
import {
  ADELE,
  BEN,
  createTestApp,
  createTestBrowser,
  startEmulatorWorld,
  value,
  type EmulatorWorld,
  type TestApp,
  type TestBrowser,
} from '../helpers/auth-app-fixture'

/*
 * Discovery through the official ARM SDKs (@azure/arm-resources-subscriptions,
 * @azure/arm-monitor, @azure/arm-operationalinsights) against the emulator, through the
 * contract, with the signed-in account's tokens.
 */

let world: EmulatorWorld
let browser: TestBrowser
let app: TestApp
let adele: AccountSummary
let ben: AccountSummary
/** Shared by every app context here, so a second one sees the same signed-in accounts. */
const encryptor = createAesGcmEncryptor()

async function signIn(username: string): Promise<AccountSummary> {
  const opened = app.next('auth:browser-url')
  const pending = app.invoke('auth:sign-in', { method: 'interactive' })
  await browser.signIn((await opened).url, { username })
  return value(await pending)
}

beforeAll(async () => {
  world = await startEmulatorWorld()
  browser = createTestBrowser(world.emulator.caCertPem)
  app = await createTestApp(world, { encryptor })
  ben = await signIn(BEN)
  adele = await signIn(ADELE)
})

afterAll(async () => {
  await app?.close()
  await browser?.close()
  await world?.stop()
})

const MAIN = DEFAULT_IDS.subscriptionMain
const SANDBOX = DEFAULT_IDS.subscriptionSandbox

describe('subscriptions', () => {
  it('lists the account’s subscriptions across its tenants, with search', async () => {
    const all = value(await app.invoke('target:list-subscriptions'))
    expect(all.tenantFailures).toEqual([])
    expect(all.tenantIds).toEqual([world.emulator.tenantId])
    expect(all.subscriptions.map((s) => s.subscriptionId).sort()).toEqual([MAIN, SANDBOX].sort())
    expect(all.subscriptions[0]).toMatchObject({
      tenantId: world.emulator.tenantId,
      state: 'Enabled',
    })

    const byName = value(await app.invoke('target:list-subscriptions', { search: ' sandBOX ' }))
    expect(byName.subscriptions.map((s) => s.subscriptionId)).toEqual([SANDBOX])
    const byId = value(await app.invoke('target:list-subscriptions', { search: MAIN.slice(0, 8) }))
    expect(byId.subscriptions.map((s) => s.subscriptionId)).toEqual([MAIN])
  })

  it('shows nothing (and no error) for an account without roles', async () => {
    const none = value(await app.invoke('target:list-subscriptions', { accountId: ben.id }))
    expect(none.subscriptions).toEqual([])
    expect(none.tenantFailures).toEqual([])
  })
})

describe('data collection rules', () => {
  it('lists every DCR of a subscription across both ARM pages, with streams and endpoints', async () => {
    const { dcrs } = value(await app.invoke('target:list-dcrs', { subscriptionId: MAIN }))
    const expected = world.emulator.dcrs.filter((d) => d.id.includes(MAIN))
    // Seven DCRs with ARM pages of five: the second page was followed.
    expect(expected.length).toBeGreaterThan(5)
    expect(dcrs.map((d) => d.name).sort()).toEqual(expected.map((d) => d.name).sort())
    for (const dcr of dcrs) {
      const seeded = expected.find((d) => d.id.toLowerCase() === dcr.id.toLowerCase())
      expect(dcr.immutableId).toBe(seeded?.immutableId)
      expect(dcr.ingestion.endpoint).toBe(seeded?.ingestionEndpoint)
      expect(dcr.streams.map((s) => s.name)).toEqual(seeded?.streams)
    }

    const direct = dcrs.find((d) => d.name === 'dcr-logdrop-requests')
    expect(direct?.kind).toBe('Direct')
    expect(direct?.ingestion).toEqual({
      endpoint: world.emulator.origin,
      source: 'dcr',
      dataCollectionEndpointId: null,
      problem: null,
    })
    const viaDce = dcrs.find((d) => d.name === 'dcr-logdrop-appevents')
    expect(viaDce?.kind).toBeNull()
    expect(viaDce?.ingestion.source).toBe('dce')
    expect(viaDce?.ingestion.endpoint).toBe(world.emulator.origin)
    expect(viaDce?.ingestion.dataCollectionEndpointId).toMatch(
      /dataCollectionEndpoints\/dce-logdrop-weu$/,
    )
  })

  it('shows columns, transform and the naming of input stream, output stream and table', async () => {
    const { dcrs } = value(
      await app.invoke('target:list-dcrs', { subscriptionId: MAIN, search: 'appevents' }),
    )
    expect(dcrs).toHaveLength(1)
    const stream = dcrs[0]?.streams[0]
    expect(stream?.name).toBe('Custom-AppEvents')
    expect(stream?.columns.map((c) => c.type).sort()).toEqual(
      ['boolean', 'datetime', 'dynamic', 'int', 'long', 'real', 'string', 'string'].sort(),
    )
    expect(stream?.flows).toEqual([
      {
        naming: {
          inputStream: 'Custom-AppEvents',
          outputStream: 'Custom-AppEvents_CL',
          table: 'AppEvents_CL',
        },
        transformKql: 'source | extend TimeGenerated = todatetime(Time)',
        workspace: {
          destinationName: world.emulator.workspaces[0]?.name,
          workspaceResourceId: world.emulator.workspaces[0]?.id,
          workspaceName: world.emulator.workspaces[0]?.name,
          workspaceId: world.emulator.workspaces[0]?.customerId,
        },
      },
    ])
  })

  it('gets one DCR with its destination table schema', async () => {
    const seeded = world.emulator.dcrs.find((d) => d.name === 'dcr-logdrop-requests')
    if (seeded === undefined) throw new Error('seed changed')
    const detail = value(await app.invoke('target:get-dcr', { dcrId: seeded.id }))
    expect(detail.immutableId).toBe(seeded.immutableId)
    expect(detail.ingestion.source).toBe('dcr')
    expect(detail.tables).toHaveLength(1)
    expect(detail.tables[0]?.table).toBe('Requests_CL')
    expect(detail.tables[0]?.problem).toBeNull()
    expect(detail.tables[0]?.columns.map((c) => c.name)).toContain('TimeGenerated')
    expect(detail.tables[0]?.columns.map((c) => c.name)).toContain('RequestUrl')
  })

  it('lists DCEs', async () => {
    const { dces } = value(await app.invoke('target:list-dces', { subscriptionId: MAIN }))
    expect(dces.map((d) => d.name)).toEqual(['dce-logdrop-weu'])
    expect(dces[0]).toMatchObject({
      immutableId: 'dce-1ded352c70ddec810d0f4ed87d68d435',
      logsIngestionEndpoint: world.emulator.origin,
      publicNetworkAccess: 'Enabled',
      resourceGroup: 'rg-logdrop',
    })
  })

  it('tells an account without read access to ask for Reader or enter the target by hand', async () => {
    const result = await app.invoke('target:list-dcrs', { subscriptionId: MAIN, accountId: ben.id })
    expect(!result.ok && result.error.code).toBe('target/arm-forbidden')
    if (!result.ok) expect(result.error.message).toMatch(/by hand/)
  })

  it('reports a DCR that does not exist', async () => {
    const result = await app.invoke('target:get-dcr', {
      dcrId: `/subscriptions/${MAIN}/resourceGroups/rg-logdrop/providers/Microsoft.Insights/dataCollectionRules/missing`,
    })
    expect(!result.ok && result.error.code).toBe('target/dcr-not-found')
  })

  it('refuses malformed requests before any handler runs', async () => {
    const result = await app.invoke('target:list-dcrs', { subscriptionId: 'not-a-guid' })
    expect(!result.ok && result.error.code).toBe('ipc/invalid-payload')
  })
})

describe('connection check', () => {
  const requests = () => world.emulator.dcrs.find((d) => d.name === 'dcr-logdrop-requests')
  const appEvents = () => world.emulator.dcrs.find((d) => d.name === 'dcr-logdrop-appevents')

  it('reports the right user as ready on a Direct and a DCE-based DCR, and remembers it', async () => {
    for (const dcr of [requests(), appEvents()]) {
      if (dcr === undefined) throw new Error('seed changed')
      const check = value(
        await app.invoke('target:check-connection', {
          target: {
            endpoint: dcr.ingestionEndpoint,
            dcrImmutableId: dcr.immutableId,
            streamName: dcr.streams[0] ?? '',
          },
          label: dcr.name,
          dcrId: dcr.id,
          accountId: adele.id,
        }),
      )
      expect(check.ready).toBe(true)
    }
    const recent = value(await app.invoke('target:recent'))
    expect(recent.map((r) => r.label)).toEqual(['dcr-logdrop-appevents', 'dcr-logdrop-requests'])
    expect(recent[0]).toMatchObject({ source: 'discovered', streamName: 'Custom-AppEvents' })
  })

  it('reports the user without rights with the role to ask for (403)', async () => {
    const dcr = requests()
    if (dcr === undefined) throw new Error('seed changed')
    const check = value(
      await app.invoke('target:check-connection', {
        target: {
          endpoint: dcr.ingestionEndpoint,
          dcrImmutableId: dcr.immutableId,
          streamName: 'Custom-Requests',
        },
        accountId: ben.id,
      }),
    )
    expect(check.ready).toBe(false)
    if (check.ready) return
    expect(check.httpStatus).toBe(403)
    expect(check.problem.code).toBe('target/forbidden')
    expect(check.problem.message).toMatch(/Monitoring Metrics Publisher/)
    expect(check.problem.message).toMatch(/30 minutes/)
    expect(check.serviceCode).toBe('OperationFailed')
  })

  it('reports a wrong immutable id (404) and a wrong stream', async () => {
    const wrongId = value(
      await app.invoke('target:check-connection', {
        target: {
          endpoint: world.emulator.origin,
          dcrImmutableId: 'dcr-00000000000000000000000000000000',
          streamName: 'Custom-Requests',
        },
      }),
    )
    expect(!wrongId.ready && wrongId.problem.code).toBe('target/not-found')
    expect(!wrongId.ready && wrongId.httpStatus).toBe(404)

    const dcr = requests()
    if (dcr === undefined) throw new Error('seed changed')
    const wrongStream = value(
      await app.invoke('target:check-connection', {
        target: {
          endpoint: dcr.ingestionEndpoint,
          dcrImmutableId: dcr.immutableId,
          streamName: 'Custom-Requests_CL',
        },
      }),
    )
    expect(!wrongStream.ready && wrongStream.problem.code).toBe('target/stream-not-found')
  })

  it('validates and prefills manual targets', async () => {
    const dcr = world.emulator.dcrs.find((d) => d.name === 'dcr-logdrop-security')
    if (dcr === undefined) throw new Error('seed changed')
    const env = {
      AZURE_DCE_ENDPOINT: `${dcr.ingestionEndpoint}/`,
      AZURE_DCR_RULE_ID: dcr.immutableId,
      AZURE_DCR_STREAM_NAME: 'Custom-SecurityEvents',
    }
    const manual = await createTestApp(world, { env, encryptor })
    try {
      const defaults = value(await manual.invoke('target:manual-defaults'))
      expect(defaults.fromEnvironment).toEqual(Object.keys(env))
      const { endpoint, dcrImmutableId, streamName } = defaults
      const validated = value(
        await manual.invoke('target:validate-manual', { endpoint, dcrImmutableId, streamName }),
      )
      expect(validated).toEqual({
        valid: true,
        target: {
          endpoint: dcr.ingestionEndpoint,
          dcrImmutableId: dcr.immutableId,
          streamName: 'Custom-SecurityEvents',
        },
        hints: [],
      })
      const bad = value(
        await manual.invoke('target:validate-manual', {
          endpoint: 'ftp://x',
          dcrImmutableId: 'dcr-xyz',
          streamName: 'Requests_CL',
        }),
      )
      expect(bad.valid).toBe(false)
      // The connection check refuses an invalid target before sending anything.
      const refused = await manual.invoke('target:check-connection', {
        target: { endpoint: 'ftp://x', dcrImmutableId: 'dcr-xyz', streamName: 'Requests' },
      })
      expect(!refused.ok && refused.error.code).toBe('ipc/invalid-payload')
      // A manual target checked as ready joins the recent list as manual.
      if (!validated.valid) return
      const check = value(
        await manual.invoke('target:check-connection', { target: validated.target }),
      )
      expect(check.ready).toBe(true)
      const recent = value(await manual.invoke('target:recent'))
      expect(recent[0]).toMatchObject({
        source: 'manual',
        dcrId: null,
        label: 'Custom-SecurityEvents',
      })
    } finally {
      await manual.close()
    }
  })

  it('tells an untrusted certificate and an unreachable endpoint apart', async () => {
    const dcr = requests()
    if (dcr === undefined) throw new Error('seed changed')
    const target = {
      endpoint: dcr.ingestionEndpoint,
      dcrImmutableId: dcr.immutableId,
      streamName: 'Custom-Requests',
    }
    // A client that does not trust the emulator's CA, like a proxy-intercepted connection.
    const untrusted = new Agent()
    try {
      const tls = await checkConnection(target, {
        dispatcher: untrusted,
        getToken: async () => (await app.ctx.auth.getToken('monitor')).token,
      })
      expect(!tls.ready && tls.problem.code).toBe('target/tls')
      const closed = await checkConnection(
        { ...target, endpoint: 'https://127.0.0.1:1' },
        { dispatcher: untrusted, getToken: async () => 'unused' },
      )
      expect(!closed.ready && closed.problem.code).toBe('target/unreachable')
    } finally {
      await untrusted.close()
    }
  })
})

describe('logs', () => {
  it('hold none of the tokens discovery and the checks used', async () => {
    const tokens = await Promise.all([
      app.ctx.auth.getToken('arm'),
      app.ctx.auth.getToken('monitor'),
      app.ctx.auth.getToken('arm', { accountId: ben.id }),
      app.ctx.auth.getToken('monitor', { accountId: ben.id }),
    ])
    const text = app.logs.join('\n')
    expect(text).toContain('connection check')
    for (const { token } of tokens) expect(text).not.toContain(token)
  })
})
