import { canonicalIsoToEpochMs } from '../../../../shared/mapping/canonical-iso'
import type { DirectColumn } from '../../../../shared/mapping/direct-columns'
import { isOutsideTimeWindow } from '../../../../shared/mapping/time-window'
import { JsonScanner } from '../../common/parse/json-scanner'

/** A cell the writer cannot send as it is. */
const REFUSED = Symbol('refused')

// Column kinds as small numbers: the writer's loop runs once per column per row.
const TEXT = 0
const INT = 1
const LONG = 2
const REAL = 3
const BOOLEAN = 4
const DATETIME = 5
const DYNAMIC = 6
const FIXED = 7
const NOW = 8
const ABSENT = 9

const KIND_OF_TYPE = {
  string: TEXT,
  int: INT,
  long: LONG,
  real: REAL,
  boolean: BOOLEAN,
  datetime: DATETIME,
  dynamic: DYNAMIC,
} as const

/** Text under this many UTF-16 units is under 64 KB of UTF-8 for sure; longer text is left to map. */
const SURELY_SMALL_TEXT = 21_845

/** What a number's text is, when it is written as JavaScript writes the number. */
const NOT_CANONICAL = 0
const WHOLE = 1
const FRACTION = 2

/**
 * Whether text is a number in the form JSON.stringify writes it (the rules of
 * JsonScanner.number, on text): WHOLE for an integer of up to 15 digits, FRACTION for a
 * decimal of up to 15 significant digits, NOT_CANONICAL for anything else.
 */
export function canonicalNumberText(text: string): number {
  const length = text.length
  let i = text.charCodeAt(0) === 45 ? 1 : 0
  const first = text.charCodeAt(i)
  if (first === 48) {
    i++
  } else if (first >= 49 && first <= 57) {
    while (i < length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++
  } else {
    return NOT_CANONICAL
  }
  const integerEnd = i
  const negative = text.charCodeAt(0) === 45
  const zero = first === 48
  if (i === length) {
    if (zero && negative) return NOT_CANONICAL
    return integerEnd - (negative ? 1 : 0) <= 15 ? WHOLE : NOT_CANONICAL
  }
  if (text.charCodeAt(i) !== 46) return NOT_CANONICAL
  i++
  const fractionStart = i
  while (i < length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++
  if (i !== length || i === fractionStart || text.charCodeAt(length - 1) === 48) {
    return NOT_CANONICAL
  }
  let leadingZeros = 0
  while (zero && text.charCodeAt(fractionStart + leadingZeros) === 48) leadingZeros++
  const significant = zero
    ? length - fractionStart - leadingZeros
    : integerEnd - (negative ? 1 : 0) + (length - fractionStart)
  return significant <= 15 && leadingZeros < 6 ? FRACTION : NOT_CANONICAL
}

/**
 * The direct writer for CSV rows: builds a row's stream record as JSON text from its fields,
 * when every mapped cell is already in the form the map function would send (canonical numbers
 * and times, JSON text in a dynamic column written as JSON.stringify would write it). Any other
 * row gets undefined, and is made into a record and mapped as usual.
 */
export class CsvRowWriter {
  /** Header fields no column reads: the same for every row. */
  readonly dropped: number
  private readonly kinds: Uint8Array
  private readonly cells: Int32Array
  private readonly required: Uint8Array
  private readonly isTime: Uint8Array
  private readonly keepEmpty: Uint8Array
  /** `,"Name":` (the first column written skips the comma). */
  private readonly prefixes: string[]
  private readonly fixed: (string | undefined)[]
  private readonly scanner = new JsonScanner()
  private nowMs = Number.NaN
  private nowText = ''

  private constructor(
    columns: readonly DirectColumn[],
    headers: readonly string[],
    private readonly maxRequestBytes: number,
  ) {
    this.kinds = Uint8Array.from(columns, (c) => {
      if (c.kind === 'fixed') return FIXED
      if (c.kind === 'now') return NOW
      return headers.includes(c.field) ? KIND_OF_TYPE[c.type] : ABSENT
    })
    this.cells = Int32Array.from(columns, (c) =>
      c.kind === 'field' ? headers.indexOf(c.field) : -1,
    )
    this.required = Uint8Array.from(columns, (c) => (c.kind === 'field' && c.required ? 1 : 0))
    this.isTime = Uint8Array.from(columns, (c) => (c.kind === 'field' && c.isTime ? 1 : 0))
    this.keepEmpty = Uint8Array.from(columns, (c) => (c.kind === 'field' && c.keepEmpty ? 1 : 0))
    this.prefixes = columns.map((c) => `,${JSON.stringify(c.name)}:`)
    this.fixed = columns.map((c) => (c.kind === 'fixed' ? c.json : undefined))
    const used = new Set(columns.flatMap((c) => (c.kind === 'field' ? [c.field] : [])))
    this.dropped = headers.filter((name) => !used.has(name)).length
  }

  /**
   * The writer for a CSV block's header, or undefined when the mapping cannot be written from
   * text cells: a column with its own number or boolean words, or a required field the header
   * lacks (every row fails).
   */
  static create(
    columns: readonly DirectColumn[] | undefined,
    headers: readonly string[],
    maxRequestBytes: number,
  ): CsvRowWriter | undefined {
    if (columns === undefined) return undefined
    for (const column of columns) {
      if (column.kind !== 'field') continue
      if (!column.defaultTextRules) return undefined
      if (column.required && !headers.includes(column.field)) return undefined
    }
    return new CsvRowWriter(columns, headers, maxRequestBytes)
  }

  /** The row's record as JSON text, or undefined to map it as usual. */
  row(fields: readonly string[], nowMs: number): string | undefined {
    let json = '{'
    const count = this.kinds.length
    // A row with no value from the file is left to map, which fails it (never sent empty).
    let fromFile = false
    for (let c = 0; c < count; c++) {
      const kind = this.kinds[c] as number
      let value: string | undefined
      if (kind === FIXED) {
        value = this.fixed[c]
      } else if (kind === NOW) {
        value = this.now(nowMs)
      } else if (kind !== ABSENT) {
        const cell = this.cell(kind, c, fields[this.cells[c] as number] as string, nowMs)
        if (cell === REFUSED) return undefined
        value = cell
        if (value !== undefined) fromFile = true
      }
      if (value === undefined) continue
      const prefix = this.prefixes[c] as string
      json += (json.length === 1 ? prefix.slice(1) : prefix) + value
    }
    if (!fromFile) return undefined
    json += '}'
    // UTF-8 takes at most 3 bytes per UTF-16 unit; a record near the limit is left to map's check.
    return json.length * 3 + 4 <= this.maxRequestBytes ? json : undefined
  }

  /** The cell as JSON, undefined to leave the column out, or REFUSED. */
  private cell(
    kind: number,
    column: number,
    text: string,
    nowMs: number,
  ): string | undefined | typeof REFUSED {
    if (text.length === 0) {
      if (kind === TEXT && this.keepEmpty[column] === 1) return '""'
      return this.required[column] === 1 ? REFUSED : undefined
    }
    const first = text.charCodeAt(0)
    // Blank text is no value for the other types, and they trim: left to map.
    if (kind !== TEXT && (first <= 32 || first >= 0x80)) return REFUSED
    switch (kind) {
      case TEXT:
        return text.length < SURELY_SMALL_TEXT ? JSON.stringify(text) : REFUSED
      case INT:
      case LONG: {
        if (canonicalNumberText(text) !== WHOLE) return REFUSED
        if (kind === LONG) return text
        const n = Number(text)
        return n >= -2147483648 && n <= 2147483647 ? text : REFUSED
      }
      case REAL:
        return canonicalNumberText(text) === NOT_CANONICAL ? REFUSED : text
      case BOOLEAN: {
        const word = text.length <= 5 ? text.toLowerCase() : ''
        if (word === 'true' || word === '1' || word === 'yes') return 'true'
        if (word === 'false' || word === '0' || word === 'no') return 'false'
        return REFUSED
      }
      case DATETIME: {
        const ms = canonicalIsoToEpochMs(text)
        if (Number.isNaN(ms)) return REFUSED
        if (this.isTime[column] === 1 && isOutsideTimeWindow(ms, nowMs)) return REFUSED
        return `"${text}"`
      }
      case DYNAMIC:
        return this.dynamic(text)
      default:
        return REFUSED
    }
  }

  /** Text that looks like JSON is sent as JSON (when already compact), other text as text. */
  private dynamic(text: string): string | typeof REFUSED {
    const first = text.charCodeAt(0)
    const last = text.charCodeAt(text.length - 1)
    const looksLikeJson = (first === 0x7b && last === 0x7d) || (first === 0x5b && last === 0x5d)
    if (!looksLikeJson) {
      // Trimmed, a { or [ with white space after its end looks like JSON: left to map.
      if (first === 0x7b || first === 0x5b) return REFUSED
      return text.length < SURELY_SMALL_TEXT ? JSON.stringify(text) : REFUSED
    }
    const scanner = this.scanner
    scanner.bytes = Buffer.from(text, 'utf8')
    scanner.canonical = true
    scanner.spaced = false
    const end = scanner.value(0, scanner.bytes.length, 0)
    return end === scanner.bytes.length && scanner.canonical && !scanner.spaced ? text : REFUSED
  }

  private now(nowMs: number): string {
    if (nowMs !== this.nowMs) {
      this.nowMs = nowMs
      this.nowText = JSON.stringify(new Date(nowMs).toISOString())
    }
    return this.nowText
  }
}
