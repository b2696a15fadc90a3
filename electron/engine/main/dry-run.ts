import type { FailureCause, JobDefinition } from '../../../shared/models/upload-job'
import { BatchPacker, MAX_REQUEST_JSON_BYTES } from '../common/chunk/request-batch'
import { prepareRecord } from '../common/prepare-record'
import { createMapperForFile } from '../common/source/job-mapper'
import { openJobSource } from '../common/source/open-source'

/** What an upload would do, found without sending anything or writing a journal. */
export interface DryRunReport {
  readonly records: number
  readonly wouldSend: number
  readonly requests: number
  readonly jsonBytes: number
  readonly rawBytes: number
  readonly failedByCause: Partial<Record<FailureCause, number>>
  readonly droppedFields: number
  readonly timeWindowFlags: number
  /** The first few problems, with where they are. */
  readonly examples: ReadonlyArray<{
    readonly file: string
    readonly line: number
    readonly cause: FailureCause
    readonly message: string
  }>
}

const MAX_EXAMPLES = 20

/**
 * Reads, maps, serialises and batches every record of a job exactly as an upload would, and
 * counts the outcome: how many records and requests would go, and what would fail and why.
 */
export async function dryRunJob(job: JobDefinition, signal?: AbortSignal): Promise<DryRunReport> {
  const failedByCause: Partial<Record<FailureCause, number>> = {}
  const examples: Array<DryRunReport['examples'][number]> = []
  const fail = (file: string, line: number, cause: FailureCause, message: string) => {
    failedByCause[cause] = (failedByCause[cause] ?? 0) + 1
    if (examples.length < MAX_EXAMPLES) examples.push({ file, line, cause, message })
  }
  const limit = job.options.maxRequestBytes ?? MAX_REQUEST_JSON_BYTES
  const packer = new BatchPacker('dry-', () => 'dry', limit)
  let records = 0
  let wouldSend = 0
  let requests = 0
  let jsonBytes = 0
  let rawBytes = 0
  let droppedFields = 0
  let timeWindowFlags = 0
  const controller = new AbortController()
  signal?.addEventListener('abort', () => controller.abort(), { once: true })

  for (const file of job.files) {
    const mapper = createMapperForFile(job, file)
    const source = openJobSource(file, controller.signal)
    for await (const batch of source.items) {
      for (const item of batch) {
        if (item.kind === 'warning') continue
        records += 1
        if (item.kind === 'error') {
          fail(file.path, item.source.line, 'parse', item.reason)
          continue
        }
        const prepared = prepareRecord(item.record, mapper, Date.now(), limit)
        if (!prepared.ok) {
          fail(file.path, item.source.line, prepared.cause, prepared.message)
          continue
        }
        droppedFields += prepared.droppedFields
        if (prepared.timeOutsideWindow) timeWindowFlags += 1
        const packed = packer.add(Buffer.from(prepared.json, 'utf8'), {
          fileIndex: 0,
          ordinal: 0,
          line: undefined,
        })
        wouldSend += 1
        if (packed?.kind === 'batch') {
          requests += 1
          jsonBytes += packed.batch.chunk.bytes
        }
      }
    }
    rawBytes += source.bytesRead()
  }
  const last = packer.take()
  if (last !== undefined) {
    requests += 1
    jsonBytes += last.chunk.bytes
  }
  return {
    records,
    wouldSend,
    requests,
    jsonBytes,
    rawBytes,
    failedByCause,
    droppedFields,
    timeWindowFlags,
    examples,
  }
}
