import type { JobDefinition, JobFile } from '../../../shared/models/upload-job'
import { DEFAULT_MAX_RECORD_BYTES } from '../common/parse/parse-types'
import { MAX_REQUEST_JSON_BYTES } from '../common/chunk/request-batch'
import { compiledMappingOf, createMapperForFile } from '../common/source/job-mapper'
import { sendAsIs, type RecordMapper } from '../common/source/source-types'
import type { DirectColumn } from '../../../shared/mapping/direct-columns'
import { AsIsWriter } from './direct/as-is-writer'
import { CsvRowWriter } from './direct/csv-row-writer'
import { DirectWriter, type RecordWriter } from './direct/direct-writer'
import { prepareBlock, type PreparedBlock } from './prepare-block'
import type { BlockFormat } from './prepare-protocol'

/** One block of one of the job's files, as a helper (or the upload worker itself) gets it. */
export interface BlockRequest {
  readonly fileIndex: number
  readonly bytes: Uint8Array
  readonly format: BlockFormat
  readonly firstLine: number
  readonly firstOffset: number
  readonly nowMs: number
  /** Where to write the records while they fit (a shared slot). */
  readonly output?: Buffer
}

/**
 * Prepares the job's blocks with each file's mapping: the work of a prepare helper, also done
 * on the upload worker when the helpers are backed up.
 */
export function createBlockPreparer(
  job: JobDefinition,
): (request: BlockRequest) => Promise<PreparedBlock> {
  const mappers = new Map<number, RecordMapper>()
  const mapperFor = (fileIndex: number): RecordMapper => {
    let mapper = mappers.get(fileIndex)
    if (mapper === undefined) {
      const file = job.files[fileIndex]
      mapper = file === undefined ? sendAsIs : createMapperForFile(job, file)
      mappers.set(fileIndex, mapper)
    }
    return mapper
  }
  const maxRequestBytes = job.options.maxRequestBytes ?? MAX_REQUEST_JSON_BYTES
  const directColumns = (file: JobFile): readonly DirectColumn[] | undefined =>
    compiledMappingOf(job, file)?.direct
  /** Direct writers by mapping index (undefined: that mapping cannot be written directly). */
  const mappedWriters = new Map<number, RecordWriter | undefined>()
  const csvWriters = new Map<number, CsvRowWriter | undefined>()
  const csvWriterFor = (request: BlockRequest): CsvRowWriter | undefined => {
    const { format, fileIndex } = request
    const file = job.files[fileIndex]
    if (format.kind !== 'csv' || file === undefined || file.mapping === null) return undefined
    if (!csvWriters.has(fileIndex)) {
      csvWriters.set(
        fileIndex,
        CsvRowWriter.create(directColumns(file), format.headers, maxRequestBytes),
      )
    }
    return csvWriters.get(fileIndex)
  }
  const asIsWriter = new AsIsWriter(maxRequestBytes)
  const writerFor = (fileIndex: number): RecordWriter | undefined => {
    const file = job.files[fileIndex]
    if (file === undefined) return undefined
    if (file.mapping === null) return asIsWriter
    if (!mappedWriters.has(file.mapping)) {
      const columns = directColumns(file)
      mappedWriters.set(
        file.mapping,
        columns === undefined ? undefined : new DirectWriter(columns, maxRequestBytes),
      )
    }
    return mappedWriters.get(file.mapping)
  }
  return (request) =>
    prepareBlock(
      Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength),
      {
        file: job.files[request.fileIndex]?.path ?? '',
        format: request.format,
        firstLine: request.firstLine,
        firstOffset: request.firstOffset,
        mapper: mapperFor(request.fileIndex),
        nowMs: request.nowMs,
        maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
        maxRequestBytes,
        direct: writerFor(request.fileIndex),
        csvDirect: csvWriterFor(request),
        ...(request.output === undefined ? {} : { output: request.output }),
      },
    )
}
