import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClientSecretCredential } from '@azure/identity'
import {
  PublicClientApplication,
  ServerError,
  type INetworkModule,
  type AuthenticationResult,
} from '@azure/msal-node'
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  azureClientTrustOptions,
  createMsalNetworkClient,
  createTrustingDispatcher,
} from '../../electron/core/emulator-client/trust'
import { defaultSeed } from '../../emulator/seed/default-seed'
import { startEmulator, type RunningEmulator } from '../../emulator/start-emulator'
import {
  authorizeAndCapture,
  completeDeviceCode,
  signInThroughBrowser,
} from '../helpers/emulator-fake-browser'

const ADELE = 'adele.vance@contoso.example'
const ARM_SCOPE = 'https://management.azure.com/.default'
const MONITOR_SCOPE = 'https://monitor.azure.com//.default'

let dir: string
let emulator: RunningEmulator
let clockOffsetMs = 0
let dispatcher: ReturnType<typeof createTrustingDispatcher>
/** Every URL msal or @azure/identity requested: all must be on the emulator. */
const requested: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-emulator-identity-'))
  const seed = defaultSeed()
  emulator = await startEmulator({
    dataDir: dir,
    seed: { ...seed, settings: { ...seed.settings, deviceCodeIntervalSeconds: 1 } },
    now: () => new Date(Date.now() + clockOffsetMs),
    withoutDataPlane: true,
  })
  dispatcher = createTrustingDispatcher(emulator.caCertPem)
})

afterAll(async () => {
  await emulator.stop()
  await dispatcher.close()
  await rm(dir, { recursive: true, force: true })
  expect(requested.length).toBeGreaterThan(0)
  for (const url of requested) expect(url.startsWith(`${emulator.origin}/`)).toBe(true)
})

function recording(client: INetworkModule): INetworkModule {
  return {
    sendGetRequestAsync: (url, options, timeout) => {
      requested.push(url)
      return client.sendGetRequestAsync(url, options, timeout)
    },
    sendPostRequestAsync: (url, options) => {
      requested.push(url)
      return client.sendPostRequestAsync(url, options)
    },
  }
}

function publicClient(): PublicClientApplication {
  return new PublicClientApplication({
    auth: {
      clientId: emulator.publicClientId,
      authority: emulator.authority,
      knownAuthorities: [`localhost:${emulator.port}`],
    },
    system: { networkClient: recording(createMsalNetworkClient(emulator.caCertPem)) },
  })
}

function refreshTokens(pca: PublicClientApplication): string[] {
  const cache = JSON.parse(pca.getTokenCache().serialize()) as {
    RefreshToken: Record<string, { secret: string }>
  }
  return Object.values(cache.RefreshToken).map((entry) => entry.secret)
}

async function postToken(form: Record<string, string>, correlationId = randomUUID()) {
  const response = await fetch(
    `${emulator.authority}/oauth2/v2.0/token?client-request-id=${correlationId}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(form).toString(),
      dispatcher,
    },
  )
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** Asserts Entra's error body: error, AADSTS code, error_codes, timestamp, ids. */
function expectEntraError(
  body: Record<string, unknown>,
  error: string,
  code: number,
  correlationId?: string,
) {
  expect(body['error']).toBe(error)
  expect(body['error_description']).toMatch(new RegExp(`^AADSTS${code}: `))
  expect(body['error_description']).toMatch(/\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: /)
  expect(body['error_codes']).toEqual([code])
  expect(body['timestamp']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/)
  expect(body['trace_id']).toMatch(/^[0-9a-f-]{36}$/)
  if (correlationId !== undefined) expect(body['correlation_id']).toBe(correlationId)
}

describe('discovery', () => {
  it('serves an OpenID configuration msal accepts and keys that verify its tokens', async () => {
    const config = (await (
      await fetch(`${emulator.authority}/v2.0/.well-known/openid-configuration`, { dispatcher })
    ).json()) as Record<string, string>
    expect(config['issuer']).toBe(`${emulator.authority}/v2.0`)
    expect(config['token_endpoint']).toBe(`${emulator.authority}/oauth2/v2.0/token`)
    expect(config['authorization_endpoint']).toBe(`${emulator.authority}/oauth2/v2.0/authorize`)
    expect(config['device_authorization_endpoint']).toBe(
      `${emulator.authority}/oauth2/v2.0/devicecode`,
    )

    const jwks = await (await fetch(config['jwks_uri'] ?? '', { dispatcher })).json()
    const credential = new ClientSecretCredential(
      emulator.tenantId,
      emulator.servicePrincipal.clientId,
      emulator.servicePrincipal.clientSecret,
      {
        authorityHost: emulator.origin,
        disableInstanceDiscovery: true,
        ...azureClientTrustOptions(emulator.caCertPem),
      },
    )
    const token = await credential.getToken(ARM_SCOPE)
    const { payload, protectedHeader } = await jwtVerify(
      token.token,
      createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]),
      { issuer: config['issuer'] ?? '', audience: 'https://management.azure.com' },
    )
    expect(protectedHeader.alg).toBe('RS256')
    expect(payload['tid']).toBe(emulator.tenantId)
  })

  it('answers instance discovery with the emulator as its only alias', async () => {
    const host = `localhost:${emulator.port}`
    const response = await fetch(
      `${emulator.origin}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${emulator.authority}/oauth2/v2.0/authorize`)}`,
      { dispatcher },
    )
    const body = (await response.json()) as { metadata: Array<{ aliases: string[] }> }
    expect(response.status).toBe(200)
    expect(body.metadata[0]?.aliases).toEqual([host])
  })

  it('refuses an unknown tenant with AADSTS90002', async () => {
    const response = await fetch(
      `${emulator.origin}/not-a-tenant/v2.0/.well-known/openid-configuration`,
      { dispatcher },
    )
    expect(response.status).toBe(400)
    expectEntraError((await response.json()) as Record<string, unknown>, 'invalid_tenant', 90002)
  })
})

describe('msal-node PublicClientApplication', () => {
  const pca = () => sharedPca
  let sharedPca: PublicClientApplication
  let interactive: AuthenticationResult

  beforeAll(() => {
    sharedPca = publicClient()
  })

  it('signs in interactively through the authorize page and the loopback form post', async () => {
    let loopbackStatus = 0
    interactive = await pca().acquireTokenInteractive({
      scopes: [ARM_SCOPE],
      openBrowser: async (url) => {
        expect(url.startsWith(`${emulator.authority}/oauth2/v2.0/authorize?`)).toBe(true)
        expect(new URL(url).searchParams.get('response_mode')).toBe('form_post')
        loopbackStatus = await signInThroughBrowser(url, ADELE, dispatcher)
      },
      successTemplate: 'Signed in. You can close this window.',
      errorTemplate: 'Sign-in failed: {error}',
    })
    expect(loopbackStatus).toBe(200)
    const adele = emulator.users.find((u) => u.username === ADELE)
    const claims = decodeJwt(interactive.accessToken)
    expect(claims['aud']).toBe('https://management.azure.com')
    expect(claims['tid']).toBe(emulator.tenantId)
    expect(claims['oid']).toBe(adele?.objectId)
    expect(claims['preferred_username']).toBe(ADELE)
    expect(interactive.account?.username).toBe(ADELE)
    expect(interactive.account?.homeAccountId).toBe(`${adele?.objectId}.${emulator.tenantId}`)
    expect(interactive.account?.tenantId).toBe(emulator.tenantId)
    expect(interactive.idTokenClaims).toMatchObject({
      oid: adele?.objectId,
      tid: emulator.tenantId,
    })
    const check = await emulator.verifyAccessToken(interactive.accessToken)
    expect(check.ok && check.audienceKind).toBe('arm')
  })

  it('serves acquireTokenSilent from the cache', async () => {
    const accounts = await pca().getAllAccounts()
    expect(accounts).toHaveLength(1)
    const silent = await pca().acquireTokenSilent({ account: accounts[0]!, scopes: [ARM_SCOPE] })
    expect(silent.fromCache).toBe(true)
    expect(silent.accessToken).toBe(interactive.accessToken)
  })

  it('refreshes on forceRefresh and rotates the refresh token', async () => {
    const before = refreshTokens(pca())
    expect(before).toHaveLength(1)
    const account = (await pca().getAllAccounts())[0]!
    const refreshed = await pca().acquireTokenSilent({
      account,
      scopes: [ARM_SCOPE],
      forceRefresh: true,
    })
    expect(refreshed.fromCache).toBe(false)
    expect(refreshed.accessToken).not.toBe(interactive.accessToken)
    const after = refreshTokens(pca())
    expect(after).toHaveLength(1)
    expect(after[0]).not.toBe(before[0])

    // The replaced refresh token no longer works.
    const correlationId = randomUUID()
    const reuse = await postToken(
      {
        client_id: emulator.publicClientId,
        grant_type: 'refresh_token',
        refresh_token: before[0] ?? '',
        scope: `${ARM_SCOPE} openid profile offline_access`,
      },
      correlationId,
    )
    expect(reuse.status).toBe(400)
    expectEntraError(reuse.body, 'invalid_grant', 70000, correlationId)
  })

  it('gets a Monitor token silently with the same refresh token (both scope spellings)', async () => {
    const account = (await pca().getAllAccounts())[0]!
    for (const [scope, audience] of [
      [MONITOR_SCOPE, 'https://monitor.azure.com/'],
      ['https://monitor.azure.com/.default', 'https://monitor.azure.com'],
    ] as const) {
      const result = await pca().acquireTokenSilent({ account, scopes: [scope] })
      expect(decodeJwt(result.accessToken)['aud']).toBe(audience)
      const check = await emulator.verifyAccessToken(result.accessToken)
      expect(check.ok && check.audienceKind).toBe('monitor')
    }
  })

  it('rejects with access_denied when the person cancels on the authorize page', async () => {
    const fresh = publicClient()
    const attempt = fresh.acquireTokenInteractive({
      scopes: [ARM_SCOPE],
      openBrowser: async (url) => {
        await signInThroughBrowser(url, 'cancel', dispatcher)
      },
    })
    await expect(attempt).rejects.toBeInstanceOf(ServerError)
    await expect(attempt).rejects.toMatchObject({ errorCode: 'access_denied' })
  })

  it('completes the device code flow after the person enters the code', async () => {
    const fresh = publicClient()
    let page: Promise<string> | undefined
    const result = await fresh.acquireTokenByDeviceCode({
      scopes: [MONITOR_SCOPE],
      deviceCodeCallback: (response) => {
        expect(response.verificationUri).toBe(`${emulator.origin}/devicelogin`)
        expect(response.message).toContain(response.userCode)
        page = completeDeviceCode(response.verificationUri, response.userCode, ADELE, dispatcher)
      },
    })
    expect(await page).toContain('You have signed in to the LogDrop application on your device')
    expect(result?.account?.username).toBe(ADELE)
    const claims = decodeJwt(result?.accessToken ?? '')
    expect(claims['aud']).toBe('https://monitor.azure.com/')
    expect(claims['preferred_username']).toBe(ADELE)
  })
})

describe('token endpoint errors', () => {
  const redirectUri = 'http://localhost:53123'

  async function newCode() {
    const verifier = randomBytes(32).toString('base64url')
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    const url = new URL(`${emulator.authority}/oauth2/v2.0/authorize`)
    url.search = new URLSearchParams({
      client_id: emulator.publicClientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: `${ARM_SCOPE} openid profile offline_access`,
      response_mode: 'form_post',
      state: 'state-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      client_info: '1',
    }).toString()
    const fields = await authorizeAndCapture(url.toString(), ADELE, dispatcher)
    expect(fields['state']).toBe('state-1')
    expect(JSON.parse(Buffer.from(fields['client_info'] ?? '', 'base64url').toString())).toEqual({
      uid: emulator.users.find((u) => u.username === ADELE)?.objectId,
      utid: emulator.tenantId,
    })
    return { code: fields['code'] ?? '', verifier }
  }

  const redeem = (code: string, verifier: string, redirect = redirectUri) =>
    postToken({
      client_id: emulator.publicClientId,
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirect,
      scope: `${ARM_SCOPE} openid profile offline_access`,
    })

  it('checks PKCE, the redirect URI and single use of the code', async () => {
    const { code, verifier } = await newCode()
    const wrongVerifier = await redeem(code, randomBytes(32).toString('base64url'))
    expect(wrongVerifier.status).toBe(400)
    expectEntraError(wrongVerifier.body, 'invalid_grant', 501481)

    const wrongRedirect = await redeem(code, verifier, 'http://localhost:1/')
    expect(wrongRedirect.status).toBe(400)
    expectEntraError(wrongRedirect.body, 'invalid_grant', 500112)

    const good = await redeem(code, verifier)
    expect(good.status).toBe(200)
    expect(good.body).toMatchObject({ token_type: 'Bearer', scope: ARM_SCOPE, expires_in: 3599 })
    expect(typeof good.body['refresh_token']).toBe('string')
    expect(typeof good.body['id_token']).toBe('string')

    const again = await redeem(code, verifier)
    expectEntraError(again.body, 'invalid_grant', 54005)
  })

  it('requires the code_verifier when the code had a challenge', async () => {
    const { code } = await newCode()
    const missing = await postToken({
      client_id: emulator.publicClientId,
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
    })
    expectEntraError(missing.body, 'invalid_grant', 50148)
  })

  it('refuses a wrong client secret with invalid_client AADSTS7000215 (HTTP 401)', async () => {
    const raw = await postToken({
      client_id: emulator.servicePrincipal.clientId,
      client_secret: 'not-the-secret',
      grant_type: 'client_credentials',
      scope: ARM_SCOPE,
    })
    expect(raw.status).toBe(401)
    expectEntraError(raw.body, 'invalid_client', 7000215)

    const credential = new ClientSecretCredential(
      emulator.tenantId,
      emulator.servicePrincipal.clientId,
      'not-the-secret',
      {
        authorityHost: emulator.origin,
        disableInstanceDiscovery: true,
        ...azureClientTrustOptions(emulator.caCertPem),
      },
    )
    await expect(credential.getToken(MONITOR_SCOPE)).rejects.toThrow(/AADSTS7000215/)
  })

  it('refuses an unknown app with AADSTS700016 and a missing grant_type with AADSTS900144', async () => {
    const unknown = await postToken({
      client_id: '00000000-0000-4000-8000-000000000001',
      grant_type: 'client_credentials',
      client_secret: 'x',
      scope: ARM_SCOPE,
    })
    expectEntraError(unknown.body, 'unauthorized_client', 700016)
    const missing = await postToken({ client_id: emulator.publicClientId })
    expectEntraError(missing.body, 'invalid_request', 900144)
  })

  it('requires /.default for client credentials and a known resource', async () => {
    const base = {
      client_id: emulator.servicePrincipal.clientId,
      client_secret: emulator.servicePrincipal.clientSecret,
      grant_type: 'client_credentials',
    }
    const noDefault = await postToken({
      ...base,
      scope: 'https://management.azure.com/user_impersonation',
    })
    expectEntraError(noDefault.body, 'invalid_scope', 1002012)
    const unknown = await postToken({ ...base, scope: 'https://vault.azure.net/.default' })
    expectEntraError(unknown.body, 'invalid_resource', 500011)
  })

  it('reports authorization_pending, then expired_token for a device code', async () => {
    const start = await fetch(`${emulator.authority}/oauth2/v2.0/devicecode`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: emulator.publicClientId,
        scope: ARM_SCOPE,
      }).toString(),
      dispatcher,
    })
    const started = (await start.json()) as Record<string, unknown>
    expect(started).toMatchObject({ expires_in: 900, interval: 1 })
    const poll = () =>
      postToken({
        client_id: emulator.publicClientId,
        grant_type: 'device_code',
        device_code: String(started['device_code']),
      })
    expectEntraError((await poll()).body, 'authorization_pending', 70016)
    clockOffsetMs = 16 * 60 * 1000
    try {
      expectEntraError((await poll()).body, 'expired_token', 70020)
    } finally {
      clockOffsetMs = 0
    }
  })

  it('reports authorization_declined when the person cancels on the device page', async () => {
    const start = await fetch(`${emulator.authority}/oauth2/v2.0/devicecode`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: emulator.publicClientId,
        scope: ARM_SCOPE,
      }).toString(),
      dispatcher,
    })
    const started = (await start.json()) as Record<string, string>
    await completeDeviceCode(
      String(started['verification_uri']),
      String(started['user_code']),
      'cancel',
      dispatcher,
    )
    const poll = await postToken({
      client_id: emulator.publicClientId,
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: String(started['device_code']),
    })
    expectEntraError(poll.body, 'authorization_declined', 65004)
  })
})

describe('@azure/identity ClientSecretCredential', () => {
  it('gets a Monitor token for the service principal, talking only to the emulator', async () => {
    const credential = new ClientSecretCredential(
      emulator.tenantId,
      emulator.servicePrincipal.clientId,
      emulator.servicePrincipal.clientSecret,
      {
        authorityHost: emulator.origin,
        disableInstanceDiscovery: true,
        ...azureClientTrustOptions(emulator.caCertPem),
        additionalPolicies: [
          {
            position: 'perCall',
            policy: {
              name: 'record-urls',
              sendRequest: (request, next) => {
                requested.push(request.url)
                return next(request)
              },
            },
          },
        ],
      },
    )
    const token = await credential.getToken(MONITOR_SCOPE)
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000 * 1000)
    const claims = decodeJwt(token.token)
    expect(claims).toMatchObject({
      aud: 'https://monitor.azure.com/',
      tid: emulator.tenantId,
      idtyp: 'app',
      appid: emulator.servicePrincipal.clientId,
    })
    const check = await emulator.verifyAccessToken(token.token)
    expect(check.ok && check.caller).toEqual({
      objectId: emulator.seed.servicePrincipals[0]?.objectId,
      appId: emulator.servicePrincipal.clientId,
      kind: 'servicePrincipal',
    })
  })
})
