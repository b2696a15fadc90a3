import { parentPort, workerData } from 'node:worker_threads'
import { toErrorData } from '../../../shared/errors/app-error'
import { createBlockPreparer } from './block-preparer'
import type { PrepareAnswer, PrepareRequest, PrepareStart, WireBlock } from './prepare-protocol'
import { SharedSlots } from './shared-slots'

/**
 * Entry of a prepare helper thread: parses, maps and serialises blocks for the upload
 * worker, so that CPU-heavy work runs on several cores. It holds no credentials and does no
 * I/O besides its messages.
 */
const port = parentPort
if (port === null) throw new Error('prepare-worker must run in a worker thread')

const start = workerData as PrepareStart
const prepare = createBlockPreparer(start.job)
const slots = start.slots === undefined ? undefined : SharedSlots.attach(start.slots)

port.on('message', (request: PrepareRequest) => {
  const bytes = request.bytes instanceof Uint8Array ? request.bytes : slots?.bytes(request.bytes)
  const output = request.output === undefined ? undefined : slots?.view(request.output)
  if (bytes === undefined) {
    const error = new Error('a block in a shared slot, but no slots were given')
    port.postMessage({ type: 'failed', seq: request.seq, error: toErrorData(error) })
    return
  }
  prepare({
    fileIndex: request.fileIndex,
    bytes,
    format: request.format,
    firstLine: request.firstLine,
    firstOffset: request.firstOffset,
    nowMs: request.nowMs,
    ...(output === undefined ? {} : { output }),
  }).then(
    (block) => {
      // Records written into the output slot stay there; the upload worker reads them in place.
      const inSlot = slots?.refOf(block.data)
      const wire: WireBlock = { ...block, data: inSlot ?? block.data }
      const answer: PrepareAnswer = { type: 'prepared', seq: request.seq, block: wire }
      port.postMessage(answer, [
        ...(inSlot === undefined ? [block.data.buffer as ArrayBuffer] : []),
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
