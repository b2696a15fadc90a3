import { canonicalIsoToEpochMs } from '../../../../shared/mapping/canonical-iso'
import { MAX_FIELD_BYTES } from '../../../../shared/mapping/compile-mapping'
import type { DirectColumn } from '../../../../shared/mapping/direct-columns'
import { isOutsideTimeWindow } from '../../../../shared/mapping/time-window'
import type { PackedOutput } from '../packed-output'
import { FAIL, JsonScanner, indexOfKey, isWhitespace } from './json-scanner'

export { FAIL }

const QUOTE = 34
const MAX_TOP_LEVEL_KEYS = 256

/** Bytes a copy takes before Buffer.copy (a native call) beats a loop. */
const LOOP_COPY_LIMIT = 48

function copyBytes(source: Buffer, from: number, to: number, target: Buffer, at: number): number {
  const length = to - from
  if (length > LOOP_COPY_LIMIT) {
    source.copy(target, at, from, to)
  } else {
    for (let i = 0; i < length; i++) target[at + i] = source[from + i] as number
  }
  return at + length
}

function isNumberStart(byte: number): boolean {
  return byte === 45 || (byte >= 48 && byte <= 57)
}

/** Writes a record straight from its JSON text (see DirectWriter and AsIsWriter). */
export interface RecordWriter {
  /**
   * Writes the record whose JSON text is bytes [start, end) (valid UTF-8) after `out.length`
   * and moves `out.length` on; returns the number of top-level fields dropped, or FAIL
   * (nothing written: the caller parses the record).
   */
  write(bytes: Buffer, start: number, end: number, nowMs: number, out: PackedOutput): number
}

interface Column {
  readonly spec: DirectColumn
  /** `,"Name":` as UTF-8 (the first column written skips the comma). */
  readonly prefix: Buffer
  /** Index into the writer's fields, for field columns. */
  readonly field: number
  readonly fixed: Buffer | undefined
}

/**
 * Writes a mapped record straight from the JSON text of a source record, for mappings whose
 * columns all have a direct form (`CompiledMapping.direct`). A record is written only when every
 * value it maps is already in the form the map function would send, so the bytes are exactly
 * `JSON.stringify(map(JSON.parse(text)).record)`; anything else (invalid JSON, an escape that
 * JSON.stringify writes differently, a number or time to convert, a missing required value, a
 * time outside the window, a record over the request limit) answers FAIL, and the caller takes
 * the record through JSON.parse and the map function, which also give the exact error.
 */
export class DirectWriter implements RecordWriter {
  private readonly scanner = new JsonScanner()
  private readonly columns: Column[]
  private readonly fields: Buffer[]
  /** Bytes the record adds to its values' text at most: names, constants, the time, braces. */
  private readonly overhead: number
  private readonly fieldStart: Int32Array
  private readonly fieldEnd: Int32Array
  private readonly fieldCanonical: Uint8Array
  private readonly fieldEscaped: Uint8Array
  private readonly fieldSeen: Int32Array
  private readonly keyStarts = new Int32Array(MAX_TOP_LEVEL_KEYS)
  private readonly keyEnds = new Int32Array(MAX_TOP_LEVEL_KEYS)
  private generation = 0
  private bytes: Buffer = Buffer.alloc(0)
  /** Most columns reading one field: its text can be copied that many times. */
  private readonly maxFieldUses: number
  private nowMs = Number.NaN
  private nowBytes: Buffer = Buffer.alloc(0)

  constructor(
    columns: readonly DirectColumn[],
    private readonly maxRequestBytes: number,
  ) {
    const fieldNames: string[] = []
    this.columns = columns.map((spec) => {
      let field = -1
      if (spec.kind === 'field') {
        field = fieldNames.indexOf(spec.field)
        if (field === -1) field = fieldNames.push(spec.field) - 1
      }
      return {
        spec,
        prefix: Buffer.from(`,${JSON.stringify(spec.name)}:`),
        field,
        fixed:
          spec.kind === 'fixed' && spec.json !== undefined ? Buffer.from(spec.json) : undefined,
      }
    })
    this.fields = fieldNames.map((name) => Buffer.from(name))
    this.maxFieldUses = Math.max(
      1,
      ...fieldNames.map((_, f) => this.columns.filter((column) => column.field === f).length),
    )
    this.overhead =
      2 +
      this.columns.reduce(
        (sum, column) => sum + column.prefix.length + (column.fixed?.length ?? 0) + 32,
        0,
      )
    const count = fieldNames.length
    this.fieldStart = new Int32Array(count)
    this.fieldEnd = new Int32Array(count)
    this.fieldCanonical = new Uint8Array(count)
    this.fieldEscaped = new Uint8Array(count)
    this.fieldSeen = new Int32Array(count).fill(-1)
  }

  /** See RecordWriter; the dropped fields are the top-level fields no column reads. */
  write(bytes: Buffer, start: number, end: number, nowMs: number, out: PackedOutput): number {
    const scanner = this.scanner
    scanner.bytes = bytes
    this.bytes = bytes
    let i = scanner.skipWhitespace(start, end)
    while (end > i && isWhitespace(bytes[end - 1])) end--
    if (i >= end || bytes[i] !== 123) return FAIL
    const generation = ++this.generation
    let keys = 0
    let used = 0
    i = scanner.skipWhitespace(i + 1, end)
    if (i < end && bytes[i] === 125) {
      i++
    } else {
      for (;;) {
        if (i >= end || bytes[i] !== QUOTE) return FAIL
        const keyStart = i + 1
        i = scanner.string(i, end)
        if (i === FAIL || scanner.escaped || keys === MAX_TOP_LEVEL_KEYS) return FAIL
        const keyEnd = i - 1
        // JSON.parse keeps the last of duplicate keys; rare enough to leave to it.
        if (indexOfKey(bytes, this.keyStarts, this.keyEnds, 0, keys, keyStart, keyEnd) >= 0) {
          return FAIL
        }
        this.keyStarts[keys] = keyStart
        this.keyEnds[keys] = keyEnd
        keys++
        i = scanner.skipWhitespace(i, end)
        if (i >= end || bytes[i] !== 58) return FAIL
        const valueStart = scanner.skipWhitespace(i + 1, end)
        scanner.canonical = true
        i = scanner.value(valueStart, end, 0)
        if (i === FAIL) return FAIL
        const field = this.fieldIndex(bytes, keyStart, keyEnd)
        if (field >= 0) {
          used++
          this.fieldSeen[field] = generation
          this.fieldStart[field] = valueStart
          this.fieldEnd[field] = i
          this.fieldCanonical[field] = scanner.canonical ? 1 : 0
          this.fieldEscaped[field] = bytes[valueStart] === QUOTE && scanner.escaped ? 1 : 0
        }
        i = scanner.skipWhitespace(i, end)
        if (i >= end) return FAIL
        if (bytes[i] === 125) {
          i++
          break
        }
        if (bytes[i] !== 44) return FAIL
        i = scanner.skipWhitespace(i + 1, end)
      }
    }
    if (i !== end) return FAIL
    return this.emit(bytes, start, end, nowMs, out, generation) ? keys - used : FAIL
  }

  private fieldIndex(bytes: Buffer, start: number, end: number): number {
    const fields = this.fields
    const length = end - start
    for (let f = 0; f < fields.length; f++) {
      const name = fields[f] as Buffer
      if (name.length !== length || name[0] !== bytes[start]) continue
      let i = 1
      while (i < length && name[i] === bytes[start + i]) i++
      if (i === length) return f
    }
    return -1
  }

  private emit(
    bytes: Buffer,
    start: number,
    end: number,
    nowMs: number,
    out: PackedOutput,
    generation: number,
  ): boolean {
    out.reserve((end - start) * this.maxFieldUses + this.overhead)
    const target = out.buffer
    const first = out.length
    let at = first + 1
    target[first] = 123
    for (const column of this.columns) {
      const spec = column.spec
      let from: number
      let to: number
      let source = bytes
      if (spec.kind === 'fixed') {
        if (column.fixed === undefined) continue
        source = column.fixed
        from = 0
        to = source.length
      } else if (spec.kind === 'now') {
        source = this.nowText(nowMs)
        from = 0
        to = source.length
      } else {
        const field = column.field
        if (this.fieldSeen[field] !== generation) {
          if (spec.required) return false
          continue
        }
        from = this.fieldStart[field] as number
        to = this.fieldEnd[field] as number
        const verdict = this.check(spec, field, from, to, nowMs)
        if (verdict === 'fail') return false
        if (verdict === 'omit') continue
      }
      const prefix = column.prefix
      at = copyBytes(prefix, at === first + 1 ? 1 : 0, prefix.length, target, at)
      at = copyBytes(source, from, to, target, at)
    }
    target[at++] = 125
    if (at - first + 2 > this.maxRequestBytes) return false
    out.length = at
    return true
  }

  /** Whether the map function would send the value's text as it is, leave it out, or convert it. */
  private check(
    spec: Extract<DirectColumn, { kind: 'field' }>,
    field: number,
    from: number,
    to: number,
    nowMs: number,
  ): 'copy' | 'omit' | 'fail' {
    const bytes = this.bytes
    const first = bytes[from] as number
    const empty = spec.required ? 'fail' : 'omit'
    if (first === 110) return empty
    const isString = first === QUOTE
    const escaped = this.fieldEscaped[field] === 1
    switch (spec.type) {
      case 'string':
        if (!isString || this.fieldCanonical[field] === 0) return 'fail'
        if (to - from === 2 && !spec.keepEmpty) return empty
        return to - from - 2 > MAX_FIELD_BYTES ? 'fail' : 'copy'
      case 'int':
      case 'long': {
        if (!isNumberStart(first) || this.scanner.number(from, to) === FAIL) return 'fail'
        const { plainInteger, integerDigits, integerValue } = this.scanner
        if (!plainInteger) return 'fail'
        if (spec.type === 'long') return integerDigits <= 15 ? 'copy' : 'fail'
        return integerDigits <= 10 && integerValue >= -2147483648 && integerValue <= 2147483647
          ? 'copy'
          : 'fail'
      }
      case 'real':
        return isNumberStart(first) && this.fieldCanonical[field] === 1 ? 'copy' : 'fail'
      case 'boolean':
        return first === 116 || first === 102 ? 'copy' : 'fail'
      case 'datetime': {
        if (!isString || escaped || to - from !== 26) return 'fail'
        const ms = canonicalIsoToEpochMs(bytes.toString('latin1', from + 1, to - 1))
        if (Number.isNaN(ms)) return 'fail'
        return spec.isTime && isOutsideTimeWindow(ms, nowMs) ? 'fail' : 'copy'
      }
      case 'dynamic': {
        if (this.fieldCanonical[field] === 0) return 'fail'
        if (!isString) return 'copy'
        if (to - from === 2) return empty
        // Text that looks like JSON is parsed, blank text is no value: both are left to map.
        const text = bytes[from + 1] as number
        if (text <= 32 || text >= 0x80 || text === 123 || text === 91 || text === 92) return 'fail'
        return to - from - 2 > MAX_FIELD_BYTES ? 'fail' : 'copy'
      }
      default:
        return 'fail'
    }
  }

  private nowText(nowMs: number): Buffer {
    if (nowMs !== this.nowMs) {
      this.nowMs = nowMs
      this.nowBytes = Buffer.from(JSON.stringify(new Date(nowMs).toISOString()))
    }
    return this.nowBytes
  }
}
