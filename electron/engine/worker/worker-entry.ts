import { posix, win32 } from 'node:path'
import { resolveWorkerPath } from '../../shell/worker-path'

/** How to start the upload worker from a given module. */
export interface WorkerEntry {
  /** Absolute path of the worker script. */
  readonly file: string
  /**
   * The script is TypeScript (tests, `tsx electron/cli/logdrop.ts`): it must be started through
   * tsx's CommonJS hook, because `execArgv: ['--import', 'tsx']` does not apply loader hooks to
   * a worker's entry on Node 20 (ERR_UNKNOWN_FILE_EXTENSION, checked on 20.20).
   */
  readonly typescript: boolean
}

/** The upload worker, relative to the job runner's folder (electron/engine/job/). */
export const UPLOAD_WORKER = '../worker/upload-worker'
/** The record-preparing helper, relative to the upload run's folder (electron/engine/worker/). */
export const PREPARE_WORKER = '../prepare/prepare-worker'

/**
 * Where a worker script is, seen from the module that starts it (pass its `__filename` and the
 * script's path relative to that module's folder, without extension).
 *
 * - From compiled JS (`dist/electron/electron/engine/job/job-runner.js`): the `.js` beside it.
 * - From TypeScript run by vitest or tsx: the `.ts` source, flagged for the tsx hook.
 * - In a packaged app: the same path through `app.asar` (Electron reads worker scripts from
 *   the archive), or through `app.asar.unpacked` when the build unpacks it (`unpacked`).
 */
export function resolveWorkerEntry(
  moduleFile: string,
  relativeBase: string,
  options: { readonly unpacked?: boolean } = {},
): WorkerEntry {
  const api = /^[A-Za-z]:[\\/]/.test(moduleFile) || moduleFile.startsWith('\\\\') ? win32 : posix
  const extension = api.extname(moduleFile)
  const typescript = extension === '.ts' || extension === '.mts' || extension === '.cts'
  const file = resolveWorkerPath({
    baseDir: api.dirname(moduleFile),
    relativeFile: `${relativeBase}${typescript ? '.ts' : '.js'}`,
    unpacked: options.unpacked ?? false,
    pathApi: api,
  })
  return { file, typescript }
}

/**
 * The bootstrap source for a TypeScript worker (`new Worker(code, { eval: true })`): register
 * tsx's CommonJS hook by absolute path, then load the entry.
 */
export function typescriptBootstrap(entryFile: string, tsxCjsPath: string): string {
  return `require(${JSON.stringify(tsxCjsPath)});\nrequire(${JSON.stringify(entryFile)});\n`
}
