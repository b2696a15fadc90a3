import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppContext } from '../../electron/core/app-context'
import { dispatchInvoke } from '../../electron/core/ipc/dispatch'
import { DEVELOPER_ACCOUNT_ID, PLAINTEXT_CACHE_WARNING } from '../../shared/models/auth'
import {
  ADELE,
  createTestApp,
  createTestBrowser,
  startEmulatorWorld,
  value,
  type EmulatorWorld,
  type TestApp,
  type TestBrowser,
} from '../helpers/auth-app-fixture'

/*
 * Tokens after sign-in: the plaintext-cache opt-in, "sign-in required" when silent renewal
 * fails (never a browser window), developer credentials, and a Local emulator that is not
 * running. All against the real emulator, through the contract.
 */

let world: EmulatorWorld
let browser: TestBrowser
let app: TestApp
const secrets = new Set<string>()

beforeAll(async () => {
  world = await startEmulatorWorld()
  browser = createTestBrowser(world.emulator.caCertPem)
  // No encryptor: the browser host and Linux without a key store.
  app = await createTestApp(world)
  secrets.add(world.emulator.servicePrincipal.clientSecret)
})

afterAll(async () => {
  await app?.close()
  await browser?.close()
  await world?.stop()
})

const cacheFile = () => join(world.dataDir, 'auth', 'token-cache-LocalEmulator.json')

async function signIn(username: string) {
  const opened = app.next('auth:browser-url')
  const pending = app.invoke('auth:sign-in', { method: 'interactive' })
  const answer = await browser.signIn((await opened).url, { username })
  if (answer.fields.code !== undefined) secrets.add(answer.fields.code)
  return value(await pending)
}

describe('token cache without a key store', () => {
  it('keeps the cache in memory and says what a plaintext file would mean', async () => {
    const state = value(await app.invoke('auth:get-state'))
    expect(state.tokenCache).toMatchObject({
      storage: 'memory',
      encryptionAvailable: false,
      plaintextOptIn: false,
    })
    expect(state.tokenCache.warning).toContain(PLAINTEXT_CACHE_WARNING)
    await signIn(ADELE)
    await expect(stat(cacheFile())).rejects.toThrow()
  })

  it('writes a 0600 file only after the opt-in', async () => {
    const state = value(await app.invoke('auth:set-plaintext-cache', { enabled: true }))
    expect(state.tokenCache).toMatchObject({ storage: 'plaintext-file', plaintextOptIn: true })
    expect((await stat(cacheFile())).mode & 0o777).toBe(0o600)
    const cache = JSON.parse(await readFile(cacheFile(), 'utf8')) as {
      RefreshToken: Record<string, { secret: string }>
    }
    for (const entry of Object.values(cache.RefreshToken)) secrets.add(entry.secret)
    expect(secrets.size).toBeGreaterThan(1)
  })
})

describe('silent renewal that needs the person', () => {
  it('marks the account "needs sign-in", fails with auth/sign-in-required and opens nothing', async () => {
    const token = await app.ctx.auth.getToken('monitor')
    secrets.add(token.token)
    // The access tokens expired and the refresh token was revoked (here: edited on disk, as
    // another process sharing the cache could).
    const text = await readFile(cacheFile(), 'utf8')
    const cache = JSON.parse(text) as {
      RefreshToken: Record<string, { secret: string }>
      AccessToken: Record<string, unknown>
    }
    for (const entry of Object.values(cache.RefreshToken)) entry.secret = 'revoked-refresh-token'
    cache.AccessToken = {}
    await writeFile(cacheFile(), JSON.stringify(cache), { mode: 0o600 })

    const eventsBefore = app.events.length
    await expect(app.ctx.auth.getToken('monitor', { forceRefresh: true })).rejects.toMatchObject({
      code: 'auth/sign-in-required',
    })
    const state = value(await app.invoke('auth:get-state'))
    expect(state.accounts[0]).toMatchObject({ username: ADELE, needsSignIn: true })
    expect(state.pending).toBeNull()
    // The renderer hears about it: an `auth:state` push, and never a browser URL.
    await expect
      .poll(() => app.events.slice(eventsBefore).some((e) => e.event === 'auth:state'))
      .toBe(true)
    expect(app.events.slice(eventsBefore).some((e) => e.event === 'auth:browser-url')).toBe(false)

    // The connection check reports it instead of prompting.
    const dcr = world.emulator.dcrs[0]
    if (dcr === undefined) throw new Error('no DCR')
    const check = value(
      await app.invoke('target:check-connection', {
        target: {
          endpoint: dcr.ingestionEndpoint,
          dcrImmutableId: dcr.immutableId,
          streamName: dcr.streams[0] ?? '',
        },
      }),
    )
    expect(!check.ready && check.problem.code).toBe('auth/sign-in-required')
  })

  it('signing in again clears it', async () => {
    const account = await signIn(ADELE)
    expect(account.needsSignIn).toBe(false)
    const token = await app.ctx.auth.getToken('monitor', { forceRefresh: true })
    secrets.add(token.token)
    expect((await world.emulator.verifyAccessToken(token.token)).ok).toBe(true)
  })

  it('opting out deletes the plaintext file', async () => {
    value(await app.invoke('auth:set-plaintext-cache', { enabled: false }))
    await expect(stat(cacheFile())).rejects.toThrow()
  })
})

describe('developer credentials (DefaultAzureCredential)', () => {
  const saved = { ...process.env }
  afterAll(() => {
    for (const name of [
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_TOKEN_CREDENTIALS',
    ]) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })

  it('reports when the environment has none', async () => {
    process.env.AZURE_TOKEN_CREDENTIALS = 'EnvironmentCredential'
    delete process.env.AZURE_CLIENT_SECRET
    const fresh = await createTestApp(world)
    try {
      const result = await fresh.invoke('auth:use-developer-credentials')
      expect(!result.ok && result.error.code).toBe('auth/developer-credentials-unavailable')
    } finally {
      await fresh.close()
    }
  })

  it('uses environment credentials as an account and gets tokens with them', async () => {
    const sp = world.emulator.servicePrincipal
    process.env.AZURE_TOKEN_CREDENTIALS = 'EnvironmentCredential'
    process.env.AZURE_TENANT_ID = world.emulator.tenantId
    process.env.AZURE_CLIENT_ID = sp.clientId
    process.env.AZURE_CLIENT_SECRET = sp.clientSecret
    const account = value(await app.invoke('auth:use-developer-credentials'))
    expect(account).toMatchObject({ id: DEVELOPER_ACCOUNT_ID, kind: 'developer', active: true })
    expect(account.tenantId).toBe(world.emulator.tenantId)
    const state = value(await app.invoke('auth:get-state'))
    expect(state.accounts.map((a) => a.kind).sort()).toEqual(['developer', 'microsoft'])

    const token = await app.ctx.auth.getToken('monitor')
    secrets.add(token.token)
    const check = await world.emulator.verifyAccessToken(token.token)
    expect(check.ok && check.audienceKind).toBe('monitor')

    // Discovery runs with them too (the service principal may read both subscriptions).
    const subscriptions = value(await app.invoke('target:list-subscriptions'))
    expect(subscriptions.subscriptions).toHaveLength(2)

    const after = value(await app.invoke('auth:sign-out', { accountId: DEVELOPER_ACCOUNT_ID }))
    expect(after.accounts.map((a) => a.kind)).toEqual(['microsoft'])
  })
})

describe('the Local emulator cloud without a running emulator', () => {
  it('says so in the state and refuses to sign in', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'logdrop-noemu-'))
    const ctx = await createAppContext({ host: 'browser', dataDir, version: 'test', env: {} })
    try {
      const call = (channel: string, payload?: unknown) =>
        dispatchInvoke(ctx.handlers, channel, payload, { clientId: 't' }, ctx.logger)
      await call('settings:update', { cloud: 'LocalEmulator' })
      const state = await call('auth:get-state')
      expect(state.ok && (state.value as { problem: { code: string } }).problem.code).toBe(
        'auth/emulator-not-running',
      )
      const result = await call('auth:sign-in', { method: 'interactive' })
      expect(!result.ok && result.error.code).toBe('auth/emulator-not-running')
    } finally {
      await ctx.shutdown()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})

describe('logs', () => {
  it('hold none of the tokens, refresh tokens, codes or the client secret', () => {
    const text = app.logs.join('\n')
    expect(secrets.size).toBeGreaterThan(4)
    for (const secret of secrets) expect(text).not.toContain(secret)
  })
})
