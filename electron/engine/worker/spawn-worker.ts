import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { resolveWorkerEntry, typescriptBootstrap } from './worker-entry'

/**
 * V8 limits for LogDrop's threads. A small young generation (8 MB instead of V8's 32-48 MB)
 * keeps the short-lived garbage of parsing and serialising from inflating every thread's
 * heap, which is most of the difference between 300 MB and 240 MB of peak RSS on a 1 GB
 * upload, at no measurable cost in speed.
 */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 8 } as const

/**
 * Starts a worker script from compiled JS, from TypeScript (tests, tsx) or from app.asar.
 * `moduleFile` is the caller's `__filename`; `relativeBase` the script without extension.
 */
export function spawnWorker(
  moduleFile: string,
  relativeBase: string,
  workerData: unknown,
  options: { readonly unpacked?: boolean } = {},
): Worker {
  const entry = resolveWorkerEntry(moduleFile, relativeBase, options)
  const resourceLimits = WORKER_RESOURCE_LIMITS
  if (!entry.typescript) return new Worker(entry.file, { workerData, resourceLimits })
  const tsx = createRequire(moduleFile).resolve('tsx/cjs')
  return new Worker(typescriptBootstrap(entry.file, tsx), {
    eval: true,
    workerData,
    resourceLimits,
  })
}
