import { parentPort, workerData } from 'node:worker_threads'
import { toErrorData } from '../../../shared/errors/app-error'
import { DEFAULT_MAX_RECORD_BYTES } from '../parse/parse-types'
import { MAX_REQUEST_JSON_BYTES } from '../send/request-batch'
import { createMapperForJob } from '../source/job-mapper'
import { sendAsIs, type RecordMapper } from '../source/source-types'
import { prepareBlock } from './prepare-block'
import type { PrepareAnswer, PrepareRequest, PrepareStart } from './prepare-protocol'

/**
 * Entry of a prepare helper thread: parses, maps and serialises NDJSON blocks for the upload
 * worker, so that CPU-heavy work runs on several cores. It holds no credentials and does no
 * I/O besides its messages.
 */
const port = parentPort
if (port === null) throw new Error('prepare-worker must run in a worker thread')

const { job } = workerData as PrepareStart
const mappers = new Map<number, RecordMapper>()
function mapperFor(fileIndex: number): RecordMapper {
  let mapper = mappers.get(fileIndex)
  if (mapper === undefined) {
    const file = job.files[fileIndex]
    mapper =
      file === undefined || file.premapped === true ? sendAsIs : createMapperForJob(job, file)
    mappers.set(fileIndex, mapper)
  }
  return mapper
}

port.on('message', (request: PrepareRequest) => {
  const file = job.files[request.fileIndex]
  const bytes = Buffer.from(
    request.bytes.buffer,
    request.bytes.byteOffset,
    request.bytes.byteLength,
  )
  prepareBlock(bytes, {
    file: file?.path ?? '',
    mapper: mapperFor(request.fileIndex),
    nowMs: request.nowMs,
    maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
    maxRequestBytes: job.options.maxRequestBytes ?? MAX_REQUEST_JSON_BYTES,
  }).then(
    (prepared) => {
      const block = prepared
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
