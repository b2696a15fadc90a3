import { existsSync } from 'node:fs'

/** Where Debian and Ubuntu put their Chromium; the first that exists wins. */
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

/** Flags for a quiet, offline, CI-friendly Chromium (no sandbox: CI runs as root in a container). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/**
 * The Chromium the end-to-end tests drive: `LOGDROP_CHROMIUM` or `CHROMIUM_PATH` when set,
 * else the system one, else undefined (Playwright then uses its own download, if any).
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  for (const name of ['LOGDROP_CHROMIUM', 'CHROMIUM_PATH']) {
    const value = env[name]
    if (value !== undefined && value !== '') return value
  }
  return SYSTEM_CHROMIUMS.find((path) => exists(path))
}
