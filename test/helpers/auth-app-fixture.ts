import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createAppContext,
  type AppContext,
  type AppContextOptions,
} from '../../electron/core/app-context'
import type { Encryptor } from '../../electron/core/auth/encryptor'
import { defaultSeed } from '../../emulator/seed/default-seed'
import { startEmulator, type RunningEmulator } from '../../emulator/start-emulator'
import { dispatchInvoke } from '../../electron/core/ipc/dispatch'
import type {
  EventName,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from '../../shared/ipc/contract'
import type { Result } from '../../shared/util/result'
import { Agent, fetch } from 'undici'
import { createTrustingDispatcher } from '../../electron/core/emulator-client/trust'
import {
  authorizeAndCapture,
  completeDeviceCode,
  signInThroughBrowser,
} from './emulator-fake-browser'

/** The default seed's users (emulator/seed/default-seed.ts). */
export const ADELE = 'adele.vance@contoso.example'
export const BEN = 'ben.walters@contoso.example'

/** An emulator whose data folder sits where the app looks for it (`<dataDir>/emulator`). */
export interface EmulatorWorld {
  readonly dataDir: string
  readonly emulator: RunningEmulator
  stop(): Promise<void>
}

/**
 * Starts the real emulator (device-code polling every second) and writes its `emulator.json`
 * as `npm run emulator` does, so the app's Local emulator cloud finds it.
 */
export async function startEmulatorWorld(): Promise<EmulatorWorld> {
  const dataDir = await mkdtemp(join(tmpdir(), 'logdrop-auth-'))
  const emulatorDir = join(dataDir, 'emulator')
  const seed = defaultSeed()
  const emulator = await startEmulator({
    port: 0,
    dataDir: emulatorDir,
    seed: { ...seed, settings: { ...seed.settings, deviceCodeIntervalSeconds: 1 } },
  })
  await writeFile(join(emulatorDir, 'emulator.json'), `${JSON.stringify(emulator.readyInfo)}\n`, {
    mode: 0o600,
  })
  return {
    dataDir,
    emulator,
    stop: async () => {
      await emulator.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** An app context on the Local emulator cloud, with its log lines and events captured. */
export interface TestApp {
  readonly ctx: AppContext
  readonly logs: string[]
  readonly events: Array<{ event: EventName; payload: unknown }>
  invoke<C extends InvokeChannel>(
    channel: C,
    payload?: InvokeRequest<C>,
  ): Promise<Result<InvokeResponse<C>>>
  /** Resolves with the next event of a kind (pushed after this call). */
  next<E extends EventName>(event: E): Promise<EventPayload<E>>
  close(): Promise<void>
}

export async function createTestApp(
  world: EmulatorWorld,
  options: {
    encryptor?: Encryptor
    openExternal?: (url: string) => Promise<void>
    signInTimeoutMs?: number
    env?: Record<string, string | undefined>
  } & Partial<Pick<AppContextOptions, 'host' | 'saveFile' | 'pickFiles'>> = {},
): Promise<TestApp> {
  const logs: string[] = []
  const events: Array<{ event: EventName; payload: unknown }> = []
  const contextOptions: AppContextOptions = {
    host: options.host ?? 'browser',
    dataDir: world.dataDir,
    version: 'test',
    logSink: (line) => logs.push(line),
    env: options.env ?? {},
    ...(options.encryptor === undefined ? {} : { encryptor: options.encryptor }),
    ...(options.openExternal === undefined ? {} : { openExternal: options.openExternal }),
    ...(options.signInTimeoutMs === undefined ? {} : { signInTimeoutMs: options.signInTimeoutMs }),
    ...(options.saveFile === undefined ? {} : { saveFile: options.saveFile }),
    ...(options.pickFiles === undefined ? {} : { pickFiles: options.pickFiles }),
  }
  const ctx = await createAppContext(contextOptions)
  const waiters: Array<{ event: EventName; resolve: (payload: unknown) => void }> = []
  ctx.events.subscribe((event, payload) => {
    events.push({ event, payload })
    for (const waiter of waiters.filter((w) => w.event === event)) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve(payload)
    }
  })
  const invoke = async <C extends InvokeChannel>(channel: C, payload?: InvokeRequest<C>) =>
    (await dispatchInvoke(
      ctx.handlers,
      channel,
      payload,
      { clientId: 'test' },
      ctx.logger,
    )) as Result<InvokeResponse<C>>
  const settings = await invoke('settings:update', { cloud: 'LocalEmulator' })
  if (!settings.ok) throw new Error(`settings: ${settings.error.detail ?? ''}`)
  return {
    ctx,
    logs,
    events,
    invoke,
    next: <E extends EventName>(event: E) =>
      new Promise<EventPayload<E>>((resolve) => {
        waiters.push({ event, resolve: resolve as (payload: unknown) => void })
      }),
    close: () => ctx.shutdown(),
  }
}

/** Unwraps a Result in a test, failing with the error's code and detail. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail ?? ''}`)
  return result.value
}

/** What msal's loopback answered, and what the sign-in page posted to it. */
export interface LoopbackAnswer {
  readonly status: number
  readonly body: string
  /** `code`, `state`, `client_info`…: kept so tests can look for them in logs. */
  readonly fields: Readonly<Record<string, string>>
}

/**
 * The person's browser on the emulator's sign-in pages (over emulator-fake-browser.ts), for
 * the URL msal hands to `openBrowser` (Electron) or sends as `auth:browser-url` (browser host).
 */
export interface TestBrowser {
  signIn(authorizeUrl: string, choice: { username: string } | 'cancel'): Promise<LoopbackAnswer>
  approveDeviceCode(verificationUri: string, userCode: string, username: string): Promise<void>
  close(): Promise<void>
}

export function createTestBrowser(caCertPem: string): TestBrowser {
  const dispatcher = createTrustingDispatcher(caCertPem)
  const loopback = new Agent()
  return {
    async signIn(authorizeUrl, choice) {
      if (choice === 'cancel') {
        const status = await signInThroughBrowser(authorizeUrl, 'cancel', dispatcher)
        return { status, body: '', fields: {} }
      }
      // Pick the account, then do what the auto-submitting form_post page does.
      const fields = await authorizeAndCapture(authorizeUrl, choice.username, dispatcher)
      const redirect = new URL(new URL(authorizeUrl).searchParams.get('redirect_uri') ?? '')
      // msal's loopback listens on 127.0.0.1; a browser would try every address of localhost.
      if (redirect.hostname === 'localhost') redirect.hostname = '127.0.0.1'
      const response = await fetch(redirect, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        dispatcher: loopback,
      })
      return { status: response.status, body: await response.text(), fields }
    },
    async approveDeviceCode(verificationUri, userCode, username) {
      await completeDeviceCode(verificationUri, userCode, username, dispatcher)
    },
    close: async () => {
      await dispatcher.close()
      await loopback.close()
    },
  }
}
