/** What the data folder's location depends on; the caller reads it from its process. */
export interface DataDirContext {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly platform: string
  readonly home: string
}

/**
 * The folder where LogDrop keeps settings, journals, logs and the emulator's data.
 *
 * Matches Electron's `app.getPath('userData')` for an app named LogDrop, so the desktop app, the
 * browser host, the CLI and the emulator share one folder. `LOGDROP_DATA_DIR` overrides it
 * (tests, portable installs). Pure, so the app and the emulator (two programs) decide it in one
 * place.
 */
export function logDropDataDir({ env, platform, home }: DataDirContext): string {
  const override = env['LOGDROP_DATA_DIR']
  if (override !== undefined && override !== '') return override
  const join = (...parts: string[]) => parts.join(platform === 'win32' ? '\\' : '/')
  if (platform === 'win32')
    return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'LogDrop')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'LogDrop')
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), 'LogDrop')
}
