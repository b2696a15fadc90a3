import { canonicalIsoBytesToEpochMs } from '../../../../shared/mapping/canonical-iso'
import { MAX_FIELD_BYTES } from '../../../../shared/mapping/compile-mapping'
import type { DirectColumn } from '../../../../shared/mapping/direct-columns'
import { DCR_COLUMN_TYPES, type DcrColumnType } from '../../../../shared/mapping/mapping-schema'
import { isOutsideTimeWindow } from '../../../../shared/mapping/time-window'
import type { PackedOutput } from '../packed-output'
import {
  FAIL,
  JsonScanner,
  compactJson,
  isWhitespace,
  sameBytes,
} from '../../common/parse/json-scanner'

export { FAIL }

/** Writes a record straight from its JSON text (see DirectWriter and AsIsWriter). */
export interface RecordWriter {
  /**
   * Writes the record whose JSON text is bytes [start, end) (valid UTF-8) after `out.length`
   * and moves `out.length` on; returns the number of top-level fields dropped, or FAIL
   * (nothing written: the caller parses the record).
   */
  write(bytes: Buffer, start: number, end: number, nowMs: number, out: PackedOutput): number
  /**
   * Like write, for the object whose `{` is at `start` and that ends at or before `limit`
   * (bytes after it are not its business); after a write, `end` is the index after its `}`.
   */
  writeLeading(
    bytes: Buffer,
    start: number,
    limit: number,
    nowMs: number,
    out: PackedOutput,
  ): number
  /** The end of the object the last writeLeading wrote. */
  readonly end: number
}

const QUOTE = 34
const MAX_TOP_LEVEL_KEYS = 256

// Column kinds and types as small numbers: the writer's loop runs once per column per record.
const FIELD = 0
const FIXED = 1
const NOW = 2
const typeCode = (type: DcrColumnType): number => DCR_COLUMN_TYPES.indexOf(type)
const STRING = typeCode('string')
const INT = typeCode('int')
const LONG = typeCode('long')
const REAL = typeCode('real')
const BOOLEAN = typeCode('boolean')
const DATETIME = typeCode('datetime')
const DYNAMIC = typeCode('dynamic')

/** What the writer does with a mapped value. */
const COPY = 0
const OMIT = 1
const REFUSE = 2
/** Copy without the whitespace between its tokens (JSON.stringify's form of a dynamic value). */
const COMPACT = 3

/** `fieldCanonical` of a value that is canonical once the whitespace between tokens is gone. */
const SPACED = 2

/** Bytes up to which a loop copies faster than a native copy (measured on Node 20). */
const LOOP_COPY_LIMIT = 32

function copyBytes(source: Buffer, from: number, to: number, target: Buffer, at: number): number {
  const length = to - from
  if (length > LOOP_COPY_LIMIT) {
    target.set(new Uint8Array(source.buffer, source.byteOffset + from, length), at)
  } else {
    for (let i = 0; i < length; i++) target[at + i] = source[from + i] as number
  }
  return at + length
}

function isNumberStart(byte: number): boolean {
  return byte === 45 || (byte >= 48 && byte <= 57)
}

/** A cheap fingerprint of a key (length and three of its bytes), checked before its bytes. */
function keyHash(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start
  if (length === 0) return 0
  const middle = bytes[start + (length >> 1)] as number
  return (
    (length << 24) ^ ((bytes[start] as number) << 16) ^ (middle << 8) ^ (bytes[end - 1] as number)
  )
}

const SLOTS = 256
function slotOf(hash: number): number {
  return (hash ^ (hash >>> 8) ^ (hash >>> 16) ^ (hash >>> 24)) & (SLOTS - 1)
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
  private bytes: Buffer = Buffer.alloc(0)

  // One entry per column, in output order.
  private readonly kinds: Uint8Array
  private readonly types: Uint8Array
  /** Index into the fields, for field columns. */
  private readonly fieldOf: Int32Array
  private readonly required: Uint8Array
  private readonly isTime: Uint8Array
  private readonly keepEmpty: Uint8Array
  /** `,"Name":` as UTF-8 (the first column written skips the comma). */
  private readonly prefixes: Buffer[]
  /** A constant's JSON; undefined when the constant leaves the column out. */
  private readonly fixed: (Buffer | undefined)[]

  // One entry per source field the columns read.
  private readonly fields: Buffer[]
  /** Field index + 1 by a key's hash slot; -1 when two fields share the slot. */
  private readonly slots = new Int16Array(SLOTS)
  private readonly fieldStart: Int32Array
  private readonly fieldEnd: Int32Array
  private readonly fieldCanonical: Uint8Array
  private readonly fieldSeen: Int32Array

  /** Top-level keys of the record being written, for duplicates. */
  private readonly keyStarts = new Int32Array(MAX_TOP_LEVEL_KEYS)
  private readonly keyEnds = new Int32Array(MAX_TOP_LEVEL_KEYS)
  private readonly keyHashes = new Int32Array(MAX_TOP_LEVEL_KEYS)

  /** Bytes the record adds to its values' text at most: names, constants, the time, braces. */
  private readonly overhead: number
  /** Most columns reading one field: its text can be copied that many times. */
  private readonly maxFieldUses: number
  private generation = 0
  private nowMs = Number.NaN
  private nowBytes: Buffer = Buffer.alloc(0)

  constructor(
    columns: readonly DirectColumn[],
    private readonly maxRequestBytes: number,
  ) {
    const fieldNames: string[] = []
    const fieldOf = columns.map((spec) => {
      if (spec.kind !== 'field') return -1
      const known = fieldNames.indexOf(spec.field)
      return known === -1 ? fieldNames.push(spec.field) - 1 : known
    })
    this.kinds = Uint8Array.from(columns, (c) =>
      c.kind === 'field' ? FIELD : c.kind === 'fixed' ? FIXED : NOW,
    )
    this.types = Uint8Array.from(columns, (c) => (c.kind === 'field' ? typeCode(c.type) : 0))
    this.fieldOf = Int32Array.from(fieldOf)
    this.required = Uint8Array.from(columns, (c) => (c.kind === 'field' && c.required ? 1 : 0))
    this.isTime = Uint8Array.from(columns, (c) => (c.kind === 'field' && c.isTime ? 1 : 0))
    this.keepEmpty = Uint8Array.from(columns, (c) => (c.kind === 'field' && c.keepEmpty ? 1 : 0))
    this.prefixes = columns.map((c) => Buffer.from(`,${JSON.stringify(c.name)}:`))
    this.fixed = columns.map((c) =>
      c.kind === 'fixed' && c.json !== undefined ? Buffer.from(c.json) : undefined,
    )
    this.fields = fieldNames.map((name) => Buffer.from(name))
    this.fields.forEach((name, f) => {
      const slot = slotOf(keyHash(name, 0, name.length))
      this.slots[slot] = this.slots[slot] === 0 ? f + 1 : -1
    })
    this.maxFieldUses = Math.max(
      1,
      ...fieldNames.map((_, f) => fieldOf.filter((g) => g === f).length),
    )
    this.overhead =
      2 +
      columns.reduce(
        (sum, _, c) => sum + (this.prefixes[c]?.length ?? 0) + (this.fixed[c]?.length ?? 0) + 32,
        0,
      )
    const count = fieldNames.length
    this.fieldStart = new Int32Array(count)
    this.fieldEnd = new Int32Array(count)
    this.fieldCanonical = new Uint8Array(count)
    this.fieldSeen = new Int32Array(count).fill(-1)
  }

  end = 0

  /** See RecordWriter; the dropped fields are the top-level fields no column reads. */
  write(bytes: Buffer, start: number, end: number, nowMs: number, out: PackedOutput): number {
    this.scanner.bytes = bytes
    const first = this.scanner.skipWhitespace(start, end)
    while (end > first && isWhitespace(bytes[end - 1])) end--
    return this.writeObject(bytes, first, end, true, nowMs, out)
  }

  writeLeading(
    bytes: Buffer,
    start: number,
    limit: number,
    nowMs: number,
    out: PackedOutput,
  ): number {
    return this.writeObject(bytes, start, limit, false, nowMs, out)
  }

  /** The object at `start`; `exact`: it must end at `end`, else anywhere before it. */
  private writeObject(
    bytes: Buffer,
    start: number,
    end: number,
    exact: boolean,
    nowMs: number,
    out: PackedOutput,
  ): number {
    const scanner = this.scanner
    scanner.bytes = bytes
    this.bytes = bytes
    let i = start
    if (i >= end || bytes[i] !== 123) return FAIL
    const generation = ++this.generation
    let keys = 0
    let used = 0
    i = scanner.skipWhitespace(i + 1, end)
    if (i < end && bytes[i] === 125) {
      i++
    } else {
      for (;;) {
        if (i >= end || bytes[i] !== QUOTE || keys === MAX_TOP_LEVEL_KEYS) return FAIL
        const keyStart = i + 1
        i = scanner.string(i, end)
        if (i === FAIL || scanner.escaped) return FAIL
        const keyEnd = i - 1
        const hash = keyHash(bytes, keyStart, keyEnd)
        // JSON.parse keeps the last of duplicate keys; rare enough to leave to it.
        if (this.isDuplicate(bytes, keys, hash, keyStart, keyEnd)) return FAIL
        this.keyStarts[keys] = keyStart
        this.keyEnds[keys] = keyEnd
        this.keyHashes[keys] = hash
        keys++
        i = scanner.skipWhitespace(i, end)
        if (i >= end || bytes[i] !== 58) return FAIL
        const valueStart = scanner.skipWhitespace(i + 1, end)
        scanner.canonical = true
        scanner.spaced = false
        i = scanner.value(valueStart, end, 0)
        if (i === FAIL) return FAIL
        const field = this.fieldIndex(bytes, hash, keyStart, keyEnd)
        if (field >= 0) {
          used++
          this.fieldSeen[field] = generation
          this.fieldStart[field] = valueStart
          this.fieldEnd[field] = i
          this.fieldCanonical[field] = !scanner.canonical ? 0 : scanner.spaced ? SPACED : 1
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
    if (exact && i !== end) return FAIL
    this.end = i
    return this.emit(bytes, start, i, nowMs, out, generation) ? keys - used : FAIL
  }

  private isDuplicate(
    bytes: Buffer,
    keys: number,
    hash: number,
    start: number,
    end: number,
  ): boolean {
    const hashes = this.keyHashes
    for (let k = 0; k < keys; k++) {
      if (hashes[k] !== hash) continue
      if (sameBytes(bytes, this.keyStarts[k] as number, this.keyEnds[k] as number, start, end)) {
        return true
      }
    }
    return false
  }

  private fieldIndex(bytes: Buffer, hash: number, start: number, end: number): number {
    const slot = this.slots[slotOf(hash)] as number
    if (slot === 0) return -1
    const fields = this.fields
    if (slot > 0)
      return this.compareName(fields[slot - 1] as Buffer, bytes, start, end) ? slot - 1 : -1
    for (let f = 0; f < fields.length; f++) {
      if (this.compareName(fields[f] as Buffer, bytes, start, end)) return f
    }
    return -1
  }

  private compareName(name: Buffer, bytes: Buffer, start: number, end: number): boolean {
    const length = end - start
    if (name.length !== length) return false
    for (let i = 0; i < length; i++) if (name[i] !== bytes[start + i]) return false
    return true
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
    const count = this.kinds.length
    // A record with no value from the file is left to map, which fails it (never sent empty).
    let fromFile = false
    for (let c = 0; c < count; c++) {
      const kind = this.kinds[c]
      let source = bytes
      let from: number
      let to: number
      let compact = false
      if (kind === FIELD) {
        const field = this.fieldOf[c] as number
        if (this.fieldSeen[field] !== generation) {
          if (this.required[c] === 1) return false
          continue
        }
        from = this.fieldStart[field] as number
        to = this.fieldEnd[field] as number
        const verdict = this.check(c, field, from, to, nowMs)
        if (verdict === REFUSE) return false
        if (verdict === OMIT) continue
        compact = verdict === COMPACT
        fromFile = true
      } else {
        const fixed = kind === FIXED ? this.fixed[c] : this.nowText(nowMs)
        if (fixed === undefined) continue
        source = fixed
        from = 0
        to = fixed.length
      }
      const prefix = this.prefixes[c] as Buffer
      at = copyBytes(prefix, at === first + 1 ? 1 : 0, prefix.length, target, at)
      at = compact
        ? compactJson(source, from, to, target, at)
        : copyBytes(source, from, to, target, at)
    }
    if (!fromFile) return false
    target[at++] = 125
    if (at - first + 2 > this.maxRequestBytes) return false
    out.length = at
    return true
  }

  /** Whether the map function would send the value's text as it is, leave it out, or convert it. */
  private check(column: number, field: number, from: number, to: number, nowMs: number): number {
    const bytes = this.bytes
    const first = bytes[from] as number
    const empty = this.required[column] === 1 ? REFUSE : OMIT
    if (first === 110) return empty
    const isString = first === QUOTE
    const canonical = this.fieldCanonical[field] === 1
    switch (this.types[column]) {
      case STRING:
        if (!isString || !canonical) return REFUSE
        if (to - from === 2 && this.keepEmpty[column] === 0) return empty
        return to - from - 2 > MAX_FIELD_BYTES ? REFUSE : COPY
      case INT:
      case LONG: {
        const scanner = this.scanner
        if (!isNumberStart(first) || scanner.number(from, to) === FAIL) return REFUSE
        if (!scanner.plainInteger) return REFUSE
        if (this.types[column] === LONG) return scanner.integerDigits <= 15 ? COPY : REFUSE
        const value = scanner.integerValue
        return scanner.integerDigits <= 10 && value >= -2147483648 && value <= 2147483647
          ? COPY
          : REFUSE
      }
      case REAL:
        return isNumberStart(first) && canonical ? COPY : REFUSE
      case BOOLEAN:
        return first === 116 || first === 102 ? COPY : REFUSE
      case DATETIME: {
        if (!isString || to - from !== 26) return REFUSE
        const ms = canonicalIsoBytesToEpochMs(bytes, from + 1)
        if (Number.isNaN(ms)) return REFUSE
        return this.isTime[column] === 1 && isOutsideTimeWindow(ms, nowMs) ? REFUSE : COPY
      }
      case DYNAMIC: {
        if (!isString && this.fieldCanonical[field] === SPACED) return COMPACT
        if (!canonical) return REFUSE
        if (!isString) return COPY
        if (to - from === 2) return empty
        // Text that looks like JSON is parsed, blank text is no value: both are left to map.
        const text = bytes[from + 1] as number
        if (text <= 32 || text >= 0x80 || text === 123 || text === 91 || text === 92) return REFUSE
        return to - from - 2 > MAX_FIELD_BYTES ? REFUSE : COPY
      }
      default:
        return REFUSE
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
