import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountSummary, AuthState } from '../../shared/models/auth'
import { createAesGcmEncryptor } from '../helpers/aes-gcm-encryptor'
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
 * Sign-in against the real emulator, driven through the contract (dispatchInvoke) as a renderer
 * would. The browser host path: `auth:browser-url` carries the sign-in page and the test acts as
 * the person's browser on it (test/helpers/auth-app-fixture.ts).
 */

let world: EmulatorWorld
let browser: TestBrowser
let app: TestApp
const encryptor = createAesGcmEncryptor()
/** Every secret seen during the run; none may appear in a log line. */
const secrets = new Set<string>()
/** Log lines of every app context the tests started. */
const allLogs: string[][] = []

beforeAll(async () => {
  world = await startEmulatorWorld()
  browser = createTestBrowser(world.emulator.caCertPem)
  app = await createTestApp(world, { encryptor })
  allLogs.push(app.logs)
  secrets.add(world.emulator.servicePrincipal.clientSecret)
})

afterAll(async () => {
  await app?.close()
  await browser?.close()
  await world?.stop()
})

/** Signs in through the contract, picking `username` on the emulator's page. */
async function signInAs(target: TestApp, username: string): Promise<AccountSummary> {
  const opened = target.next('auth:browser-url')
  const pending = target.invoke('auth:sign-in', { method: 'interactive' })
  const { url } = await opened
  const answer = await browser.signIn(url, { username })
  expect(answer.status).toBe(200)
  expect(answer.body).toContain('Signed in to LogDrop')
  if (answer.fields.code !== undefined) secrets.add(answer.fields.code)
  return value(await pending)
}

async function state(target: TestApp = app): Promise<AuthState> {
  return value(await target.invoke('auth:get-state'))
}

describe('interactive sign-in through the contract', () => {
  it('starts signed out, with the cache encrypted', async () => {
    const initial = await state()
    expect(initial.cloud).toBe('LocalEmulator')
    expect(initial.accounts).toEqual([])
    expect(initial.activeAccountId).toBeNull()
    expect(initial.problem).toBeNull()
    expect(initial.tokenCache).toMatchObject({ storage: 'encrypted-file', warning: null })
  })

  it('signs in in the browser, shows the account, and gets tokens silently', async () => {
    const pendingStates: AuthState[] = []
    const unsubscribe = app.ctx.events.subscribe((event, payload) => {
      if (event === 'auth:state') pendingStates.push(payload as AuthState)
    })
    const account = await signInAs(app, ADELE)
    unsubscribe()
    expect(account).toMatchObject({
      kind: 'microsoft',
      name: 'Adele Vance',
      username: ADELE,
      tenantId: world.emulator.tenantId,
      active: true,
      needsSignIn: false,
    })
    // While waiting, the state said so; the URL is on the configured authority.
    const waiting = pendingStates.find((s) => s.pending?.browserUrl !== null && s.pending !== null)
    expect(waiting?.pending?.method).toBe('interactive')
    expect(waiting?.pending?.browserUrl?.startsWith(`${world.emulator.origin}/`)).toBe(true)
    expect((await state()).pending).toBeNull()

    const monitor = await app.ctx.auth.getToken('monitor')
    secrets.add(monitor.token)
    const check = await world.emulator.verifyAccessToken(monitor.token)
    expect(check.ok && check.audienceKind).toBe('monitor')
    expect(monitor.expiresOn.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000)
    // Silent again: served from the cache.
    expect((await app.ctx.auth.getToken('monitor')).token).toBe(monitor.token)
    const arm = await app.ctx.auth.getToken((await app.ctx.auth.currentCloud()).endpoints.armScope)
    secrets.add(arm.token)
    const armCheck = await world.emulator.verifyAccessToken(arm.token)
    expect(armCheck.ok && armCheck.audienceKind).toBe('arm')
    const query = await app.ctx.auth.getToken('log-analytics', { forceRefresh: true })
    secrets.add(query.token)
    const queryCheck = await world.emulator.verifyAccessToken(query.token)
    expect(queryCheck.ok && queryCheck.audienceKind).toBe('loganalytics')
  })

  it('refuses a scope LogDrop never asks for', async () => {
    await expect(
      app.ctx.auth.getToken('https://graph.microsoft.com/.default'),
    ).rejects.toMatchObject({
      code: 'auth/unsupported-scope',
    })
  })

  it('holds two accounts, switches the active one, and signs one out', async () => {
    const ben = await signInAs(app, BEN)
    expect(ben.username).toBe(BEN)
    let current = await state()
    expect(current.accounts.map((a) => a.username).sort()).toEqual([ADELE, BEN])
    expect(current.activeAccountId).toBe(ben.id)

    // Tokens follow the active account.
    const benToken = await app.ctx.auth.getToken('monitor')
    const benClaims = await world.emulator.verifyAccessToken(benToken.token)
    expect(benClaims.ok && benClaims.claims.oid).toBe(world.emulator.users[1]?.objectId)

    const adele = current.accounts.find((a) => a.username === ADELE)
    if (adele === undefined) throw new Error('Adele missing')
    current = value(await app.invoke('auth:switch-account', { accountId: adele.id }))
    expect(current.activeAccountId).toBe(adele.id)
    expect(current.accounts.find((a) => a.active)?.username).toBe(ADELE)
    const adeleToken = await app.ctx.auth.getToken('monitor')
    const adeleClaims = await world.emulator.verifyAccessToken(adeleToken.token)
    expect(adeleClaims.ok && adeleClaims.claims.oid).toBe(world.emulator.users[0]?.objectId)
    secrets.add(benToken.token).add(adeleToken.token)

    current = value(await app.invoke('auth:sign-out', { accountId: ben.id }))
    expect(current.accounts.map((a) => a.username)).toEqual([ADELE])
    expect(current.activeAccountId).toBe(adele.id)
    const gone = await app.invoke('auth:switch-account', { accountId: ben.id })
    expect(!gone.ok && gone.error.code).toBe('auth/unknown-account')
  })

  it('keeps the accounts across a restart (encrypted cache), signed out of none', async () => {
    const restarted = await createTestApp(world, { encryptor })
    allLogs.push(restarted.logs)
    try {
      const again = await state(restarted)
      expect(again.accounts.map((a) => a.username)).toEqual([ADELE])
      const token = await restarted.ctx.auth.getToken('monitor', { forceRefresh: true })
      secrets.add(token.token)
      expect((await world.emulator.verifyAccessToken(token.token)).ok).toBe(true)
    } finally {
      await restarted.close()
    }
  })

  it('a Cancel pressed on the sign-in page ends the sign-in as cancelled', async () => {
    const opened = app.next('auth:browser-url')
    const pending = app.invoke('auth:sign-in', { method: 'interactive' })
    await browser.signIn((await opened).url, 'cancel')
    const result = await pending
    expect(!result.ok && result.error.code).toBe('auth/cancelled')
    expect((await state()).pending).toBeNull()
  })
})

describe('cancel and timeout', () => {
  it('Cancel in the app stops a pending sign-in, closes the loopback and returns to idle', async () => {
    const opened = app.next('auth:browser-url')
    const pending = app.invoke('auth:sign-in', { method: 'interactive' })
    const { url } = await opened
    expect((await state()).pending?.method).toBe('interactive')
    // A second sign-in while one waits is refused.
    const second = await app.invoke('auth:sign-in', { method: 'device-code' })
    expect(!second.ok && second.error.code).toBe('auth/sign-in-pending')

    expect(value(await app.invoke('auth:cancel'))).toEqual({ cancelled: true })
    const result = await pending
    expect(!result.ok && result.error.code).toBe('auth/cancelled')
    expect((await state()).pending).toBeNull()
    expect(value(await app.invoke('auth:cancel'))).toEqual({ cancelled: false })

    // msal's loopback server is gone: the browser can no longer deliver a code to it.
    const redirect = new URL(url).searchParams.get('redirect_uri') ?? ''
    await expect
      .poll(async () => {
        const port = new URL(redirect).port
        return fetch(`http://127.0.0.1:${port}/`, { method: 'POST' }).then(
          () => 'open',
          () => 'closed',
        )
      })
      .toBe('closed')
  })

  it('a sign-in nobody finishes times out (Electron path: openExternal)', async () => {
    const opened: string[] = []
    const slow = await createTestApp(world, {
      signInTimeoutMs: 1_500,
      openExternal: async (url) => {
        opened.push(url)
      },
    })
    allLogs.push(slow.logs)
    try {
      const result = await slow.invoke('auth:sign-in', { method: 'interactive' })
      expect(!result.ok && result.error.code).toBe('auth/timed-out')
      expect(opened).toHaveLength(1)
      expect(opened[0]?.startsWith(`${world.emulator.authority}/oauth2/v2.0/authorize?`)).toBe(true)
      // The Electron path does not send the URL to the renderer as an event.
      expect(slow.events.some((e) => e.event === 'auth:browser-url')).toBe(false)
      expect((await state(slow)).pending).toBeNull()
    } finally {
      await slow.close()
    }
  })

  it('the Electron path signs in when openExternal hands the page to the browser', async () => {
    let code = ''
    const desktop = await createTestApp(world, {
      openExternal: async (url) => {
        const answer = await browser.signIn(url, { username: ADELE })
        code = answer.fields.code ?? ''
      },
    })
    allLogs.push(desktop.logs)
    try {
      const account = value(await desktop.invoke('auth:sign-in', { method: 'interactive' }))
      expect(account.username).toBe(ADELE)
      expect(code).not.toBe('')
      secrets.add(code)
    } finally {
      await desktop.close()
    }
  })
})

describe('device code', () => {
  it('signs in with a code entered on the verification page', async () => {
    const prompted = app.next('auth:device-code')
    const pending = app.invoke('auth:sign-in', { method: 'device-code' })
    const prompt = await prompted
    expect(prompt.userCode).toMatch(/^[A-Z0-9]{6,}$/)
    expect(prompt.verificationUri).toBe(`${world.emulator.origin}/devicelogin`)
    expect(Date.parse(prompt.expiresAt)).toBeGreaterThan(Date.now())
    expect((await state()).pending?.deviceCode?.userCode).toBe(prompt.userCode)
    await browser.approveDeviceCode(prompt.verificationUri, prompt.userCode, BEN)
    const account = value(await pending)
    expect(account.username).toBe(BEN)
    expect((await state()).activeAccountId).toBe(account.id)
  })

  it('can be cancelled while it polls', async () => {
    const prompted = app.next('auth:device-code')
    const pending = app.invoke('auth:sign-in', { method: 'device-code' })
    await prompted
    const started = Date.now()
    value(await app.invoke('auth:cancel'))
    const result = await pending
    expect(!result.ok && result.error.code).toBe('auth/cancelled')
    expect(Date.now() - started).toBeLessThan(1_000)
    expect((await state()).pending).toBeNull()
  })
})

describe('logs', () => {
  it('no token, code or secret appears in any log line', async () => {
    expect(secrets.size).toBeGreaterThan(5)
    const lines = allLogs.flat()
    const text = lines.join('\n')
    expect(lines.length).toBeGreaterThan(5)
    for (const secret of secrets) expect(text).not.toContain(secret)
  })
})
