/**
 * Wiring test of electron/shell/main.ts against a stand-in for Electron's API.
 *
 * This machine has no Electron binary (and importing the real package would start a download),
 * so Electron itself cannot run here; test/e2e/electron.spec.ts drives the real app wherever a
 * binary exists. What this file proves is main.ts's own wiring: which window options it asks
 * for, that every contract channel gets a handler that checks its sender, that the app://
 * handler serves and refuses files through the real renderer-files code, and that navigation,
 * window.open, permissions and quitting go through the shell decisions. The services behind it
 * (createAppContext, dispatchInvoke, the settings store) are the real ones, on a temp folder.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '../../shared/ipc/contract'

interface Listener {
  (...args: unknown[]): unknown
}

const fake = vi.hoisted(() => {
  const state = {
    userData: '',
    appPath: '',
    appListeners: new Map<string, Listener[]>(),
    ipcHandlers: new Map<string, Listener>(),
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, Listener>(),
    windows: [] as Array<{ options: Record<string, unknown>; url?: string; webContents: unknown }>,
    sent: [] as Array<[string, unknown]>,
    permissionRequest: undefined as Listener | undefined,
    permissionCheck: undefined as Listener | undefined,
    opened: [] as string[],
    quits: 0,
    focused: 0,
    loaded: undefined as undefined | (() => void),
  }
  const on = (name: string, listener: Listener) => {
    const list = state.appListeners.get(name) ?? []
    list.push(listener)
    state.appListeners.set(name, list)
  }
  class BrowserWindow {
    static all: BrowserWindow[] = []
    static getAllWindows() {
      return BrowserWindow.all
    }
    readonly webContents = {
      id: 1,
      send: (channel: string, payload: unknown) => state.sent.push([channel, payload]),
    }
    constructor(readonly options: Record<string, unknown>) {
      BrowserWindow.all.push(this)
      state.windows.push({ options, webContents: this.webContents })
    }
    once() {}
    on() {}
    maximize() {}
    isDestroyed() {
      return false
    }
    isMinimized() {
      return false
    }
    restore() {}
    focus() {
      state.focused++
    }
    isMaximized() {
      return false
    }
    getNormalBounds() {
      return { x: 10, y: 10, width: 1000, height: 700 }
    }
    loadURL(url: string) {
      const entry = state.windows.at(-1)
      if (entry !== undefined) entry.url = url
      state.loaded?.()
      return Promise.resolve()
    }
  }
  const electron = {
    app: {
      setPath: (name: string, value: string) => {
        if (name === 'userData') state.userData = value
      },
      getPath: () => state.userData,
      getAppPath: () => state.appPath,
      getVersion: () => '9.9.9',
      requestSingleInstanceLock: () => true,
      on,
      whenReady: () => Promise.resolve(),
      setAboutPanelOptions: () => undefined,
      showAboutPanel: () => undefined,
      isReady: () => true,
      quit: () => {
        state.quits++
      },
      exit: () => undefined,
    },
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.schemes.push(...schemes),
      handle: (scheme: string, handler: Listener) => state.protocolHandlers.set(scheme, handler),
    },
    ipcMain: {
      handle: (channel: string, handler: Listener) => state.ipcHandlers.set(channel, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => (state.permissionRequest = handler),
        setPermissionCheckHandler: (handler: Listener) => (state.permissionCheck = handler),
        webRequest: { onHeadersReceived: () => undefined },
      },
    },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => {} },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: {
      openExternal: (url: string) => {
        state.opened.push(url)
        return Promise.resolve()
      },
      openPath: () => Promise.resolve(''),
    },
    dialog: { showErrorBox: () => undefined },
    safeStorage: {
      isAsyncEncryptionAvailable: () => Promise.resolve(true),
      getSelectedStorageBackend: () => 'basic_text',
    },
  }
  return { state, electron }
})

vi.mock('electron', () => fake.electron)

const { state } = fake
let base: string
const processListeners = new Map<string, Listener[]>()

function appListener(name: string): Listener {
  const listener = state.appListeners.get(name)?.[0]
  if (listener === undefined) throw new Error(`main.ts registered no app '${name}' listener`)
  return listener
}

function ipc(channel: string): Listener {
  const handler = state.ipcHandlers.get(`logdrop:invoke:${channel}`)
  if (handler === undefined) throw new Error(`no handler for ${channel}`)
  return handler
}

function senderEvent(
  frameUrl: string | null,
  options: { parent?: unknown; sender?: unknown } = {},
) {
  return {
    senderFrame: frameUrl === null ? null : { url: frameUrl, parent: options.parent ?? null },
    sender: options.sender ?? state.windows[0]?.webContents,
  }
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'logdrop-main-'))
  state.appPath = join(base, 'app')
  await mkdir(join(state.appPath, 'dist', 'renderer'), { recursive: true })
  await writeFile(join(state.appPath, 'dist', 'renderer', 'index.html'), '<title>LogDrop</title>')
  await writeFile(join(state.appPath, 'package.json'), '{"name":"not-served"}')
  for (const name of ['uncaughtException', 'unhandledRejection', 'SIGINT', 'SIGTERM']) {
    processListeners.set(name, process.listeners(name as NodeJS.Signals) as Listener[])
  }
  vi.stubEnv('LOGDROP_DATA_DIR', join(base, 'data'))
  vi.stubEnv('VITE_DEV_SERVER_URL', '')
  const loaded = new Promise<void>((resolve) => (state.loaded = resolve))
  await import('./main')
  await loaded
})

afterAll(async () => {
  vi.unstubAllEnvs()
  // main.ts installs process-wide handlers; take them off the test worker again.
  for (const [name, before] of processListeners) {
    for (const listener of process.listeners(name as NodeJS.Signals)) {
      if (!before.includes(listener as Listener)) {
        process.off(name, listener as (...args: unknown[]) => void)
      }
    }
  }
  await rm(base, { recursive: true, force: true })
})

describe('electron/shell/main.ts wiring', () => {
  it('uses the data folder override and registers app:// as a secure standard scheme', () => {
    expect(state.userData).toBe(join(base, 'data'))
    expect(state.schemes).toEqual([
      {
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }) as unknown,
      },
    ])
  })

  it('opens one hardened window on the app:// entry page', () => {
    expect(state.windows).toHaveLength(1)
    const window = state.windows[0]
    expect(window?.url).toBe('app://logdrop/index.html')
    expect(window?.options['webPreferences']).toMatchObject({
      preload: join(__dirname, 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    })
  })

  it('registers exactly one handler per contract channel', () => {
    expect([...state.ipcHandlers.keys()].sort()).toEqual(
      INVOKE_CHANNELS.map((channel) => `logdrop:invoke:${channel}`).sort(),
    )
  })

  it('dispatches requests from our window and refuses every other sender', async () => {
    const ping = ipc('app:ping')
    expect(await ping(senderEvent('app://logdrop/index.html'), { message: 'hi' })).toMatchObject({
      ok: true,
      value: { message: 'hi' },
    })
    for (const event of [
      senderEvent(null),
      senderEvent('https://evil.example/'),
      senderEvent('app://logdrop/index.html', { parent: {} }),
      senderEvent('app://logdrop/index.html', { sender: { id: 99 } }),
    ]) {
      expect(await ping(event, { message: 'hi' })).toMatchObject({
        ok: false,
        error: { code: 'ipc/untrusted-sender' },
      })
    }
    expect(
      await ipc('settings:update')(senderEvent('app://logdrop/'), { concurrency: 'many' }),
    ).toMatchObject({ ok: false, error: { code: 'ipc/invalid-payload' } })
  })

  it('forwards service events to the window', async () => {
    const reply = await ipc('settings:update')(senderEvent('app://logdrop/'), { concurrency: 2 })
    expect(reply).toMatchObject({ ok: true })
    expect(state.sent).toContainEqual([
      'logdrop:event:settings:changed',
      expect.objectContaining({ concurrency: 2 }),
    ])
  })

  it('serves the renderer on app:// and nothing outside it', async () => {
    const handler = state.protocolHandlers.get('app')
    expect(handler).toBeDefined()
    const serve = (url: string) => handler?.({ url, method: 'GET' }) as Promise<Response>
    const page = await serve('app://logdrop/index.html')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>LogDrop</title>')
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    for (const url of [
      'app://logdrop/..%2f..%2fpackage.json',
      'app://logdrop/%2e%2e/%2e%2e/package.json',
      'app://logdrop/../../package.json',
      'app://other/index.html',
    ]) {
      const response = await serve(url)
      expect(response.status, url).toBeGreaterThanOrEqual(400)
      expect(await response.text(), url).not.toContain('not-served')
    }
  })

  it('blocks foreign navigation, webviews and new windows; opens only the authority', async () => {
    const listeners = new Map<string, Listener>()
    let openHandler: Listener | undefined
    const contents = {
      on: (name: string, listener: Listener) => listeners.set(name, listener),
      setWindowOpenHandler: (handler: Listener) => (openHandler = handler),
    }
    appListener('web-contents-created')({}, contents)
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const prevented: string[] = []
      const navigate = (url: string) =>
        listeners.get(name)?.({ url, preventDefault: () => prevented.push(url) })
      navigate('app://logdrop/index.html#/files')
      navigate('https://example.com/')
      navigate('file:///etc/passwd')
      expect(prevented, name).toEqual(['https://example.com/', 'file:///etc/passwd'])
    }
    let webviewPrevented = false
    listeners.get('will-attach-webview')?.({ preventDefault: () => (webviewPrevented = true) })
    expect(webviewPrevented).toBe(true)

    const login = 'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?x=1'
    expect(openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(openHandler?.({ url: 'http://login.microsoftonline.com/' })).toEqual({
      action: 'deny',
    })
    expect(openHandler?.({ url: login })).toEqual({ action: 'deny' })
    await vi.waitFor(() => expect(state.opened).toEqual([login]))
  })

  it('denies permissions by default', () => {
    const answers: boolean[] = []
    state.permissionRequest?.({}, 'media', (granted: boolean) => answers.push(granted), {
      requestingUrl: 'app://logdrop/index.html',
    })
    state.permissionRequest?.(
      {},
      'clipboard-sanitized-write',
      (granted: boolean) => answers.push(granted),
      { requestingUrl: 'https://evil.example/' },
    )
    expect(answers).toEqual([false, false])
    expect(state.permissionCheck?.({}, 'geolocation', 'app://logdrop', {})).toBe(false)
    expect(state.permissionCheck?.({}, 'clipboard-sanitized-write', 'app://logdrop', {})).toBe(true)
  })

  it('focuses the window on a second launch', () => {
    appListener('second-instance')()
    expect(state.focused).toBe(1)
  })

  it('holds quitting until the services have shut down, then quits once', async () => {
    let prevented = 0
    const beforeQuit = appListener('before-quit')
    beforeQuit({ preventDefault: () => prevented++ })
    beforeQuit({ preventDefault: () => prevented++ })
    expect(prevented).toBe(2)
    await vi.waitFor(() => expect(state.quits).toBe(1))
    beforeQuit({ preventDefault: () => prevented++ })
    expect(prevented).toBe(2)
  })
})
