import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { resolveWorkerEntry, typescriptBootstrap, type WorkerName } from './worker-entries'

/**
 * V8 limits for LogDrop's threads, which keep peak RSS flat (measured with `npm run bench`):
 * - a small young generation (8 MB instead of V8's 32-48 MB) keeps the short-lived garbage of
 *   parsing and serialising from inflating every thread's heap;
 * - an old-generation ceiling makes V8 grow the heap conservatively: without it, threads that
 *   parse at full speed let their heaps grow by tens of MB each before collecting (about
 *   270 MB peak instead of 225 MB on 200 MB files). 512 MB still leaves room for the worst
 *   record the readers accept (16 MiB of JSON holding millions of tiny values).
 */
export const WORKER_RESOURCE_LIMITS = {
  maxYoungGenerationSizeMb: 8,
  maxOldGenerationSizeMb: 512,
} as const

/** Starts one of the registered workers, from compiled JS, from TypeScript (tests, tsx) or from app.asar. */
export function spawnWorker(name: WorkerName, workerData: unknown): Worker {
  const entry = resolveWorkerEntry(name)
  const resourceLimits = WORKER_RESOURCE_LIMITS
  if (!entry.typescript) return new Worker(entry.file, { workerData, resourceLimits })
  const tsx = createRequire(__filename).resolve('tsx/cjs')
  return new Worker(typescriptBootstrap(entry.file, tsx), {
    eval: true,
    workerData,
    resourceLimits,
  })
}
