import { once } from 'node:events'
import type { Writable } from 'node:stream'
import type { FailedRecord } from '../../../shared/models/upload-job'
import { readFailedEntries } from '../common/journal/failed-store'

export type ExportFormat = 'ndjson' | 'csv'

/** Which failed records to export or retry; absent fields match everything. */
export interface FailedSelection {
  readonly ids?: ReadonlySet<string>
  readonly causes?: ReadonlySet<string>
}

/** True when a record is part of the selection. */
export function matchesSelection(record: FailedRecord, selection?: FailedSelection): boolean {
  if (selection?.ids !== undefined && !selection.ids.has(record.id)) return false
  if (selection?.causes !== undefined && !selection.causes.has(record.cause)) return false
  return true
}

/** CSV columns, in order. Records are JSON in their own cells so nothing is lost. */
export const CSV_COLUMNS = [
  'id',
  'file',
  'line',
  'ordinal',
  'cause',
  'status',
  'code',
  'message',
  'requestId',
  'clientRequestId',
  'time',
  'source',
  'mapped',
] as const

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma, CR or LF, or starts or ends
 * with a space, with quotes doubled. A cell that a spreadsheet would run as a formula (`=`,
 * `+`, `-`, `@`, tab or CR first, and not a plain number) gets a leading apostrophe (OWASP's
 * advice against CSV injection), since failed records come from untrusted files.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return ''
  let text = typeof value === 'string' ? value : JSON.stringify(value)
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
    text = `'${text}`
  }
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One CSV row for a failed record. */
export function csvRow(record: FailedRecord, mappedText?: string): string {
  const cells: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    id: record.id,
    file: record.file,
    line: record.line,
    ordinal: record.ordinal,
    cause: record.cause,
    status: record.status,
    code: record.code,
    message: record.message,
    requestId: record.requestId,
    clientRequestId: record.clientRequestId,
    time: record.time,
    source: record.source === undefined ? undefined : JSON.stringify(record.source),
    // As stored: JSON.stringify of the parsed record would change long values beyond 2^53.
    mapped: record.mapped === undefined ? undefined : (mappedText ?? JSON.stringify(record.mapped)),
  }
  return CSV_COLUMNS.map((column) => csvCell(cells[column])).join(',')
}

/**
 * Writes a job's failed records to `out` as NDJSON (one record per line, as stored) or CSV
 * (header row, CRLF line ends as RFC 4180 asks). Streams, honouring backpressure. Returns how
 * many records were written.
 */
export async function exportFailedRecords(
  failedPath: string,
  format: ExportFormat,
  out: Writable,
  selection?: FailedSelection,
): Promise<number> {
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  let count = 0
  if (format === 'csv') await write(`${CSV_COLUMNS.join(',')}\r\n`)
  for await (const { record, text, mappedText } of readFailedEntries(failedPath)) {
    if (!matchesSelection(record, selection)) continue
    await write(format === 'csv' ? `${csvRow(record, mappedText)}\r\n` : `${text}\n`)
    count += 1
  }
  return count
}
