/**
 * Splits decoded CSV text into rows of fields. It replaced csv-parse in the reader because a
 * profile of CSV uploads showed csv-parse's byte-at-a-time loop as the bottleneck: here fields
 * are found with indexOf and cut with slice, so a field costs one slice unless it holds "".
 *
 * The grammar is csv-parse's with the options the reader used (relax_quotes, one auto-detected
 * record delimiter), so rows hold the same values as before:
 * - A quote opens a quoted field only as the field's first character; elsewhere it is literal.
 * - Inside quotes, "" is one quote and delimiters and line breaks are data.
 * - A closing quote must be followed by the delimiter, the line break or the end of the text.
 *   Otherwise the field keeps its quotes as written ("" still read as one) and runs on to the
 *   next delimiter: `"ab"c,` gives `"ab"c`.
 * - Each row ends at its own \n or \r\n, so files that mix them (a header saved on Linux, rows
 *   appended on Windows) lose no \r into a value and merge no rows. Only when the first line
 *   break outside quotes is a lone \r (old Mac files) does \r end rows, and \n is data.
 *   Elsewhere a lone \r is data.
 *
 * Lines are counted as editors count them (\r\n, \r and \n each end one line), wherever the
 * break is, so a row's line is the line its first character is on.
 */

const QUOTE = 34
const CR = 13
const LF = 10

/** The line break that ends rows. */
export type LineBreak = '\n' | '\r\n' | '\r'

const UNKNOWN = 0
/** \n or \r\n ends a row, each line its own. */
const LINE_MODE = 1
const CR_MODE = 2
type Mode = typeof UNKNOWN | typeof LINE_MODE | typeof CR_MODE

const MODES: Record<LineBreak, Mode> = { '\n': LINE_MODE, '\r\n': LINE_MODE, '\r': CR_MODE }

export interface CsvTokenizerOptions {
  /** One character; not a quote or a line break (see `unusableDelimiter`). */
  readonly delimiter: string
  /** The line breaks that end rows (\n and \r\n alike), when known; else the first one found. */
  readonly lineBreak?: LineBreak
  /** Line of the first character of the text (default 1). */
  readonly firstLine?: number
}

/**
 * Receives each row: its fields, where it starts and where its line break starts in the text
 * given to `parse`, and the line it starts on. Returns false to stop reading.
 */
export type RowSink = (fields: string[], start: number, end: number, line: number) => boolean

/** Why a delimiter cannot be used, or undefined when it can. */
export function unusableDelimiter(delimiter: string): string | undefined {
  if (delimiter.length !== 1) return 'it must be exactly one character'
  if (delimiter === '"') return 'the quote character marks quoted fields'
  if (delimiter === '\r' || delimiter === '\n') return 'line breaks end rows'
  return undefined
}

/** Counts lines across one text; asked for ever later positions. */
class LineCounter {
  private lf: number
  private cr: number

  constructor(
    private readonly text: string,
    /** Line of the character at the last position asked (the first at the start). */
    private line: number,
    /** The character before the text was a \r (so a \n first in the text ends no line). */
    private readonly crBefore: boolean,
  ) {
    this.lf = indexOrEnd(text, '\n', 0)
    this.cr = indexOrEnd(text, '\r', 0)
  }

  /** The line of the character at `index` (not before any index asked earlier). */
  lineAt(index: number): number {
    const text = this.text
    while (this.lf < index) {
      const at = this.lf
      if (at === 0 ? !this.crBefore : text.charCodeAt(at - 1) !== CR) this.line++
      this.lf = indexOrEnd(text, '\n', at + 1)
    }
    while (this.cr < index) {
      this.line++
      this.cr = indexOrEnd(text, '\r', this.cr + 1)
    }
    return this.line
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from)
  return at === -1 ? text.length : at
}

/** The mode a line break at `at` sets, or UNKNOWN when a \r ends the text and more may follow. */
function modeOfBreak(text: string, at: number, final: boolean): Mode {
  if (text.charCodeAt(at) === LF) return LINE_MODE
  if (at + 1 < text.length) return text.charCodeAt(at + 1) === LF ? LINE_MODE : CR_MODE
  return final ? CR_MODE : UNKNOWN
}

/** The next position at or after `from` where a line break could end a row (text length: none). */
function nextBreak(text: string, from: number, mode: Mode): number {
  switch (mode) {
    case LINE_MODE: {
      // The row ends at its \n, or at the \r of its \r\n; a lone \r is data.
      const lf = indexOrEnd(text, '\n', from)
      return lf > from && lf < text.length && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf
    }
    case CR_MODE:
      return indexOrEnd(text, '\r', from)
    default:
      return Math.min(indexOrEnd(text, '\n', from), indexOrEnd(text, '\r', from))
  }
}

/**
 * Size of the row-ending line break at `at` (0: none there; -1: a \r ends the text and the
 * \n that would make it \r\n may come with more text).
 */
function breakSize(text: string, at: number, mode: Mode, final: boolean): number {
  const code = text.charCodeAt(at)
  switch (mode) {
    case LINE_MODE:
      if (code === LF) return 1
      if (code !== CR) return 0
      if (at + 1 < text.length) return text.charCodeAt(at + 1) === LF ? 2 : 0
      return final ? 0 : -1
    case CR_MODE:
      return code === CR ? 1 : 0
    default:
      return 0
  }
}

/** The result of a final `parse` that met a quote that is never closed. */
export interface UnclosedQuote {
  /** Line of the row the quote opened in. */
  readonly line: number
  /** Line of the last character of the text. */
  readonly lastLine: number
}

/**
 * Reads rows from text that arrives in pieces: `parse` takes everything not yet read plus the
 * new text, and returns how much of it formed whole rows; the rest is given again with more.
 */
export class CsvTokenizer {
  /** Line of the first character of the text the next `parse` starts with. */
  line: number
  /** Set by the final `parse` when a quoted field is never closed. */
  unclosedQuote: UnclosedQuote | undefined

  private mode: Mode
  private crBefore = false
  private readonly delimiter: string
  private readonly delimiterCode: number

  constructor(options: CsvTokenizerOptions) {
    const problem = unusableDelimiter(options.delimiter)
    if (problem !== undefined) {
      throw new RangeError(
        `Unusable CSV delimiter ${JSON.stringify(options.delimiter)}: ${problem}`,
      )
    }
    this.delimiter = options.delimiter
    this.delimiterCode = options.delimiter.charCodeAt(0)
    this.mode = options.lineBreak === undefined ? UNKNOWN : MODES[options.lineBreak]
    this.line = options.firstLine ?? 1
  }

  /** The line break that ends rows, once known (`\n` stands for \n and \r\n alike). */
  get lineBreak(): LineBreak | undefined {
    switch (this.mode) {
      case LINE_MODE:
        return '\n'
      case CR_MODE:
        return '\r'
      default:
        return undefined
    }
  }

  /**
   * Hands every whole row of `text` to `sink` and returns where the unfinished rest starts
   * (where the sink stopped, if it did). With `final`, the text ends the input: the last row
   * needs no line break, and a quote still open sets `unclosedQuote`.
   */
  parse(text: string, final: boolean, sink: RowSink): number {
    const len = text.length
    const delimiter = this.delimiter
    const delimiterCode = this.delimiterCode
    const lines = new LineCounter(text, this.line, this.crBefore)
    let mode = this.mode
    // Next delimiter and next possible row end at or after the scan position (len: none).
    let nextDelimiter = -1
    let nextEnd = -1
    let start = 0
    let unclosed = false
    rows: while (start < len) {
      const fields: string[] = []
      let at = start
      let end = len
      let next = len
      for (;;) {
        // A quoted field that closed with text after the quote: it runs on, quotes kept.
        let runOn: string | undefined
        if (at < len && text.charCodeAt(at) === QUOTE) {
          // "" inside: the value is built from the pieces between them as they are found.
          let close = text.indexOf('"', at + 1)
          let piece = at + 1
          let value = ''
          while (close !== -1 && close + 1 < len && text.charCodeAt(close + 1) === QUOTE) {
            value += text.slice(piece, close + 1)
            piece = close + 2
            close = text.indexOf('"', piece)
          }
          if (close === -1 || (close + 1 === len && !final)) {
            unclosed = close === -1 && final
            break rows
          }
          if (piece === at + 1) value = text.slice(piece, close)
          else {
            value += text.slice(piece, close)
            // Reading a character makes V8 copy the pieces into one string now, while they
            // are young garbage, instead of every piece living on with the row.
            value.charCodeAt(0)
          }
          if (close + 1 === len) {
            fields.push(value)
            break
          }
          const after = text.charCodeAt(close + 1)
          if (after === delimiterCode) {
            fields.push(value)
            at = close + 2
            continue
          }
          if (after === CR || after === LF) {
            if (mode === UNKNOWN) {
              mode = modeOfBreak(text, close + 1, final)
              if (mode === UNKNOWN) break rows
              nextEnd = -1
            }
            const size = breakSize(text, close + 1, mode, final)
            if (size < 0) break rows
            if (size > 0) {
              fields.push(value)
              end = close + 1
              next = end + size
              break
            }
          }
          runOn = `"${value}"`
          at = close + 1
        }
        if (nextDelimiter < at) nextDelimiter = indexOrEnd(text, delimiter, at)
        if (nextEnd < at) nextEnd = nextBreak(text, at, mode)
        if (nextDelimiter < nextEnd) {
          const value = text.slice(at, nextDelimiter)
          fields.push(runOn === undefined ? value : runOn + value)
          at = nextDelimiter + 1
          continue
        }
        if (nextEnd === len) {
          if (!final) break rows
          const value = text.slice(at)
          fields.push(runOn === undefined ? value : runOn + value)
          break
        }
        if (mode === UNKNOWN) {
          mode = modeOfBreak(text, nextEnd, final)
          if (mode === UNKNOWN) break rows
        }
        const value = text.slice(at, nextEnd)
        fields.push(runOn === undefined ? value : runOn + value)
        end = nextEnd
        next = end + (mode === LINE_MODE && text.charCodeAt(end) === CR ? 2 : 1)
        break
      }
      const keepGoing = sink(fields, start, end, lines.lineAt(start))
      start = next
      if (!keepGoing) break
    }
    this.mode = mode
    this.line = lines.lineAt(start)
    if (unclosed) {
      const last = text.charCodeAt(len - 1)
      const lastLine = lines.lineAt(len) - (last === CR || last === LF ? 1 : 0)
      this.unclosedQuote = { line: this.line, lastLine }
    }
    if (start > 0) this.crBefore = text.charCodeAt(start - 1) === CR
    return start
  }
}

/**
 * The line break a CSV text ends its rows with (the first one outside quotes), for reading
 * blocks of one file with the same breaks; undefined when the text has none.
 */
export function detectLineBreak(text: string, delimiter: string): LineBreak | undefined {
  const tokenizer = new CsvTokenizer({ delimiter })
  tokenizer.parse(text, false, () => false)
  return tokenizer.lineBreak
}
