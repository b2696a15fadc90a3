import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClientSecretCredential } from '@azure/identity'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  azureClientTrustOptions,
  createTrustingDispatcher,
} from '../../electron/core/emulator-client/trust'
import { ADMIN_KEY_HEADER } from '../../emulator/server'
import { startEmulator, type RunningEmulator } from '../../emulator/start-emulator'

/**
 * The server's own duties in front of the data plane: 401s for ingestion and query, the admin
 * key, and routing. What the data plane answers for valid calls is tested with the data plane.
 */
let dir: string
let emulator: RunningEmulator
let dispatcher: ReturnType<typeof createTrustingDispatcher>
let credential: ClientSecretCredential

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-emulator-server-'))
  emulator = await startEmulator({ dataDir: dir })
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
})

async function call(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const response = await fetch(`${emulator.origin}${path}`, { ...init, dispatcher })
  const text = await response.text()
  let body: { error?: { code?: string; message?: string } } | undefined
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    body = undefined
  }
  return { status: response.status, headers: response.headers, body }
}

const bearer = async (scope: string) => ({
  authorization: `Bearer ${(await credential.getToken(scope)).token}`,
})

describe('the emulator server in front of the data plane', () => {
  const rule = () => emulator.dcrs.find((d) => d.kind === 'Direct')!
  const ingestionPath = () =>
    `/dataCollectionRules/${rule().immutableId}/streams/${rule().streams[0]}?api-version=2023-01-01`

  it('wires the data plane by default', () => {
    expect(emulator.dataPlane).toBeDefined()
  })

  it('refuses ingestion without a token (401)', async () => {
    const response = await call(ingestionPath(), { method: 'POST', body: '[]' })
    expect(response.status).toBe(401)
    expect(response.body?.error?.code).toBe('AuthenticationFailed')
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /)
  })

  it('refuses ingestion with an ARM token: 401 InvalidAudience', async () => {
    const response = await call(ingestionPath(), {
      method: 'POST',
      headers: {
        ...(await bearer('https://management.azure.com/.default')),
        'content-type': 'application/json',
      },
      body: '[]',
    })
    expect(response.status).toBe(401)
    expect(response.body?.error).toEqual({
      code: 'InvalidAudience',
      message: 'Invalid authorization token audience.',
    })
  })

  it('hands ingestion with a Monitor token to the data plane', async () => {
    const response = await call(ingestionPath(), {
      method: 'POST',
      headers: {
        ...(await bearer('https://monitor.azure.com//.default')),
        'content-type': 'application/json',
      },
      body: '[]',
    })
    expect(response.status).not.toBe(401)
    expect(response.status).not.toBe(503)
  })

  it('answers 405 for GET on the ingestion path', async () => {
    const response = await call(ingestionPath())
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })

  it('applies the query API’s documented auth errors', async () => {
    const path = `/v1/workspaces/${emulator.workspaces[0]?.customerId}/query`
    const none = await call(path, { method: 'POST', body: '{"query":"AppEvents_CL"}' })
    expect(none.status).toBe(401)
    expect(none.body?.error?.code).toBe('AuthenticationFailed')
    const wrong = await call(path, {
      method: 'POST',
      headers: {
        ...(await bearer('https://monitor.azure.com/.default')),
        'content-type': 'application/json',
      },
      body: '{"query":"AppEvents_CL"}',
    })
    expect(wrong.status).toBe(403)
    expect(wrong.body?.error?.code).toBe('InvalidAuthenticationTokenAudience')
    const right = await call(path, {
      method: 'POST',
      headers: {
        ...(await bearer('https://api.loganalytics.io/.default')),
        'content-type': 'application/json',
      },
      body: '{"query":"AppEvents_CL | take 1"}',
    })
    expect([401, 403, 503]).not.toContain(right.status)
  })

  it('protects /_emulator/* with the admin key but not the health check', async () => {
    expect((await call('/_emulator/health')).body).toEqual({ ok: true })
    expect((await call('/_emulator/counters')).status).toBe(401)
    expect(
      (await call('/_emulator/counters', { headers: { [ADMIN_KEY_HEADER]: 'wrong' } })).status,
    ).toBe(401)
    const allowed = await call('/_emulator/counters', {
      headers: { [ADMIN_KEY_HEADER]: emulator.adminKey },
    })
    expect([401, 503]).not.toContain(allowed.status)
  })

  it('answers unknown paths with a JSON 404 and stamps x-ms-request-id', async () => {
    const response = await call('/no/such/thing')
    expect(response.status).toBe(404)
    expect(response.body?.error?.code).toBe('NotFound')
    expect(response.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })
})
