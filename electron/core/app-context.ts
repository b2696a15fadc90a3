import { join } from 'node:path'
import type { HostKind } from '../../shared/models/app-info'
import { AuthService } from './auth/auth-service'
import { createCloudResolver } from './auth/cloud-config'
import { emulatorDataDir } from './emulator-client/ready-info'
import type { Encryptor } from './auth/encryptor'
import { createInvokeHandlers } from './ipc/invoke-handlers'
import type { InvokeHandlers } from './ipc/dispatch'
import { EventBus } from './ipc/event-bus'
import { createLogger, type Logger } from '../platform/logger'
import { Downloads, type SaveFileDialog } from './services/files/downloads'
import { FilesService, type PickFilesDialog } from './services/files/files-service'
import { JobsService } from './services/jobs/jobs-service'
import { ProfileStore } from './services/profiles/profile-store'
import { SessionStore } from './services/session/session-store'
import { SettingsStore } from './services/settings-store'
import { TargetService } from './services/target/target-service'

export interface AppContextOptions {
  readonly host: HostKind
  readonly dataDir: string
  readonly version: string
  /** Extra log sink (tests capture lines to scan them for secrets). */
  readonly logSink?: (line: string) => void
  readonly echoLogs?: boolean
  /**
   * Opens a sign-in page in the system browser (Electron: `shell.openExternal`). Only URLs on
   * the configured sign-in authority reach it. Default (browser host): the page is sent to the
   * renderer as `auth:browser-url` and opened in a new tab.
   */
  readonly openExternal?: (url: string) => Promise<void>
  /** OS key store for the token cache (Electron: safeStorage). Default: none (memory cache). */
  readonly encryptor?: Encryptor
  /**
   * The local emulator's data folder (where it writes `emulator.json`), for the Local emulator
   * cloud. Default: `<dataDir>/emulator`, where `npm run emulator` puts it.
   */
  readonly emulatorDir?: string
  /** How long an interactive or device-code sign-in may wait. Default: 5 minutes. */
  readonly signInTimeoutMs?: number
  /** Environment for manual target defaults (AZURE_DCE_ENDPOINT…). Default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /**
   * The native open dialog (Electron: `dialog.showOpenDialog`). Default (browser host): none;
   * `files:pick` fails and the renderer uploads files instead.
   */
  readonly pickFiles?: PickFilesDialog
  /**
   * The native save dialog (Electron: `dialog.showSaveDialog`). Default (browser host): none;
   * exports become one-time downloads under the host's secret path.
   */
  readonly saveFile?: SaveFileDialog
}

/** The main-side services, shared by the Electron shell and the browser host. */
export interface AppContext {
  readonly options: AppContextOptions
  readonly logger: Logger
  readonly events: EventBus
  readonly settings: SettingsStore
  /** Sign-in and tokens (main side only; `auth.getToken` is the engine's token provider). */
  readonly auth: AuthService
  /** Discovery, manual targets, recent targets and the connection check. */
  readonly targets: TargetService
  /** Registered source files (the allow-list), previews and dry runs. */
  readonly files: FilesService
  readonly profiles: ProfileStore
  /** The person's place in the journey (target, mapping edits, files), across restarts. */
  readonly session: SessionStore
  /** Exports: save dialog or one-time downloads (the browser host serves them). */
  readonly downloads: Downloads
  /** Uploads, failed records, history and verify. */
  readonly jobs: JobsService
  readonly handlers: InvokeHandlers
  /** Lets running work (upload journals) flush before the process exits. */
  shutdown(): Promise<void>
}

/** Builds every main-side service once; hosts only carry requests and events. */
export async function createAppContext(options: AppContextOptions): Promise<AppContext> {
  const logger = createLogger({
    dir: join(options.dataDir, 'logs'),
    ...(options.logSink === undefined ? {} : { sink: options.logSink }),
    ...(options.echoLogs === undefined ? {} : { echo: options.echoLogs }),
  })
  const events = new EventBus()
  const settings = new SettingsStore(options.dataDir, logger)
  await settings.load()
  const auth = new AuthService({
    dataDir: options.dataDir,
    settings: () => settings.get(),
    resolveCloud: createCloudResolver({
      settings: () => settings.get(),
      emulatorDir: options.emulatorDir ?? emulatorDataDir(options.dataDir),
    }),
    logger,
    emit: (event, payload) => events.emit(event, payload),
    ...(options.openExternal === undefined ? {} : { openExternal: options.openExternal }),
    ...(options.encryptor === undefined ? {} : { encryptor: options.encryptor }),
    ...(options.signInTimeoutMs === undefined ? {} : { signInTimeoutMs: options.signInTimeoutMs }),
  })
  await auth.load()
  // A new cloud, tenant or client id changes the accounts shown.
  events.subscribe((event) => {
    if (event === 'settings:changed') void auth.publishState().catch(() => undefined)
  })
  const targets = new TargetService({
    dataDir: options.dataDir,
    auth,
    logger,
    env: options.env ?? process.env,
  })
  const profiles = new ProfileStore(options.dataDir, logger)
  const downloads = new Downloads(options.dataDir, options.saveFile)
  const session = new SessionStore(options.dataDir, logger)
  await session.load()
  const files = new FilesService({
    dataDir: options.dataDir,
    host: options.host,
    logger,
    profiles,
    emit: (event, payload) => events.emit(event, payload),
    pickFiles: options.pickFiles,
    onChange: (list) => {
      session.setFiles(list).catch((error: unknown) => {
        logger.warn('session', 'could not keep the file list', { error: String(error) })
      })
    },
  })
  // Before the sweep below, so uploaded copies of the kept files stay.
  await files.restore(session.files())
  const jobs = new JobsService({
    dataDir: options.dataDir,
    logger,
    auth,
    targets,
    files,
    downloads,
    settings: () => settings.get(),
    emit: (event, payload) => events.emit(event, payload),
  })
  // Jobs first: the sweep keeps what unfinished uploads may resume from.
  void files.sweepStaged().catch((error: unknown) => {
    logger.warn('files', 'could not clean up uploaded copies', { error: String(error) })
  })
  const partial = {
    options,
    logger,
    events,
    settings,
    auth,
    targets,
    files,
    profiles,
    session,
    downloads,
    jobs,
  }
  const handlers = createInvokeHandlers(partial)
  logger.info('app', 'services ready', { host: options.host })
  return {
    ...partial,
    handlers,
    shutdown: async () => {
      logger.info('app', 'shutting down')
      await jobs.shutdown()
      files.shutdown()
      await session.flush()
      await downloads.clear()
      auth.shutdown()
      await targets.shutdown()
    },
  }
}
