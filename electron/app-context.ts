import { join } from 'node:path'
import type { HostKind } from '../shared/models/app-info'
import { createInvokeHandlers } from './ipc/invoke-handlers'
import type { InvokeHandlers } from './ipc/dispatch'
import { EventBus } from './ipc/event-bus'
import { createLogger, type Logger } from './platform/logger'
import { SettingsStore } from './services/settings-store'

export interface AppContextOptions {
  readonly host: HostKind
  readonly dataDir: string
  readonly version: string
  /** Extra log sink (tests capture lines to scan them for secrets). */
  readonly logSink?: (line: string) => void
  readonly echoLogs?: boolean
}

/** The main-side services, shared by the Electron shell and the browser host. */
export interface AppContext {
  readonly options: AppContextOptions
  readonly logger: Logger
  readonly events: EventBus
  readonly settings: SettingsStore
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
  const partial = { options, logger, events, settings }
  const handlers = createInvokeHandlers(partial)
  logger.info('app', 'services ready', { host: options.host })
  return {
    ...partial,
    handlers,
    shutdown: async () => {
      logger.info('app', 'shutting down')
    },
  }
}
