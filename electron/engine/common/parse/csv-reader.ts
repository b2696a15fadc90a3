import { isAscii } from 'node:buffer'
import { CsvTokenizer, unusableDelimiter, type LineBreak } from './csv-tokenizer'
import type { ErrorEvent, ParseEvent, ReaderContext } from './parse-types'
import { completeUtf8End, isUtf8, shorten } from './utf8'

/**
 * Reads CSV/TSV with a header row, one read at a time (each read is decoded once and its rows
 * come out as one batch), so back-pressure comes from the caller's pace. The grammar (csv-parse's,
 * which this reader used before) is in csv-tokenizer.ts.
 *
 * - Quoted fields may hold delimiters, quotes ("") and newlines; CRLF, LF and CR all work.
 * - Each record's line is the line it starts on; a line break inside a field counts once.
 * - Blank lines are skipped; rows of only empty (or white-space) fields are skipped with a
 *   warning each, so they are counted (`parse/csv-blank-row`).
 * - A row holding a NUL byte (a zero-filled stretch left by a crash) is an error of its own.
 * - Header names are trimmed; empty names become `Column_3` (by position) and repeated names get
 *   `_2`, `_3`… so no value is lost. Both are reported once as warnings.
 * - A row with a different number of fields than the header is an error (values could land in
 *   the wrong columns); the rows after it still arrive.
 * - A quote that is never closed swallows the rest of the file; that is reported with the line
 *   of the row it opened in. A row longer than the record limit ends the file with an error, so
 *   memory stays bounded.
 * - Invalid UTF-8 is replaced with U+FFFD and the record flagged.
 * - Lines only: records carry no byte offsets.
 * - A block of a file cut at a row boundary can be read on its own (`headers`, `firstLine`,
 *   `lineBreak`), so blocks can be parsed in parallel.
 */

export interface CsvReaderOptions {
  readonly delimiter: string
  /** The first line is Excel's `sep=` line and is not data. */
  readonly skipFirstLine: boolean
  /** Called once with the header names, after renaming (not when `headers` are given). */
  readonly onHeaders?: (headers: readonly string[]) => void
  /**
   * The column names, for a block cut from a file at a row boundary: the input then has no
   * header row, and there are no header warnings.
   */
  readonly headers?: readonly string[]
  /** Line of the input's first character in the file (default 1), for a block of a file. */
  readonly firstLine?: number
  /**
   * The line break that ends rows, for a block of a file: the one found in the file's start
   * (`detectLineBreak`). Found from the input otherwise.
   */
  readonly lineBreak?: LineBreak
  /**
   * Writes a row's stream record as JSON text straight from its fields, or answers undefined
   * (the prepare helpers' direct writer); a written row's event carries `json`, not the record.
   */
  readonly direct?: (fields: readonly string[]) => string | undefined
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

/** True when every field is empty or white space (such rows are skipped). */
function isBlankRow(fields: readonly string[]): boolean {
  for (const field of fields) {
    if (field.length === 0) continue
    const first = field.charCodeAt(0)
    if ((first > 32 && first < 127) || field.trim() !== '') return false
  }
  return true
}

/** The record of a row whose JSON a direct writer wrote. */
const WRITTEN: Readonly<Record<string, unknown>> = Object.freeze({})

function recordTemplate(headers: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(headers.map((name) => [name, '']))
}

/**
 * Unfinished rows longer than this (in bytes) wait for more text before being read again. Held
 * text stays under twice the row, and the row itself under the record limit.
 */
const HOLD_ROWS_OVER = 64 * 1024

function joined(...parts: Array<Buffer | undefined>): Buffer {
  return Buffer.concat(parts.filter((part): part is Buffer => part !== undefined))
}

function hasReplacement(fields: readonly string[]): boolean {
  for (const field of fields) if (field.includes('\uFFFD')) return true
  return false
}

/** The events of a CSV/TSV input, one batch per read (see the top of this file). */
export async function* readCsv(
  chunks: AsyncIterable<Buffer>,
  ctx: ReaderContext,
  options: CsvReaderOptions,
): AsyncGenerator<ParseEvent[]> {
  const { delimiter } = options
  const problem = unusableDelimiter(delimiter)
  if (problem !== undefined) {
    yield [
      {
        kind: 'error',
        code: 'parse/csv-invalid-row',
        file: ctx.file,
        source: { line: options.firstLine ?? 1 },
        reason: `The file cannot be read with the delimiter ${JSON.stringify(delimiter)}: ${problem}.`,
        fatal: true,
      },
    ]
    return
  }
  const tokenizer = new CsvTokenizer({
    delimiter,
    lineBreak: options.lineBreak,
    firstLine: options.firstLine,
  })
  let headers: readonly string[] | undefined = options.headers
  let width = headers?.length ?? 0
  // Records are copies of this object (one shape, every property in the object itself); its
  // keys are own data properties, so a column named __proto__ stays a plain value.
  let template = recordTemplate(headers ?? [])
  let skipFirstRow = options.skipFirstLine
  let events: ParseEvent[] = []
  let stopped = false
  // The text given to the tokenizer is the unread rest of earlier reads, then this read; either
  // part may hold replaced invalid UTF-8.
  let restLength = 0
  let restDirty = false
  let readDirty = false
  /** The text given to the tokenizer holds a NUL byte somewhere. */
  let readNul = false

  function tooLarge(line: number): ErrorEvent {
    return {
      kind: 'error',
      code: 'parse/record-too-large',
      file: ctx.file,
      source: { line },
      reason: `The row starting at line ${line} is longer than ${ctx.maxRecordBytes} bytes (often a quote that is never closed); it and the rest of the file were skipped.`,
      fatal: true,
    }
  }

  function takeHeader(fields: string[], line: number): void {
    const result = disambiguateHeaders(fields)
    headers = result.headers
    width = result.headers.length
    template = recordTemplate(result.headers)
    options.onHeaders?.(result.headers)
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
  }

  function onRow(fields: string[], start: number, end: number, line: number): boolean {
    // Measured in UTF-16 code units of the row's text: bytes for ASCII, fewer otherwise.
    if (end - start > ctx.maxRecordBytes) {
      events.push(tooLarge(line))
      stopped = true
      return false
    }
    if (skipFirstRow) {
      skipFirstRow = false
      return true
    }
    if (isBlankRow(fields)) {
      // An empty line holds nothing; a row of empty fields is a row the file has.
      if (headers !== undefined && end > start) {
        events.push({
          kind: 'warning',
          code: 'parse/csv-blank-row',
          file: ctx.file,
          source: { line },
          reason: `The row at line ${line} has only empty fields; it was skipped.`,
        })
      }
      return true
    }
    if (headers === undefined) {
      takeHeader(fields, line)
      return true
    }
    if (readNul && fields.some((field) => field.includes('\u0000'))) {
      events.push({
        kind: 'error',
        code: 'parse/nul-bytes',
        file: ctx.file,
        source: { line },
        reason: `The row at line ${line} holds NUL (zero) bytes, as a crash or a disk fault leaves behind; it was not sent.`,
        raw: shorten(fields.join(delimiter)),
      })
      return true
    }
    if (fields.length !== width) {
      events.push({
        kind: 'error',
        code: 'parse/csv-ragged-row',
        file: ctx.file,
        source: { line },
        reason: `The row at line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'}; the header has ${width}.`,
        raw: shorten(fields.join(delimiter)),
      })
      return true
    }
    const dirty = (start < restLength && restDirty) || (end > restLength && readDirty)
    const replaced = dirty && hasReplacement(fields)
    const json = replaced ? undefined : options.direct?.(fields)
    if (json !== undefined) {
      events.push({ kind: 'record', record: WRITTEN, source: { line }, json })
      return true
    }
    const record: Record<string, unknown> = { ...template }
    for (let i = 0; i < width; i++) record[headers[i] as string] = fields[i]
    if (replaced) {
      events.push({
        kind: 'warning',
        code: 'parse/invalid-utf8',
        file: ctx.file,
        source: { line },
        reason: `The row at line ${line} has bytes that are not valid UTF-8; they were replaced with �.`,
      })
      events.push({ kind: 'record', record, source: { line }, invalidUtf8: true })
      return true
    }
    events.push({ kind: 'record', record, source: { line } })
    return true
  }

  // The unread end of the last read (an unfinished row), as UTF-8 again: decoding it with the
  // next read in one go costs less than joining two strings of a read's size.
  let rest: Buffer | undefined
  // Bytes of a character cut at the end of the last read.
  let cut: Buffer | undefined
  // Reads held back while a long unfinished row waits for more: the row is read again from its
  // start each time, so it is tried again only once the text has doubled (linear, not squared).
  let held: Buffer[] = []
  let heldBytes = 0
  for await (const chunk of chunks) {
    if (
      rest !== undefined &&
      rest.length > HOLD_ROWS_OVER &&
      heldBytes + chunk.length < rest.length
    ) {
      held.push(chunk)
      heldBytes += chunk.length
      continue
    }
    const bytes =
      rest === undefined && cut === undefined ? chunk : joined(rest, cut, ...held, chunk)
    held = []
    heldBytes = 0
    const complete = completeUtf8End(bytes)
    cut = complete < bytes.length ? Buffer.from(bytes.subarray(complete)) : undefined
    const whole = bytes.subarray(0, complete)
    // ASCII (most logs) reads faster as Latin-1, and the same.
    const ascii = isAscii(whole)
    const text = whole.toString(ascii ? 'latin1' : 'utf8')
    // The rest is valid UTF-8 again, so only this read can make the check fail.
    readDirty = !ascii && text.includes('\uFFFD') && !isUtf8(whole)
    readNul = text.includes('\u0000')
    events = []
    const read = tokenizer.parse(text, false, onRow)
    // The unfinished row can only grow: once too long, it needs no more reading. (+1: a \r at
    // the end may be the start of its \r\n.)
    if (!stopped && text.length - read > ctx.maxRecordBytes + 1) {
      events.push(tooLarge(tokenizer.line))
      stopped = true
    }
    if (events.length > 0) yield events
    if (stopped) return
    restDirty = read < text.length && ((read < restLength && restDirty) || readDirty)
    restLength = text.length - read
    rest = restLength > 0 ? Buffer.from(text.slice(read), 'utf8') : undefined
  }
  const last = joined(rest, cut, ...held)
  const text = last.toString('utf8')
  readDirty = !isUtf8(last)
  readNul = text.includes('\u0000')
  events = []
  const read = tokenizer.parse(text, true, onRow)
  const unclosed = tokenizer.unclosedQuote
  if (!stopped && unclosed !== undefined && text.length - read > ctx.maxRecordBytes) {
    events.push(tooLarge(unclosed.line))
  } else if (!stopped && unclosed !== undefined) {
    const from = unclosed.line
    events.push({
      kind: 'error',
      code: 'parse/csv-unclosed-quote',
      file: ctx.file,
      source: { line: from },
      reason: `A quote opened in the row at line ${from} is never closed, so the file from line ${from} to its end (line ${unclosed.lastLine}) could not be read.`,
      fatal: true,
    })
  }
  if (events.length > 0) yield events
}
