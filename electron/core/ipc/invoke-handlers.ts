import type { AppContext } from '../app-context'
import { createAuthHandlers } from '../auth/auth-handlers'
import { createFilesHandlers } from '../services/files/files-handlers'
import { createJobsHandlers } from '../services/jobs/jobs-handlers'
import { createTargetHandlers } from '../services/target/target-handlers'
import type { InvokeHandlers } from './dispatch'

type Services = Pick<
  AppContext,
  | 'options'
  | 'logger'
  | 'events'
  | 'settings'
  | 'auth'
  | 'targets'
  | 'files'
  | 'profiles'
  | 'session'
  | 'downloads'
  | 'jobs'
>

/**
 * Binds every channel of the contract to a main-side service.
 *
 * The InvokeHandlers type makes a missing channel a compile error.
 */
export function createInvokeHandlers(services: Services): InvokeHandlers {
  const { options, events, settings } = services
  return {
    ...createAuthHandlers(services.auth),
    ...createTargetHandlers(services.targets),
    ...createFilesHandlers(services.files, services.profiles, services.downloads),
    ...createJobsHandlers(services.jobs),
    'app:get-info': () => ({
      name: 'LogDrop',
      version: options.version,
      host: options.host,
      platform: process.platform,
      dataDir: options.dataDir,
    }),
    'app:ping': ({ message }) => ({ message, receivedAt: new Date().toISOString() }),
    'session:get': () => services.session.get(),
    'session:update': (patch) => services.session.update(patch),
    'settings:get': () => settings.get(),
    'settings:update': async (patch) => {
      const next = await settings.update(patch)
      events.emit('settings:changed', next)
      return next
    },
  }
}
