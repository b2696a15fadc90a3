import { posix, win32 } from 'node:path'

/**
 * Every worker thread's entry module. The type imports make the compiler check each path, so a
 * moved entry breaks the build instead of the first upload; `worker-entries.test.ts` checks the
 * strings below name the same files.
 */
interface WorkerEntryModules {
  /** The upload worker: reads, prepares, compresses and sends one job. */
  readonly upload: typeof import('../../worker/upload-worker')
  /** A helper that prepares blocks of records for the upload worker. */
  readonly prepare: typeof import('../../helpers/prepare-worker')
}

export type WorkerName = keyof WorkerEntryModules

/** Each entry relative to this folder, without extension (`.ts` from source, `.js` compiled). */
export const WORKER_ENTRIES: { readonly [K in WorkerName]: string } = {
  upload: '../../worker/upload-worker',
  prepare: '../../helpers/prepare-worker',
}

/** How to start a worker. */
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

/**
 * Where a worker's script is: beside this module, compiled or not.
 *
 * - Compiled (`dist/electron/...`, or inside a packaged `app.asar`, which Electron's Node reads
 *   in worker threads too, electron/electron#33216): the `.js` file.
 * - TypeScript run by vitest or tsx: the `.ts` source, flagged for the tsx hook.
 */
export function resolveWorkerEntry(name: WorkerName, here: string = __filename): WorkerEntry {
  const api = /^[A-Za-z]:[\\/]/.test(here) || here.startsWith('\\\\') ? win32 : posix
  const extension = api.extname(here)
  const typescript = extension === '.ts' || extension === '.mts' || extension === '.cts'
  const file = api.resolve(
    api.dirname(here),
    `${WORKER_ENTRIES[name]}${typescript ? '.ts' : '.js'}`,
  )
  return { file, typescript }
}

/**
 * The bootstrap source for a TypeScript worker (`new Worker(code, { eval: true })`): register
 * tsx's CommonJS hook by absolute path, then load the entry.
 */
export function typescriptBootstrap(entryFile: string, tsxCjsPath: string): string {
  return `require(${JSON.stringify(tsxCjsPath)});\nrequire(${JSON.stringify(entryFile)});\n`
}
