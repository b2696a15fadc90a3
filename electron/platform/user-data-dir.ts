import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * The folder where LogDrop keeps settings, journals, logs and the emulator's data.
 *
 * Matches Electron's `app.getPath('userData')` for an app named LogDrop, so the desktop app,
 * the browser host and the CLI share one folder. `LOGDROP_DATA_DIR` overrides it (tests, portable
 * installs).
 */
export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const override = env['LOGDROP_DATA_DIR']
  if (override !== undefined && override !== '') return override
  if (platform === 'win32') {
    return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'LogDrop')
  }
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'LogDrop')
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'LogDrop')
}
