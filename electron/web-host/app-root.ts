import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The app's own folder (where its package.json is) and version. */
export interface AppRoot {
  readonly dir: string
  readonly version: string
}

/**
 * Finds LogDrop's package.json by walking up from a compiled or source file's folder.
 *
 * The same code runs as TypeScript (electron/web-host) and compiled (dist/electron/electron/web-host),
 * at different depths, so a fixed `../..` would be wrong in one of them.
 */
export function findAppRoot(startDir: string): AppRoot {
  let dir = startDir
  for (;;) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown }
      if (pkg.name === 'logdrop' && typeof pkg.version === 'string') {
        return { dir, version: pkg.version }
      }
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`LogDrop's package.json not found above ${startDir}`)
    dir = parent
  }
}
