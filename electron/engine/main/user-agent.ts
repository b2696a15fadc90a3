import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * LogDrop's version from the nearest package.json named `logdrop` above this module (source,
 * dist/ and app.asar layouts all have one above them).
 */
export function logdropVersion(startDir: string = __dirname): string {
  let dir = startDir
  for (let depth = 0; depth < 8; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown
        version?: unknown
      }
      if (pkg.name === 'logdrop' && typeof pkg.version === 'string') return pkg.version
    } catch {
      // keep looking
    }
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return '0.0.0'
}

/** `LogDrop/<version>` first (what the service logs), then the runtime, as the SDKs do. */
export function logdropUserAgent(version: string = logdropVersion()): string {
  return `LogDrop/${version} Node/${process.version} (${process.platform}; ${process.arch})`
}
