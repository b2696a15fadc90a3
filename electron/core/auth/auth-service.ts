import { join } from 'node:path'
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth'
import {
  LogLevel,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type DeviceCodeRequest,
} from '@azure/msal-node'
import { audienceOfScope, CLOUD_NAMES, scopeFor, type TokenAudience } from '../../../shared/clouds'
import { AppError, toErrorData, type AppErrorData } from '../../../shared/errors/app-error'
import type { EventName, EventPayload } from '../../../shared/ipc/contract'
import {
  DEVELOPER_ACCOUNT_ID,
  PLAINTEXT_CACHE_RISK,
  PLAINTEXT_CACHE_WARNING,
  type AccountSummary,
  type AuthState,
  type PendingSignIn,
  type SignInMethod,
  type TokenCacheStatus,
} from '../../../shared/models/auth'
import type { Settings } from '../../../shared/models/settings'
import type { Logger } from '../../platform/logger'
import { describeAuthError, toAuthAppError } from './auth-errors'
import { AuthPreferencesStore, type DeveloperIdentity } from './auth-preferences'
import type { CloudConfig, CloudResolver } from './cloud-config'
import { createDeveloperCredential, identityFromAccessToken } from './developer-credential'
import type { Encryptor } from './encryptor'
import { SIGN_IN_ERROR_PAGE, SIGN_IN_SUCCESS_PAGE } from './sign-in-pages'
import { abortLoopback, isAllowedSignInUrl, loopbackFromAuthorizeUrl } from './sign-in-url'
import type { LoopbackTarget } from './sign-in-url'
import { TokenCachePlugin } from './token-cache-plugin'
import { msalNetworkClient } from './tls-trust'

/** A token for main-side callers (the upload engine, discovery). Never sent to a renderer. */
export interface AccessTokenResult {
  readonly token: string
  readonly expiresOn: Date
}

export interface TokenRequestOptions {
  /** Skip the cache (e.g. after a 401). */
  readonly forceRefresh?: boolean
  /** Default: the active account. */
  readonly accountId?: string
  /** A tenant other than the account's home tenant (multi-tenant discovery). */
  readonly tenantId?: string
  /** A claims challenge (continuous access evaluation). */
  readonly claims?: string
}

/**
 * Tokens for the app's services, silent only, so an upload never opens a browser (an upload's
 * TokenProvider, engine/main/job-runner, asks this for the Monitor audience).
 *
 * `scope` is one of the cloud's scopes (see shared/clouds.ts `scopeFor`) or an audience name
 * (`monitor`). Rejects with AppError `auth/sign-in-required` when the person must sign in again.
 */
export type TokenGetter = (
  scope: string,
  options?: TokenRequestOptions,
) => Promise<AccessTokenResult>

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export interface AuthServiceOptions {
  readonly dataDir: string
  readonly resolveCloud: CloudResolver
  readonly settings: () => Settings
  readonly logger: Logger
  readonly emit: Emit
  /**
   * Opens the sign-in page. Electron: `shell.openExternal`. Default (browser host): emit
   * `auth:browser-url` so the renderer opens it in a new tab. Only URLs on the configured
   * authority ever reach it.
   */
  readonly openExternal?: (url: string) => Promise<void>
  /** The OS key store for the token cache; absent means memory unless the person opts in. */
  readonly encryptor?: Encryptor
  /** How long a sign-in may wait for the person (default 5 minutes). */
  readonly signInTimeoutMs?: number
  /** The developer credential chain; tests may pass their own TokenCredential factory. */
  readonly developerCredential?: (config: CloudConfig) => TokenCredential
}

interface MsalApp {
  readonly config: CloudConfig
  readonly pca: PublicClientApplication
  readonly plugin: TokenCachePlugin
}

interface Pending {
  readonly method: SignInMethod
  readonly startedAt: string
  readonly expiresAt: string
  browserUrl: string | null
  deviceCode: PendingSignIn['deviceCode']
  loopback: LoopbackTarget | null
  deviceRequest: DeviceCodeRequest | null
  stopReason: 'cancelled' | 'timed-out' | null
  stop(reason: 'cancelled' | 'timed-out'): void
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000

/**
 * Sign-in and tokens on the main side, over msal-node's PublicClientApplication.
 *
 * Interactive sign-in uses the system browser and msal's loopback redirect, with a working
 * cancel and a timeout; device code is the fallback. Several accounts can be signed in; one is
 * active. Tokens are only ever acquired silently outside a sign-in: when that fails the account
 * is marked "needs sign-in" and callers get `auth/sign-in-required`. The renderer sees
 * AuthState, never a token.
 */
export class AuthService {
  private readonly apps = new Map<string, MsalApp>()
  private readonly plugins = new Map<string, TokenCachePlugin>()
  private readonly needsSignIn = new Set<string>()
  private readonly preferences: AuthPreferencesStore
  private readonly timeoutMs: number
  private pending: Pending | null = null
  private developer: { key: string; credential: TokenCredential } | null = null
  private lastPublished = ''
  /** Publishes are numbered so a slow, older one never overwrites a newer state. */
  private publishSequence = 0
  private lastPublishedSequence = 0

  constructor(private readonly options: AuthServiceOptions) {
    this.preferences = new AuthPreferencesStore(this.authDir, options.logger)
    this.timeoutMs = options.signInTimeoutMs ?? DEFAULT_TIMEOUT_MS
  }

  private get authDir(): string {
    return join(this.options.dataDir, 'auth')
  }

  /** Reads saved choices (active account, cache opt-in); call once before use. */
  async load(): Promise<void> {
    await this.preferences.load()
  }

  /** The current cloud: hosts, scopes, authority (throws if the emulator is not running). */
  currentCloud(): Promise<CloudConfig> {
    return this.options.resolveCloud()
  }

  // ---- state ---------------------------------------------------------------------------------

  /** Everything the Sign in screen shows; no token. */
  async getState(): Promise<AuthState> {
    // Taken first, so a published state shows the moment it was asked for.
    const pending = this.pendingView()
    const settings = this.options.settings()
    const { tenant, accounts, tokenCache, problem } = await this.loadAccounts(settings.tenant)
    const active = this.pickActive(accounts)
    return {
      cloud: settings.cloud,
      cloudName: CLOUD_NAMES[settings.cloud],
      tenant,
      accounts: accounts.map((a) => ({ ...a, active: a.id === active })),
      activeAccountId: active,
      pending,
      tokenCache,
      problem,
    }
  }

  /** Accounts of the current cloud; when it cannot be reached, why (and the developer account). */
  private async loadAccounts(settingsTenant: string): Promise<{
    tenant: string
    accounts: AccountSummary[]
    tokenCache: TokenCacheStatus
    problem: AppErrorData | null
  }> {
    try {
      const app = await this.app()
      return {
        tenant: app.config.tenant,
        accounts: await this.accountSummaries(app),
        tokenCache: await this.cacheStatus(app.plugin),
        problem: null,
      }
    } catch (error) {
      const developer = this.developerSummary()
      return {
        tenant: settingsTenant,
        accounts: developer === null ? [] : [developer],
        tokenCache: await this.cacheStatus(null),
        problem: toErrorData(toAuthAppError(error, 'auth/network')),
      }
    }
  }

  /** Pushes `auth:state` to every renderer (skipped when nothing changed). */
  async publishState(): Promise<AuthState> {
    const sequence = ++this.publishSequence
    const state = await this.getState()
    if (sequence < this.lastPublishedSequence) return state
    this.lastPublishedSequence = sequence
    const text = JSON.stringify(state)
    if (text !== this.lastPublished) {
      this.lastPublished = text
      this.options.emit('auth:state', state)
    }
    return state
  }

  private publishSoon(): void {
    this.publishState().catch((error: unknown) => {
      this.options.logger.warn('auth', 'could not publish state', {
        detail: describeAuthError(error),
      })
    })
  }

  private pickActive(accounts: readonly AccountSummary[]): string | null {
    const saved = this.preferences.get().activeAccountId
    if (saved !== null && accounts.some((a) => a.id === saved)) return saved
    return accounts[0]?.id ?? null
  }

  private pendingView(): PendingSignIn | null {
    const p = this.pending
    if (p === null) return null
    return {
      method: p.method,
      startedAt: p.startedAt,
      expiresAt: p.expiresAt,
      browserUrl: p.browserUrl,
      deviceCode: p.deviceCode,
    }
  }

  private async cacheStatus(plugin: TokenCachePlugin | null): Promise<TokenCacheStatus> {
    const optIn = this.preferences.get().plaintextCacheOptIn
    const encryptionAvailable =
      plugin === null
        ? ((await this.options.encryptor?.isAvailable().catch(() => false)) ?? false)
        : await plugin.isEncryptionAvailable()
    const storage = encryptionAvailable ? 'encrypted-file' : optIn ? 'plaintext-file' : 'memory'
    return {
      storage,
      encryptionAvailable,
      plaintextOptIn: optIn,
      warning: encryptionAvailable
        ? null
        : optIn
          ? PLAINTEXT_CACHE_RISK
          : // It says the sign-in is kept in memory itself: no second sentence saying so.
            PLAINTEXT_CACHE_WARNING,
    }
  }

  // ---- msal applications -----------------------------------------------------------------------

  private async app(): Promise<MsalApp> {
    const config = await this.options.resolveCloud()
    const existing = this.apps.get(config.key)
    if (existing !== undefined) return existing
    const plugin = this.pluginFor(config)
    const authorityHost = new URL(config.endpoints.authorityHost).host
    const logger = this.options.logger
    const networkClient = msalNetworkClient(config.extraCaPem)
    const pca = new PublicClientApplication({
      auth: {
        clientId: config.clientId,
        authority: config.authority,
        // Hosts msal knows carry their own metadata; any other host (the emulator) is trusted
        // as listed instead of asking login.microsoftonline.com about it.
        ...(config.endpoints.id === 'LocalEmulator' ? { knownAuthorities: [authorityHost] } : {}),
      },
      cache: { cachePlugin: plugin },
      system: {
        ...(networkClient === undefined ? {} : { networkClient }),
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (_level, message, containsPii) => {
            if (!containsPii) logger.debug('msal', message.slice(0, 500))
          },
        },
      },
    })
    const app = { config, pca, plugin }
    this.apps.set(config.key, app)
    return app
  }

  private pluginFor(config: CloudConfig): TokenCachePlugin {
    const id = config.endpoints.id
    let plugin = this.plugins.get(id)
    if (plugin === undefined) {
      plugin = new TokenCachePlugin({
        basePath: join(this.authDir, `token-cache-${id}`),
        ...(this.options.encryptor === undefined ? {} : { encryptor: this.options.encryptor }),
        plaintextOptIn: () => this.preferences.get().plaintextCacheOptIn,
        logger: this.options.logger,
      })
      this.plugins.set(id, plugin)
    }
    return plugin
  }

  private async msalAccounts(app: MsalApp): Promise<AccountInfo[]> {
    const all = await app.pca.getAllAccounts()
    const seen = new Set<string>()
    return all.filter((account) => {
      if (seen.has(account.homeAccountId)) return false
      seen.add(account.homeAccountId)
      return true
    })
  }

  private summarize(account: AccountInfo): AccountSummary {
    const homeTenant = account.homeAccountId.split('.')[1] ?? account.tenantId
    return {
      id: account.homeAccountId,
      kind: 'microsoft',
      name: account.name ?? account.username,
      username: account.username,
      tenantId: homeTenant,
      active: false,
      needsSignIn: this.needsSignIn.has(account.homeAccountId),
    }
  }

  private developerSummary(): AccountSummary | null {
    const developer = this.preferences.get().developer
    if (developer === null) return null
    return {
      id: DEVELOPER_ACCOUNT_ID,
      kind: 'developer',
      name: developer.name,
      username: developer.username,
      tenantId: developer.tenantId,
      active: false,
      needsSignIn: this.needsSignIn.has(DEVELOPER_ACCOUNT_ID),
    }
  }

  private async accountSummaries(app: MsalApp): Promise<AccountSummary[]> {
    const summaries = (await this.msalAccounts(app)).map((a) => this.summarize(a))
    const developer = this.developerSummary()
    return developer === null ? summaries : [...summaries, developer]
  }

  private async findMsalAccount(app: MsalApp, accountId: string): Promise<AccountInfo> {
    const account = (await this.msalAccounts(app)).find((a) => a.homeAccountId === accountId)
    if (account === undefined) throw new AppError('auth/unknown-account', 'account not in cache')
    return account
  }

  // ---- sign-in --------------------------------------------------------------------------------

  /**
   * Signs in interactively (system browser) or with a device code, and makes the account active.
   *
   * Resolves when the person finished; rejects with `auth/cancelled`, `auth/timed-out`,
   * `auth/sign-in-pending` or `auth/sign-in-failed`.
   */
  async signIn(request: {
    readonly method: SignInMethod
    readonly loginHint?: string | undefined
  }): Promise<AccountSummary> {
    const result = await this.runPending(request.method, async (pending) => {
      const app = await this.app()
      const scopes = [app.config.endpoints.armScope]
      return request.method === 'interactive'
        ? this.interactive(app, pending, scopes, request.loginHint)
        : this.deviceCode(app, pending, scopes)
    })
    const account = result.account
    if (account === null) throw new AppError('auth/sign-in-failed', 'no account in the result')
    this.needsSignIn.delete(account.homeAccountId)
    await this.preferences.update({ activeAccountId: account.homeAccountId })
    this.options.logger.info('auth', 'signed in', { method: request.method })
    const state = await this.publishState()
    const summary = state.accounts.find((a) => a.id === account.homeAccountId)
    return summary ?? { ...this.summarize(account), active: true }
  }

  private async runPending(
    method: SignInMethod,
    start: (pending: Pending) => Promise<AuthenticationResult | null>,
  ): Promise<AuthenticationResult> {
    // Checked and claimed without an await in between: one sign-in at a time.
    if (this.pending !== null) {
      throw new AppError('auth/sign-in-pending', `a ${this.pending.method} sign-in is pending`)
    }
    let rejectStopped: (error: AppError) => void = () => undefined
    const stopped = new Promise<never>((_, reject) => {
      rejectStopped = reject
    })
    stopped.catch(() => undefined)
    const now = Date.now()
    const pending: Pending = {
      method,
      startedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.timeoutMs).toISOString(),
      browserUrl: null,
      deviceCode: null,
      loopback: null,
      deviceRequest: null,
      stopReason: null,
      stop: (reason) => {
        if (pending.stopReason !== null) return
        pending.stopReason = reason
        this.stopPending(pending)
        rejectStopped(
          reason === 'cancelled'
            ? new AppError('auth/cancelled', 'sign-in cancelled')
            : new AppError('auth/timed-out', `no answer within ${this.timeoutMs} ms`),
        )
      },
    }
    this.pending = pending
    const timer = setTimeout(() => pending.stop('timed-out'), this.timeoutMs)
    timer.unref()
    this.publishSoon()
    const work = start(pending)
    work.catch(() => undefined)
    try {
      const result = await Promise.race([work, stopped])
      if (result === null) throw new AppError('auth/sign-in-failed', 'no result')
      return result
    } catch (error) {
      const appError =
        pending.stopReason === 'cancelled'
          ? new AppError('auth/cancelled', 'sign-in cancelled')
          : pending.stopReason === 'timed-out'
            ? new AppError('auth/timed-out', `no answer within ${this.timeoutMs} ms`)
            : toAuthAppError(error, 'auth/sign-in-failed')
      const log = appError.code === 'auth/sign-in-failed' ? 'warn' : 'info'
      this.options.logger[log]('auth', 'sign-in ended without an account', {
        method,
        code: appError.code,
        detail: appError.message,
      })
      throw appError
    } finally {
      clearTimeout(timer)
      if (this.pending === pending) this.pending = null
      this.publishSoon()
    }
  }

  /** Unblocks msal after a cancel or timeout, so its loopback server and polling end. */
  private stopPending(pending: Pending): void {
    if (pending.loopback !== null) {
      abortLoopback(pending.loopback, `user_cancelled: ${pending.stopReason ?? ''}`).catch(
        (error: unknown) => {
          this.options.logger.warn('auth', 'could not stop the loopback wait', {
            detail: describeAuthError(error),
          })
        },
      )
    }
    if (pending.deviceRequest !== null) pending.deviceRequest.cancel = true
  }

  private async interactive(
    app: MsalApp,
    pending: Pending,
    scopes: string[],
    loginHint: string | undefined,
  ): Promise<AuthenticationResult> {
    const authorityHost = app.config.endpoints.authorityHost
    return app.pca.acquireTokenInteractive({
      scopes,
      prompt: 'select_account',
      ...(loginHint === undefined ? {} : { loginHint }),
      successTemplate: SIGN_IN_SUCCESS_PAGE,
      errorTemplate: SIGN_IN_ERROR_PAGE,
      openBrowser: async (url) => {
        if (!isAllowedSignInUrl(url, authorityHost)) {
          throw new AppError('auth/browser-refused', `refused a sign-in URL off ${authorityHost}`)
        }
        // Throwing here makes msal close its loopback server.
        if (pending.stopReason !== null) throw new AppError('auth/cancelled', 'before browser')
        pending.loopback = loopbackFromAuthorizeUrl(url)
        pending.browserUrl = url
        this.publishSoon()
        await this.openExternal(url)
      },
    })
  }

  private async openExternal(url: string): Promise<void> {
    if (this.options.openExternal === undefined) {
      this.options.emit('auth:browser-url', { url })
      return
    }
    try {
      await this.options.openExternal(url)
    } catch (error) {
      throw new AppError('auth/browser-unavailable', describeAuthError(error), { cause: error })
    }
  }

  private async deviceCode(
    app: MsalApp,
    pending: Pending,
    scopes: string[],
  ): Promise<AuthenticationResult | null> {
    const request: DeviceCodeRequest = {
      scopes,
      timeout: Math.ceil(this.timeoutMs / 1000),
      deviceCodeCallback: (response) => {
        // Cancelled before the code arrived: nothing to show.
        if (pending.stopReason !== null) return
        const prompt = {
          userCode: response.userCode,
          verificationUri: response.verificationUri,
          expiresAt: new Date(Date.now() + response.expiresIn * 1000).toISOString(),
          message: response.message,
        }
        pending.deviceCode = prompt
        this.options.emit('auth:device-code', prompt)
        this.publishSoon()
      },
    }
    pending.deviceRequest = request
    request.cancel = pending.stopReason !== null
    return app.pca.acquireTokenByDeviceCode(request)
  }

  /** Stops a pending sign-in; false when none was pending. */
  cancel(): boolean {
    const pending = this.pending
    if (pending === null) return false
    pending.stop('cancelled')
    return true
  }

  // ---- accounts -------------------------------------------------------------------------------

  /** Makes another signed-in account the active one. */
  async switchAccount(accountId: string): Promise<AuthState> {
    const state = await this.getState()
    if (!state.accounts.some((a) => a.id === accountId)) {
      throw new AppError('auth/unknown-account', 'no such account')
    }
    await this.preferences.update({ activeAccountId: accountId })
    return this.publishState()
  }

  /** Signs one account out: its tokens leave the cache (developer credentials: forgotten). */
  async signOut(accountId: string): Promise<AuthState> {
    if (accountId === DEVELOPER_ACCOUNT_ID) {
      if (this.preferences.get().developer === null) {
        throw new AppError('auth/unknown-account', 'developer credentials not in use')
      }
      this.developer = null
      await this.preferences.update({ developer: null })
    } else {
      const app = await this.app()
      const account = await this.findMsalAccount(app, accountId)
      await app.pca.getTokenCache().removeAccount(account)
    }
    this.needsSignIn.delete(accountId)
    if (this.preferences.get().activeAccountId === accountId) {
      await this.preferences.update({ activeAccountId: null })
    }
    this.options.logger.info('auth', 'signed out', {
      kind: accountId === DEVELOPER_ACCOUNT_ID ? 'developer' : 'microsoft',
    })
    return this.publishState()
  }

  /** Adds the Azure CLI / environment credentials as the active account. */
  async useDeveloperCredentials(): Promise<AccountSummary> {
    const config = await this.options.resolveCloud()
    const credential = this.developerCredential(config)
    let token: AccessToken | null
    try {
      token = await credential.getToken(config.endpoints.armScope)
    } catch (error) {
      throw new AppError('auth/developer-credentials-unavailable', describeAuthError(error), {
        cause: error,
      })
    }
    if (token === null) {
      throw new AppError('auth/developer-credentials-unavailable', 'no token from the chain')
    }
    const identity: DeveloperIdentity = identityFromAccessToken(token.token)
    this.needsSignIn.delete(DEVELOPER_ACCOUNT_ID)
    await this.preferences.update({ developer: identity, activeAccountId: DEVELOPER_ACCOUNT_ID })
    this.options.logger.info('auth', 'using developer credentials')
    const state = await this.publishState()
    const summary = state.accounts.find((a) => a.id === DEVELOPER_ACCOUNT_ID)
    if (summary === undefined) throw new AppError('auth/unknown-account', 'developer vanished')
    return summary
  }

  private developerCredential(config: CloudConfig): TokenCredential {
    if (this.developer?.key !== config.key) {
      const factory = this.options.developerCredential ?? createDeveloperCredential
      this.developer = { key: config.key, credential: factory(config) }
    }
    return this.developer.credential
  }

  /** Where no key store exists: keep the cache in a plaintext file (true) or in memory. */
  async setPlaintextCache(enabled: boolean): Promise<AuthState> {
    await this.preferences.update({ plaintextCacheOptIn: enabled })
    for (const plugin of this.plugins.values()) await plugin.applyStoragePreference()
    this.options.logger.info('auth', 'plaintext token cache preference changed', { enabled })
    return this.publishState()
  }

  // ---- tokens ---------------------------------------------------------------------------------

  /** The active account's id, or throws `auth/not-signed-in`. */
  async activeAccountId(): Promise<string> {
    const state = await this.getState()
    if (state.activeAccountId === null) throw new AppError('auth/not-signed-in', 'no account')
    return state.activeAccountId
  }

  /**
   * A token for one of LogDrop's scopes, silently. Never opens a browser: when renewal needs the
   * person, the account is marked and this rejects with `auth/sign-in-required`.
   */
  readonly getToken: TokenGetter = async (scope, options = {}) => {
    const config = await this.options.resolveCloud()
    const audience = this.audienceOf(config, scope)
    const resolvedScope = scopeFor(config.endpoints, audience)
    const accountId = options.accountId ?? (await this.activeAccountId())
    if (accountId === DEVELOPER_ACCOUNT_ID) {
      return this.developerToken(config, resolvedScope, options)
    }
    const app = await this.app()
    const account = await this.findMsalAccount(app, accountId)
    try {
      const result = await app.pca.acquireTokenSilent({
        account,
        scopes: [resolvedScope],
        ...(options.forceRefresh === true ? { forceRefresh: true } : {}),
        ...(options.claims === undefined ? {} : { claims: options.claims }),
        ...(options.tenantId === undefined
          ? {}
          : { authority: `${config.endpoints.authorityHost}/${options.tenantId}` }),
      })
      if (this.needsSignIn.delete(accountId)) this.publishSoon()
      return {
        token: result.accessToken,
        expiresOn: result.expiresOn ?? new Date(Date.now() + 60_000),
      }
    } catch (error) {
      const appError = toAuthAppError(error, 'auth/sign-in-failed', 'silent')
      if (appError.code === 'auth/sign-in-required') {
        this.needsSignIn.add(accountId)
        this.publishSoon()
      }
      this.options.logger.warn('auth', 'silent token failed', {
        audience,
        code: appError.code,
        detail: appError.message,
      })
      throw appError
    }
  }

  private audienceOf(config: CloudConfig, scope: string): TokenAudience {
    if (scope === 'arm' || scope === 'monitor' || scope === 'log-analytics') return scope
    const audience = audienceOfScope(config.endpoints, scope)
    if (audience === null) throw new AppError('auth/unsupported-scope', `scope ${scope}`)
    return audience
  }

  private async developerToken(
    config: CloudConfig,
    scope: string,
    options: TokenRequestOptions,
  ): Promise<AccessTokenResult> {
    if (this.preferences.get().developer === null) {
      throw new AppError('auth/unknown-account', 'developer credentials not in use')
    }
    const getOptions: GetTokenOptions = {
      ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
      ...(options.claims === undefined ? {} : { claims: options.claims }),
    }
    try {
      const token = await this.developerCredential(config).getToken(scope, getOptions)
      if (token === null) throw new Error('no token from the chain')
      if (this.needsSignIn.delete(DEVELOPER_ACCOUNT_ID)) this.publishSoon()
      return { token: token.token, expiresOn: new Date(token.expiresOnTimestamp) }
    } catch (error) {
      this.needsSignIn.add(DEVELOPER_ACCOUNT_ID)
      this.publishSoon()
      throw new AppError('auth/sign-in-required', describeAuthError(error), { cause: error })
    }
  }

  /**
   * An Azure SDK TokenCredential over this service, for the ARM clients (and anything else that
   * takes one). Silent only, like getToken.
   */
  tokenCredential(options: { accountId?: string; tenantId?: string } = {}): TokenCredential {
    return {
      getToken: async (scopes, getOptions) => {
        const scope = Array.isArray(scopes) ? scopes[0] : scopes
        if (typeof scope !== 'string') throw new AppError('auth/unsupported-scope', 'no scope')
        const tenantId = getOptions?.tenantId ?? options.tenantId
        const result = await this.getToken(scope, {
          ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
          ...(tenantId === undefined ? {} : { tenantId }),
          ...(getOptions?.claims === undefined ? {} : { claims: getOptions.claims }),
        })
        return {
          token: result.token,
          expiresOnTimestamp: result.expiresOn.getTime(),
          tokenType: 'Bearer',
        }
      },
    }
  }

  /** Stops a pending sign-in so the process can exit. */
  shutdown(): void {
    this.cancel()
  }
}
