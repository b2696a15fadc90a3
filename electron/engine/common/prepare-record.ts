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
      /** What failed first (`mapping/coercion-failed` …) and in which column, when mapping failed. */
      readonly code?: string
      readonly column?: string
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
    const first = outcome.errors[0]
    return {
      ok: false,
      cause: 'validation',
      message,
      ...(first?.code === undefined ? {} : { code: first.code }),
      ...(first?.column === undefined || first.column === '' ? {} : { column: first.column }),
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
