import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { REPO_ROOT } from './repo-root'

/** An Electron executable to launch, or why there is none. */
export type ElectronBinary =
  | { readonly found: true; readonly path: string }
  | { readonly found: false; readonly reason: string }

const HOW_TO_RUN =
  'To run it: `npx install-electron --no` (needs network once), or set ELECTRON_OVERRIDE_DIST_PATH ' +
  'to an unpacked Electron 45 folder (or ELECTRON_PATH to its executable), then `npm run test:e2e` ' +
  '(under `xvfb-run -a` on Linux without a display).'

/**
 * Finds the Electron binary WITHOUT triggering its download.
 *
 * Electron ≥ 42 downloads itself on the first `require('electron')` (no postinstall any more),
 * so this never loads the package: it reads `path.txt` beside `electron/package.json` and checks
 * `dist/<path>` the way electron/index.js would, honouring ELECTRON_OVERRIDE_DIST_PATH like it
 * does, plus ELECTRON_PATH for an explicit executable. See shared/reference/msal-and-electron.md §8.2.
 */
export function findElectronBinary(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ElectronBinary {
  const explicit = env['ELECTRON_PATH']
  if (explicit !== undefined && explicit !== '') {
    return existsSync(explicit)
      ? withDisplay({ found: true, path: explicit }, env, platform)
      : { found: false, reason: `ELECTRON_PATH=${explicit} does not exist. ${HOW_TO_RUN}` }
  }
  let packageDir: string
  try {
    packageDir = dirname(
      createRequire(join(REPO_ROOT, 'package.json')).resolve('electron/package.json'),
    )
  } catch {
    return { found: false, reason: `The electron package is not installed. ${HOW_TO_RUN}` }
  }
  const pathFile = join(packageDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined
  const override = env['ELECTRON_OVERRIDE_DIST_PATH']
  if (override !== undefined && override !== '') {
    const candidates = relative === undefined ? executableNames(platform) : [relative]
    const path = candidates.map((name) => join(override, name)).find((p) => existsSync(p))
    return path === undefined
      ? {
          found: false,
          reason: `ELECTRON_OVERRIDE_DIST_PATH=${override} holds no Electron executable. ${HOW_TO_RUN}`,
        }
      : withDisplay({ found: true, path }, env, platform)
  }
  if (relative === undefined) {
    return {
      found: false,
      reason: `No Electron binary: ${pathFile} is missing (Electron 45 downloads lazily and this machine is offline). ${HOW_TO_RUN}`,
    }
  }
  const path = join(packageDir, 'dist', relative)
  return existsSync(path)
    ? withDisplay({ found: true, path }, env, platform)
    : { found: false, reason: `No Electron binary at ${path}. ${HOW_TO_RUN}` }
}

/** The executable inside an unpacked Electron folder, per platform. */
function executableNames(platform: NodeJS.Platform): string[] {
  if (platform === 'win32') return ['electron.exe']
  if (platform === 'darwin') return ['Electron.app/Contents/MacOS/Electron']
  return ['electron']
}

/** On Linux, Electron needs an X or Wayland display; without one launching fails outright. */
function withDisplay(
  binary: ElectronBinary,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): ElectronBinary {
  if (platform !== 'linux' || env['DISPLAY'] || env['WAYLAND_DISPLAY']) return binary
  return {
    found: false,
    reason: `Electron is at ${binary.found ? binary.path : '?'} but there is no display (DISPLAY is unset). Run \`xvfb-run -a npm run test:e2e\`.`,
  }
}
