import { createRequire } from 'node:module'
import { parentPort, workerData } from 'node:worker_threads'
import { helperCountFor, startHelpers } from './blocks/helper-thread'
import { SharedSlots, slotCountFor } from '../helpers/shared-slots'
import type { WorkerStart } from './protocol'
import type * as UploadWorkerRun from './upload-worker-run'

/**
 * Entry of the upload worker thread. It starts the job's prepare helpers first, and only then
 * loads its own code (about 0.2 s: undici, zod, the parsers), so that the helpers load theirs
 * on the other cores meanwhile instead of after it. It refuses to run anywhere but in a worker.
 */
const port = parentPort
if (port === null) throw new Error('upload-worker must run in a worker thread')

const start = workerData as WorkerStart
const helperCount = helperCountFor(start.job)
const slots = helperCount > 0 ? SharedSlots.create(slotCountFor(helperCount)) : undefined
const helpers = startHelpers(start.job, helperCount, slots?.shared)

// Loaded after the helpers started (an import would load it first); a plain require also
// goes through tsx's CommonJS hook when tests run the TypeScript source.
const { serveUploadRun } = createRequire(__filename)(
  './upload-worker-run',
) as typeof UploadWorkerRun
serveUploadRun(port, start, helpers, slots)
