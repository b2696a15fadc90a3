import { posix, win32, type PlatformPath } from 'node:path'

/** Where the compiled worker script lives and how the package was built. */
export interface WorkerPathOptions {
  /** `__dirname` of the module that starts the worker (compiled, under dist/electron/...). */
  readonly baseDir: string
  /** The worker script relative to baseDir, e.g. `../engine/upload-worker.js`. */
  readonly relativeFile: string
  /**
   * True when electron-builder's `asarUnpack` lists the worker, so it sits in
   * `app.asar.unpacked` beside the archive instead of inside it.
   */
  readonly unpacked: boolean
  /** Path flavour; inferred from baseDir when omitted (win32 for drive letters and UNC). */
  readonly pathApi?: PlatformPath
}

/** The archive's name as one path segment, matched whole (not `app.asar.unpacked`). */
const ASAR_SEGMENT = 'app.asar'

/** True when a path runs through a packaged app's `app.asar` archive. */
export function isInsideAsar(path: string, pathApi: PlatformPath = pathApiFor(path)): boolean {
  return path.split(/[\\/]/).includes(ASAR_SEGMENT) && pathApi.isAbsolute(path)
}

/**
 * The absolute path to pass to `new Worker(path)`, inside or outside a packaged app.
 *
 * - Unpackaged (`npm start`, tests): `baseDir/relativeFile`, a plain file.
 * - Packaged, worker inside the archive (the default): the same path through `app.asar`.
 *   Electron's Node reads scripts from asar in worker threads too (electron/electron#33216,
 *   "initialize asar support in worker threads"), and a worker inside the archive resolves its
 *   `require`s against `app.asar/node_modules`, so this is the preferred layout.
 * - Packaged with `asarUnpack` for the worker: the file is extracted to `app.asar.unpacked/...`,
 *   so the archive segment is rewritten. Such a worker must be self-contained (bundled), since
 *   `require` from there may not find packages inside the archive.
 */
export function resolveWorkerPath(options: WorkerPathOptions): string {
  const api = options.pathApi ?? pathApiFor(options.baseDir)
  const full = api.resolve(options.baseDir, options.relativeFile)
  if (!options.unpacked || !isInsideAsar(full, api)) return full
  const parts = full.split(api.sep)
  const index = parts.indexOf(ASAR_SEGMENT)
  parts[index] = `${ASAR_SEGMENT}.unpacked`
  return parts.join(api.sep)
}

/** Windows paths (drive letter or UNC) use win32 rules; everything else posix. */
function pathApiFor(path: string): PlatformPath {
  return /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\') ? win32 : posix
}
