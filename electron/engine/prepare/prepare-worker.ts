import { parentPort, workerData } from 'node:worker_threads'
import { toErrorData } from '../../../shared/errors/app-error'
import { createBlockPreparer } from './block-preparer'
import type { PrepareAnswer, PrepareRequest, PrepareStart } from './prepare-protocol'

/**
 * Entry of a prepare helper thread: parses, maps and serialises blocks for the upload
 * worker, so that CPU-heavy work runs on several cores. It holds no credentials and does no
 * I/O besides its messages.
 */
const port = parentPort
if (port === null) throw new Error('prepare-worker must run in a worker thread')

const prepare = createBlockPreparer((workerData as PrepareStart).job)

port.on('message', (request: PrepareRequest) => {
  prepare(request).then(
    (block) => {
      const answer: PrepareAnswer = { type: 'prepared', seq: request.seq, block }
      port.postMessage(answer, [
        block.data.buffer as ArrayBuffer,
        block.ends.buffer as ArrayBuffer,
        block.indexes.buffer as ArrayBuffer,
        block.lines.buffer as ArrayBuffer,
      ])
    },
    (error: unknown) => {
      const answer: PrepareAnswer = { type: 'failed', seq: request.seq, error: toErrorData(error) }
      port.postMessage(answer)
    },
  )
})

// Until now the upload worker prepares blocks itself (loading this code takes a while).
port.postMessage({ type: 'ready' } satisfies PrepareAnswer)
