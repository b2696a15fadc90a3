import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PublicClientApplication, TokenCacheContext } from '@azure/msal-node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAesGcmEncryptor } from '../../../test/helpers/aes-gcm-encryptor'
import { createLogger } from '../../platform/logger'
import type { Encryptor } from './encryptor'
import { TokenCachePlugin } from './token-cache-plugin'

const CLIENT_ID = '11111111-1111-1111-1111-111111111111'
const REFRESH_SECRET = 'RT-SECRET-0123456789'
const ACCOUNT_KEY = 'uid.utid-login.microsoftonline.com-utid'

/** A minimal msal cache with one account and its refresh token. */
const CACHE_JSON = JSON.stringify({
  Account: {
    [ACCOUNT_KEY]: {
      home_account_id: 'uid.utid',
      environment: 'login.microsoftonline.com',
      realm: 'utid',
      local_account_id: 'uid',
      username: 'ada@contoso.example',
      authority_type: 'MSSTS',
      name: 'Ada',
    },
  },
  RefreshToken: {
    [`uid.utid-login.microsoftonline.com-refreshtoken-${CLIENT_ID}----`]: {
      home_account_id: 'uid.utid',
      environment: 'login.microsoftonline.com',
      credential_type: 'RefreshToken',
      client_id: CLIENT_ID,
      secret: REFRESH_SECRET,
    },
  },
  AccessToken: {},
  IdToken: {},
  AppMetadata: {},
})

let dir: string
let lines: string[]

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-cache-'))
  lines = []
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function makePlugin(options: { encryptor?: Encryptor; optIn?: () => boolean } = {}) {
  return new TokenCachePlugin({
    basePath: join(dir, 'token-cache'),
    ...(options.encryptor === undefined ? {} : { encryptor: options.encryptor }),
    plaintextOptIn: options.optIn ?? (() => false),
    logger: createLogger({ sink: (line) => lines.push(line) }),
  })
}

function makeApp(plugin: TokenCachePlugin) {
  return new PublicClientApplication({
    auth: { clientId: CLIENT_ID, authority: 'https://login.microsoftonline.com/common' },
    cache: { cachePlugin: plugin },
  })
}

/** Stores the sample cache the way msal saves a token response: before, change, after. */
async function saveSample(plugin: TokenCachePlugin, app: PublicClientApplication) {
  const cache = app.getTokenCache()
  await plugin.beforeCacheAccess(new TokenCacheContext(cache, true))
  cache.deserialize(CACHE_JSON)
  await plugin.afterCacheAccess(new TokenCacheContext(cache, true))
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

describe('TokenCachePlugin', () => {
  it('round-trips the cache encrypted: a new process sees the account, the file holds no secret', async () => {
    const encryptor = createAesGcmEncryptor()
    const first = makePlugin({ encryptor })
    await saveSample(first, makeApp(first))
    expect(await first.storage()).toBe('encrypted-file')

    const bytes = await readFile(first.encryptedPath)
    expect(bytes.toString('latin1')).not.toContain(REFRESH_SECRET)
    expect(bytes.toString('latin1')).not.toContain('ada@contoso.example')
    expect((await stat(first.encryptedPath)).mode & 0o777).toBe(0o600)
    expect(await exists(first.plaintextPath)).toBe(false)

    // "Restart": a new plugin and msal application over the same file.
    const second = makePlugin({ encryptor })
    const accounts = await makeApp(second).getAllAccounts()
    expect(accounts.map((a) => a.homeAccountId)).toEqual(['uid.utid'])
    expect(lines.join('\n')).not.toContain(REFRESH_SECRET)
  })

  it('starts empty (and says so without content) when the key no longer decrypts the file', async () => {
    const first = makePlugin({ encryptor: createAesGcmEncryptor() })
    await saveSample(first, makeApp(first))

    const otherKey = makePlugin({ encryptor: createAesGcmEncryptor(randomBytes(32)) })
    expect(await makeApp(otherKey).getAllAccounts()).toEqual([])
    expect(lines.some((l) => l.includes('token cache unreadable'))).toBe(true)
    expect(lines.join('\n')).not.toContain(REFRESH_SECRET)
  })

  it('refuses to write plaintext without an opt-in: the cache lives in memory only', async () => {
    const plugin = makePlugin()
    const app = makeApp(plugin)
    await saveSample(plugin, app)
    expect(await plugin.storage()).toBe('memory')
    expect(await exists(plugin.plaintextPath)).toBe(false)
    expect(await exists(plugin.encryptedPath)).toBe(false)
    // msal clears its memory before silent calls; the plugin still hands the cache back.
    await app.getTokenCache().overwriteCache()
    expect((await app.getAllAccounts()).map((a) => a.homeAccountId)).toEqual(['uid.utid'])
  })

  it('an unavailable key store counts as no encryption (e.g. Linux basic_text)', async () => {
    const encryptor = { ...createAesGcmEncryptor(), isAvailable: async () => false }
    const plugin = makePlugin({ encryptor })
    await saveSample(plugin, makeApp(plugin))
    expect(await plugin.storage()).toBe('memory')
    expect(await exists(plugin.encryptedPath)).toBe(false)
  })

  it('writes a 0600 plaintext file only after the opt-in, and deletes it on opt-out', async () => {
    let optIn = false
    const plugin = makePlugin({ optIn: () => optIn })
    const app = makeApp(plugin)
    await saveSample(plugin, app)
    expect(await exists(plugin.plaintextPath)).toBe(false)

    optIn = true
    expect(await plugin.applyStoragePreference()).toBe('plaintext-file')
    expect((await stat(plugin.plaintextPath)).mode & 0o777).toBe(0o600)
    expect(await readFile(plugin.plaintextPath, 'utf8')).toContain(ACCOUNT_KEY)

    const restarted = makePlugin({ optIn: () => true })
    expect((await makeApp(restarted).getAllAccounts()).length).toBe(1)

    optIn = false
    expect(await plugin.applyStoragePreference()).toBe('memory')
    expect(await exists(plugin.plaintextPath)).toBe(false)
  })

  it('removing an account is persisted', async () => {
    const encryptor = createAesGcmEncryptor()
    const plugin = makePlugin({ encryptor })
    const app = makeApp(plugin)
    await saveSample(plugin, app)
    const [account] = await app.getAllAccounts()
    if (account === undefined) throw new Error('no account')
    await app.getTokenCache().removeAccount(account)

    const restarted = makePlugin({ encryptor })
    expect(await makeApp(restarted).getAllAccounts()).toEqual([])
  })
})
