/**
 * The Electron main entry: one hardened window over the same main-side services as the
 * browser host.
 *
 * Every security decision lives in electron/shell/ as a pure, unit-tested function; this file
 * only wires them to Electron (see shared/reference/msal-and-electron.md §6 for the checklist).
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type WebContents,
} from 'electron'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { errorData } from '../../shared/errors/app-error'
import { IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX } from '../../shared/ipc/bridge'
import { INVOKE_CHANNELS } from '../../shared/ipc/contract'
import { err } from '../../shared/util/result'
import { createAppContext, type AppContext } from '../core/app-context'
import { createCloudResolver } from '../core/auth/cloud-config'
import { emulatorDataDir, readEmulatorInfo } from '../core/emulator-client/ready-info'
import { dispatchInvoke } from '../core/ipc/dispatch'
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, appRequestPath } from './app-protocol'
import {
  buildContentSecurityPolicy,
  SECURITY_HEADERS,
} from '../core/renderer-assets/content-security-policy'
import {
  decideSignInNavigation,
  emulatorCertificateVerdict,
  isLoopbackRedirect,
  type EmulatorTrust,
} from './emulator-certificate'
import { externalOriginsFor, isAllowedExternalUrl } from './external-url'
import { checkSender } from './ipc-sender'
import { buildMenuTemplate } from './menu-template'
import { decideNavigation } from './navigation'
import { decidePermission } from './permissions'
import { readRendererFile } from '../core/renderer-assets/renderer-files'
import { hasRealKeyStore, type SecretEncryptor } from './secret-encryptor'
import { originOf } from './url-origin'
import { MIN_WINDOW_SIZE, restoreBounds } from './window-bounds'
import { loadWindowBounds, saveWindowBounds } from './window-state-file'

/** Vite's dev server in development (`VITE_DEV_SERVER_URL`), else the app:// protocol. */
const devServerUrl = process.env['VITE_DEV_SERVER_URL'] || undefined
const isDevelopment = devServerUrl !== undefined
const appOrigin = (isDevelopment ? originOf(devServerUrl) : null) ?? APP_ORIGIN
const entryUrl = devServerUrl ?? APP_ENTRY_URL
const csp = buildContentSecurityPolicy({ development: isDevelopment })

/** How long quitting waits for services (upload journals) to flush. */
const SHUTDOWN_TIMEOUT_MS = 10_000

let context: AppContext | undefined
let mainWindow: BrowserWindow | undefined
/** Emulator sign-in windows and the emulator origin each may show. */
const signInWindows = new WeakMap<WebContents, string>()
/** In memory (no `persist:`): the emulator's sign-in pages leave nothing on disk. */
const EMULATOR_SIGN_IN_PARTITION = 'emulator-sign-in'

// Tests and portable installs point the data folder elsewhere; this must happen before the
// single-instance lock, which is scoped to the user-data folder.
const dataDirOverride = process.env['LOGDROP_DATA_DIR']
if (dataDirOverride !== undefined && dataDirOverride !== '')
  app.setPath('userData', dataDirOverride)

// Before `ready`: app:// behaves like https (a real origin, fetch, secure context).
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
])

/**
 * The OS keystore through Electron's asynchronous safeStorage API, for the sign-in token
 * cache. The synchronous API is deprecated in Electron 45.
 */
function createSafeStorageEncryptor(): SecretEncryptor {
  return {
    isAvailable: async () =>
      hasRealKeyStore(
        await safeStorage.isAsyncEncryptionAvailable(),
        process.platform,
        process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
      ),
    encrypt: async (plainText) => safeStorage.encryptStringAsync(plainText),
    decrypt: async (cipherText) =>
      (await safeStorage.decryptStringAsync(Buffer.from(cipherText))).result,
  }
}

if (!app.requestSingleInstanceLock()) {
  // Another LogDrop owns this data folder; it focuses its window (below) and we leave.
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow === undefined || mainWindow.isDestroyed()) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('web-contents-created', (_event, contents) => hardenContents(contents))
  installCrashHandlers()
  installGracefulQuit()
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      fatal(error)
      app.exit(1)
    })
}

/** `files:pick`: the native open dialog over the window (only what the person picks is opened). */
async function pickFilesWithDialog(request: { readonly multiple: boolean }): Promise<string[]> {
  const options: Electron.OpenDialogOptions = {
    title: 'Choose log files',
    properties: request.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
    filters: [
      { name: 'Log files', extensions: ['json', 'ndjson', 'jsonl', 'csv', 'tsv', 'txt', 'gz'] },
      { name: 'All files', extensions: ['*'] },
    ],
  }
  const owner = mainWindow !== undefined && !mainWindow.isDestroyed() ? mainWindow : undefined
  const result =
    owner === undefined
      ? await dialog.showOpenDialog(options)
      : await dialog.showOpenDialog(owner, options)
  return result.canceled ? [] : result.filePaths
}

/** Exports: the native save dialog; null when the person cancelled. */
async function saveFileWithDialog(request: {
  readonly defaultName: string
  readonly filters: ReadonlyArray<{ readonly name: string; readonly extensions: readonly string[] }>
}): Promise<string | null> {
  const options: Electron.SaveDialogOptions = {
    defaultPath: join(app.getPath('downloads'), request.defaultName),
    filters: request.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
  }
  const owner = mainWindow !== undefined && !mainWindow.isDestroyed() ? mainWindow : undefined
  const result =
    owner === undefined
      ? await dialog.showSaveDialog(options)
      : await dialog.showSaveDialog(owner, options)
  return result.canceled || result.filePath === undefined || result.filePath === ''
    ? null
    : result.filePath
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData')
  const services = await createAppContext({
    host: 'electron',
    dataDir,
    version: app.getVersion(),
    echoLogs: isDevelopment,
    encryptor: createSafeStorageEncryptor(),
    openExternal: async (url) => {
      if (!(await openIfAllowed(url))) {
        throw new Error('refused to open a page outside the sign-in authority')
      }
    },
    pickFiles: pickFilesWithDialog,
    saveFile: saveFileWithDialog,
  })
  context = services
  hardenSession()
  serveRenderer()
  registerIpc(services)
  services.events.subscribe((event, payload) => {
    if (mainWindow !== undefined && !mainWindow.isDestroyed()) {
      mainWindow.webContents.send(`${IPC_EVENT_PREFIX}${event}`, payload)
    }
  })
  app.setAboutPanelOptions({ applicationName: 'LogDrop', applicationVersion: app.getVersion() })
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate(
        process.platform,
        {
          openLogsFolder: () => void shell.openPath(join(dataDir, 'logs')),
          showAbout: () => app.showAboutPanel(),
        },
        { development: isDevelopment },
      ),
    ),
  )
  await createWindow(dataDir)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow(dataDir)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}

async function createWindow(dataDir: string): Promise<void> {
  const displays = screen.getAllDisplays().map((display) => display.workArea)
  const bounds = restoreBounds(await loadWindowBounds(dataDir), displays)
  const window = new BrowserWindow({
    ...(bounds.x === undefined || bounds.y === undefined ? {} : { x: bounds.x, y: bounds.y }),
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'LogDrop',
    show: false,
    webPreferences: {
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
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  })
  mainWindow = window
  if (bounds.maximized === true) window.maximize()
  window.once('ready-to-show', () => window.show())
  window.on('close', () => void rememberBounds(window, dataDir))
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined
  })
  await window.loadURL(entryUrl)
}

/** Saves the window's size and place for the next launch; failures only cost that comfort. */
function rememberBounds(window: BrowserWindow, dataDir: string): Promise<void> {
  if (window.isDestroyed()) return Promise.resolve()
  const bounds = { ...window.getNormalBounds(), maximized: window.isMaximized() }
  return saveWindowBounds(dataDir, bounds).catch(() => undefined)
}

/** Navigation, new windows and webviews, for every webContents the app ever creates. */
function hardenContents(contents: WebContents): void {
  const guard = (event: { url: string; preventDefault(): void }) => {
    const signInOrigin = signInWindows.get(contents)
    const decision =
      signInOrigin === undefined
        ? decideNavigation(event.url, appOrigin)
        : decideSignInNavigation(event.url, signInOrigin)
    if (decision === 'allow') return
    event.preventDefault()
    context?.logger.warn('shell', 'blocked navigation', { origin: originOf(event.url) })
  }
  contents.on('will-navigate', guard)
  contents.on('will-frame-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    void openIfAllowed(url)
    return { action: 'deny' }
  })
}

/**
 * Hands a URL to the system browser only when it is https on the configured cloud's sign-in
 * authority (for the local emulator, the authority in its emulator.json). Resolves to whether
 * it was opened.
 */
async function openIfAllowed(url: string): Promise<boolean> {
  const services = context
  if (services === undefined) return false
  const cloud = services.settings.get().cloud
  let emulatorAuthority: string | undefined
  if (cloud === 'LocalEmulator') {
    const resolveCloud = createCloudResolver({
      settings: () => services.settings.get(),
      emulatorDir: services.options.emulatorDir ?? emulatorDataDir(services.options.dataDir),
    })
    emulatorAuthority = await resolveCloud().then(
      (config) => config.endpoints.authorityHost,
      () => undefined,
    )
  }
  if (!isAllowedExternalUrl(url, externalOriginsFor(cloud, emulatorAuthority))) {
    services.logger.warn('shell', 'refused to open an external page', { origin: originOf(url) })
    return false
  }
  const trust = cloud === 'LocalEmulator' ? await emulatorTrust(services) : undefined
  if (trust === undefined) await shell.openExternal(url)
  else await openEmulatorSignIn(url, trust)
  return true
}

/** The running emulator's origin and CA, or undefined when it cannot be read. */
async function emulatorTrust(services: AppContext): Promise<EmulatorTrust | undefined> {
  const info = await readEmulatorInfo(
    services.options.emulatorDir ?? emulatorDataDir(services.options.dataDir),
  )
  if (info === undefined) return undefined
  const caCertPem = await readFile(info.caCert, 'utf8').catch(() => undefined)
  return caCertPem === undefined ? undefined : { origin: info.origin, caCertPem }
}

/**
 * Shows the local emulator's sign-in page in a window of the app instead of the system browser,
 * which does not trust the emulator's CA and would show a certificate warning. The window's own
 * in-memory session trusts that CA for the emulator's host only; it may navigate only to the
 * emulator and to msal's loopback redirect, and closes once the redirect has loaded.
 */
async function openEmulatorSignIn(url: string, trust: EmulatorTrust): Promise<void> {
  const ses = session.fromPartition(EMULATOR_SIGN_IN_PARTITION)
  ses.setCertificateVerifyProc((request, callback) =>
    callback(
      emulatorCertificateVerdict(
        { hostname: request.hostname, certificatePem: request.certificate.data },
        trust,
      ),
    ),
  )
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  const window = new BrowserWindow({
    width: 520,
    height: 720,
    title: 'Sign in to the local emulator',
    ...(mainWindow === undefined || mainWindow.isDestroyed() ? {} : { parent: mainWindow }),
    webPreferences: {
      partition: EMULATOR_SIGN_IN_PARTITION,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  signInWindows.set(window.webContents, trust.origin)
  window.webContents.on('did-finish-load', () => {
    if (isLoopbackRedirect(window.webContents.getURL())) window.close()
  })
  await window.loadURL(url)
}

/** Permissions denied by default; a CSP header on the dev server's responses too. */
function hardenSession(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = decidePermission(permission, details.requestingUrl, appOrigin)
    if (!granted) context?.logger.info('shell', 'denied permission', { permission })
    callback(granted)
  })
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    decidePermission(permission, requestingOrigin, appOrigin),
  )
  if (isDevelopment) {
    ses.webRequest.onHeadersReceived({ urls: [`${appOrigin}/*`] }, (details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
      })
    })
  }
}

/** Serves dist/renderer on app:// with the same traversal guard as the browser host. */
function serveRenderer(): void {
  const rendererDir = join(app.getAppPath(), 'dist', 'renderer')
  const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': csp }
  protocol.handle(APP_SCHEME, async (request) => {
    const path = appRequestPath(request.url)
    if (path === null || request.method !== 'GET') {
      return new Response('Not found.', { status: 404, headers })
    }
    const file = await readRendererFile(rendererDir, path)
    if (!file.ok) return new Response('Not found.', { status: file.status, headers })
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: {
        ...headers,
        'Content-Type': file.contentType,
        'Cache-Control': file.isDocument ? 'no-store' : 'private, no-cache',
      },
    })
  })
}

/** One handler per contract channel; each checks who is asking before dispatching. */
function registerIpc(services: AppContext): void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(`${IPC_INVOKE_PREFIX}${channel}`, async (event, payload: unknown) => {
      const verdict = checkSender(senderFacts(event), appOrigin)
      if (!verdict.trusted) {
        services.logger.warn('ipc', 'refused sender', { channel, reason: verdict.reason })
        return err(errorData('ipc/untrusted-sender', verdict.reason))
      }
      const clientId = `window:${event.sender.id}`
      return dispatchInvoke(services.handlers, channel, payload, { clientId }, services.logger)
    })
  }
}

function senderFacts(event: Electron.IpcMainInvokeEvent) {
  try {
    const frame = event.senderFrame
    return {
      frameUrl: frame?.url ?? null,
      isTopFrame: frame !== null && frame.parent === null,
      fromOurWindow:
        mainWindow !== undefined &&
        !mainWindow.isDestroyed() &&
        event.sender === mainWindow.webContents,
    }
  } catch {
    // A frame disposed mid-call throws on access: treat it as gone.
    return { frameUrl: null, isTopFrame: false, fromOurWindow: false }
  }
}

/** Quitting waits (bounded) for services to flush: an upload journal must not be cut off. */
function installGracefulQuit(): void {
  let state: 'running' | 'flushing' | 'done' = 'running'
  app.on('before-quit', (event) => {
    if (state === 'done') return
    event.preventDefault()
    if (state === 'flushing') return
    state = 'flushing'
    const window = mainWindow
    const flushed = Promise.all([
      window === undefined ? undefined : rememberBounds(window, app.getPath('userData')),
      context?.shutdown(),
    ])
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS))
    void Promise.race([flushed.catch(() => undefined), timeout]).then(() => {
      state = 'done'
      app.quit()
    })
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())
}

/** Bugs are logged and shown with where to find the log, instead of vanishing. */
function installCrashHandlers(): void {
  process.on('uncaughtException', (error) => fatal(error))
  process.on('unhandledRejection', (reason) => {
    context?.logger.error('crash', 'unhandled rejection', { detail: describe(reason) })
  })
  app.on('render-process-gone', (_event, _contents, details) => {
    context?.logger.error('crash', 'renderer gone', { reason: details.reason })
  })
  app.on('child-process-gone', (_event, details) => {
    context?.logger.error('crash', 'child process gone', {
      type: details.type,
      reason: details.reason,
    })
  })
}

function fatal(error: unknown): void {
  context?.logger.error('crash', 'uncaught exception', { detail: describe(error) })
  const logs = join(app.getPath('userData'), 'logs')
  if (app.isReady()) {
    dialog.showErrorBox(
      'LogDrop hit a problem',
      `Something went wrong inside LogDrop. The details are in the log file in ${logs}.`,
    )
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
