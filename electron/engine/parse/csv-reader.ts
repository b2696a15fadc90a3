import { Parser, type CsvError } from 'csv-parse'
import type { ParseEvent, ReaderContext } from './parse-types'
import { completeUtf8End, isUtf8, owedUtf8Bytes, shorten } from './utf8'

/**
 * Reads CSV/TSV with a header row through csv-parse's streaming parser, driven one read at a
 * time (write, then drain) so back-pressure comes from the caller's pace.
 *
 * - Quoted fields may hold delimiters, quotes ("") and newlines; CRLF and LF both work.
 * - Blank lines and rows of only empty fields are skipped.
 * - Header names are trimmed; empty names become `Column_3` (by position) and repeated names get
 *   `_2`, `_3`… so no value is lost. Both are reported once as warnings.
 * - A row with a different number of fields than the header is an error (values could land in
 *   the wrong columns); the rows after it still arrive.
 * - A quote that is never closed swallows the rest of the file; that is reported with the line
 *   it opened on. Rows are capped at the record limit, so memory stays bounded.
 * - Invalid UTF-8 is replaced with U+FFFD and the record flagged.
 */

export interface CsvReaderOptions {
  readonly delimiter: string
  /** The first line is Excel's `sep=` line and is not data. */
  readonly skipFirstLine: boolean
  /** Called once with the header names, after renaming. */
  readonly onHeaders?: (headers: readonly string[]) => void
}

/**
 * csv-parse with `info: true` builds an info object per record (a measurable share of its time);
 * all we need is the line each record ended on, which its live `info` holds at push time.
 */
class LineTrackingParser extends Parser {
  readonly endLines: number[] = []

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk !== null) this.endLines.push(this.info.lines)
    return super.push(chunk, encoding)
  }
}

/** Names for the header row: trimmed, never empty, never repeated. */
export function disambiguateHeaders(raw: readonly string[]): {
  headers: string[]
  renamed: Array<[string, string]>
  unnamed: number[]
} {
  const headers: string[] = []
  const renamed: Array<[string, string]> = []
  const unnamed: number[] = []
  const taken = new Set<string>()
  const trimmed = raw.map((name) => name.trim())
  const original = new Set(trimmed)
  trimmed.forEach((name, index) => {
    let base = name
    if (base === '') {
      base = `Column_${index + 1}`
      unnamed.push(index + 1)
    }
    let candidate = base
    for (let n = 2; taken.has(candidate) || (candidate !== base && original.has(candidate)); n++) {
      candidate = `${base}_${n}`
    }
    if (candidate !== base) renamed.push([base, candidate])
    taken.add(candidate)
    headers.push(candidate)
  })
  return { headers, renamed, unnamed }
}

export async function* readCsv(
  chunks: AsyncIterable<Buffer>,
  ctx: ReaderContext,
  options: CsvReaderOptions,
): AsyncGenerator<ParseEvent[]> {
  const skipped: CsvError[] = []
  const parser = new LineTrackingParser({
    delimiter: options.delimiter,
    from_line: options.skipFirstLine ? 2 : 1,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    max_record_size: ctx.maxRecordBytes,
    on_skip: (error) => {
      if (error !== undefined) skipped.push(error)
    },
  })
  let headers: string[] | undefined
  let width = 0
  let lastEndLine = options.skipFirstLine ? 1 : 0
  let dirty = 0

  /**
   * csv-parse counts CRLF inside a quoted field as two lines (and CRLF between rows as one), so
   * its line numbers drift after such a field; `drift` holds the correction so far.
   */
  let drift = 0

  function rowStart(endLine: number, fields: readonly string[]): number {
    if (endLine === lastEndLine + 1) {
      lastEndLine = endLine
      return endLine - drift
    }
    let crlf = 0
    let breaks = 0
    for (const field of fields) {
      for (let at = field.search(/[\r\n]/); at !== -1;) {
        if (field.charCodeAt(at) === 13 && field.charCodeAt(at + 1) === 10) {
          crlf++
          at++
        }
        breaks++
        const next = field.slice(at + 1).search(/[\r\n]/)
        at = next === -1 ? -1 : at + 1 + next
      }
    }
    lastEndLine = endLine
    drift += crlf
    return endLine - drift - breaks
  }

  let taken = 0

  function toEvents(fields: string[], events: ParseEvent[]): void {
    const line = rowStart(parser.endLines[taken++] as number, fields)
    if (taken === parser.endLines.length) {
      parser.endLines.length = 0
      taken = 0
    }
    if (headers === undefined) {
      const result = disambiguateHeaders(fields)
      headers = result.headers
      width = headers.length
      options.onHeaders?.(headers)
      if (result.renamed.length > 0) {
        events.push({
          kind: 'warning',
          code: 'parse/csv-duplicate-header',
          file: ctx.file,
          source: { line },
          reason: `The header repeats column names; renamed ${result.renamed.map(([from, to]) => `${from} → ${to}`).join(', ')}.`,
        })
      }
      if (result.unnamed.length > 0) {
        events.push({
          kind: 'warning',
          code: 'parse/csv-empty-header',
          file: ctx.file,
          source: { line },
          reason: `Column${result.unnamed.length > 1 ? 's' : ''} ${result.unnamed.join(', ')} ${result.unnamed.length > 1 ? 'have' : 'has'} no name in the header; named Column_N after the position.`,
        })
      }
      return
    }
    if (fields.length !== width) {
      events.push({
        kind: 'error',
        code: 'parse/csv-ragged-row',
        file: ctx.file,
        source: { line },
        reason: `The row at line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'}; the header has ${width}.`,
        raw: shorten(fields.join(options.delimiter)),
      })
      return
    }
    const record: Record<string, unknown> = {}
    for (let i = 0; i < width; i++) {
      const name = headers[i] as string
      if (name === '__proto__') {
        Object.defineProperty(record, name, { value: fields[i], enumerable: true, writable: true })
      } else record[name] = fields[i]
    }
    if (dirty > 0 && fields.some((field) => field.includes('\uFFFD'))) {
      events.push({
        kind: 'warning',
        code: 'parse/invalid-utf8',
        file: ctx.file,
        source: { line },
        reason: `The row at line ${line} has bytes that are not valid UTF-8; they were replaced with �.`,
      })
      events.push({ kind: 'record', record, source: { line }, invalidUtf8: true })
      return
    }
    events.push({ kind: 'record', record, source: { line } })
  }

  function skipEvents(events: ParseEvent[]): void {
    for (const error of skipped) {
      const opened = lastEndLine + 1 - drift
      const errorLine = typeof error.lines === 'number' ? error.lines - drift : opened
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
        events.push({
          kind: 'error',
          code: 'parse/csv-unclosed-quote',
          file: ctx.file,
          source: { line: opened },
          reason: `A quote opened in the row at line ${opened} is never closed, so the file from line ${opened} to its end (line ${errorLine}) could not be read.`,
          fatal: true,
        })
      } else if (error.code === 'CSV_MAX_RECORD_SIZE') {
        events.push({
          kind: 'error',
          code: 'parse/record-too-large',
          file: ctx.file,
          source: { line: opened },
          reason: `The row starting at line ${opened} is longer than ${ctx.maxRecordBytes} bytes (often a quote that is never closed); it and the rest of the file were skipped.`,
          fatal: true,
        })
      } else {
        events.push({
          kind: 'error',
          code: 'parse/csv-invalid-row',
          file: ctx.file,
          source: { line: errorLine },
          reason: `The row at line ${errorLine} could not be read: ${error.message}.`,
        })
      }
      lastEndLine = errorLine + drift
    }
    skipped.length = 0
  }

  function drain(events: ParseEvent[]): void {
    let row: string[] | null
    while ((row = parser.read() as string[] | null) !== null) toEvents(row, events)
    if (skipped.length > 0) skipEvents(events)
  }

  try {
    let tail = 0
    for await (const chunk of chunks) {
      const end = completeUtf8End(chunk)
      const valid = tail > end || isUtf8(chunk.subarray(tail, end))
      tail = owedUtf8Bytes(chunk)
      dirty = valid ? Math.max(0, dirty - 1) : 2
      const events: ParseEvent[] = []
      parser.write(chunk)
      drain(events)
      if (events.length > 0) yield events
    }
    parser.end()
    const events: ParseEvent[] = []
    for await (const row of parser) toEvents(row as string[], events)
    if (skipped.length > 0) skipEvents(events)
    if (events.length > 0) yield events
  } catch (error) {
    yield [
      {
        kind: 'error',
        code: 'parse/csv-invalid-row',
        file: ctx.file,
        source: { line: lastEndLine - drift + 1 },
        reason: `The file could not be read past line ${lastEndLine - drift}: ${(error as Error).message}.`,
        fatal: true,
      },
    ]
  } finally {
    parser.destroy()
  }
}
