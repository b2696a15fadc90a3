import type { AppErrorCode } from '../../../shared/errors/app-error'
import { MAX_RECORD_DEPTH, nestsDeeperThan } from '../../../shared/models/record-limits'
import type { FailureCause } from '../../../shared/models/upload-job'
import { serializeRecord } from './chunk/serialize-record'
import type { RecordMapper } from './source/source-types'

/** One source record made ready to send, or why it cannot be sent. */
export type PreparedRecord =
  | {
      readonly ok: true
      /** The stream record as JSON text (at most the request limit in UTF-8 bytes). */
      readonly json: string
      readonly droppedFields: number
      readonly timeOutsideWindow: boolean
    }
  | {
      readonly ok: false
      readonly cause: Extract<FailureCause, 'validation' | 'oversize'>
      readonly message: string
      /** Set for a failure with a code of its own (a record nested too deeply). */
      readonly code?: AppErrorCode
    }

/**
 * Maps, serialises and size-checks one record: the same steps whether it runs on the upload
 * worker or on a prepare helper, so both paths fail the same records for the same reasons.
 */
export function prepareRecord(
  record: Readonly<Record<string, unknown>>,
  mapper: RecordMapper,
  nowMs: number,
  maxRequestBytes: number,
): PreparedRecord {
  const outcome = mapper(record, nowMs)
  if (!outcome.ok) {
    const message = outcome.errors
      .map((error) =>
        error.column === undefined || error.reason.startsWith(error.column)
          ? error.reason
          : `${error.column}: ${error.reason}`,
      )
      .join('; ')
    return { ok: false, cause: 'validation', message }
  }
  if (nestsDeeperThan(outcome.record, MAX_RECORD_DEPTH)) {
    return {
      ok: false,
      cause: 'validation',
      code: 'parse/too-deep',
      message: `The record nests objects and arrays more than ${MAX_RECORD_DEPTH} levels deep, the most a record may have; it was not sent (the records beside it were). Flatten it, or map fewer levels.`,
    }
  }
  let json: string
  try {
    // The fast path; bigint longs and pathological nesting take the shared serialiser below.
    json = JSON.stringify(outcome.record)
  } catch {
    const serialized = serializeRecord(outcome.record as object)
    if (!serialized.ok) return { ok: false, cause: 'validation', message: serialized.reason }
    json = serialized.bytes.toString('utf8')
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit: short texts need no exact count.
  const size = json.length * 3 + 2 <= maxRequestBytes ? json.length : Buffer.byteLength(json)
  if (size + 2 > maxRequestBytes) {
    return {
      ok: false,
      cause: 'oversize',
      message: `The record is ${size} bytes of JSON; one request carries at most ${maxRequestBytes} bytes (${maxRequestBytes - 2} for a single record), so it was not sent.`,
    }
  }
  return {
    ok: true,
    json,
    droppedFields: outcome.droppedFields ?? 0,
    timeOutsideWindow: outcome.timeOutsideWindow === true,
  }
}
