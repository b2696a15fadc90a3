/** The scanner's answer for text that is not valid JSON, or that it does not handle. */
export const FAIL = -1

/** Objects nested deeper than this, or with more keys, are left to JSON.parse. */
const MAX_DEPTH = 64
const MAX_KEYS = 64

const QUOTE = 34
const BACKSLASH = 92

/** JSON's whitespace: space, tab, line feed, carriage return. */
export function isWhitespace(byte: number | undefined): boolean {
  return byte === 32 || byte === 9 || byte === 10 || byte === 13
}

function isHex(byte: number | undefined): boolean {
  if (byte === undefined) return false
  return (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 102)
}

/**
 * Checks JSON text in a byte buffer without building values, and tells whether each value is
 * already written the way `JSON.stringify(JSON.parse(text))` would write it ("canonical"):
 * no whitespace, strings escaped only as JSON.stringify escapes, numbers in JavaScript's
 * shortest form, no duplicate keys, no integer-like keys (JSON.stringify puts those first).
 *
 * The bytes must be valid UTF-8 (the caller checks a block at once). Every position given and
 * returned is a byte index; FAIL means the text is not valid JSON (or nests deeper than the
 * scanner goes), and the caller then leaves it to JSON.parse for the exact error.
 */
export class JsonScanner {
  bytes: Uint8Array = new Uint8Array(0)
  /**
   * False once the value scanned since the last reset holds anything non-canonical, apart
   * from whitespace between tokens, which sets `spaced` instead.
   */
  canonical = true
  /**
   * True once the value scanned since the last reset has whitespace between its tokens: with
   * `canonical`, `compactJson` of its text is what JSON.stringify would write.
   */
  spaced = false
  /**
   * True once a value scanned since the last reset holds a whole number of more than 15 digits,
   * which JSON.parse may not keep exactly (beyond 2^53): a long's digits sent as text.
   */
  longInteger = false

  /** Facts of the last string scanned. */
  escaped = false
  escapesCanonical = true

  /** Facts of the last number scanned. */
  /** Written as a whole number (no fraction or exponent, not -0). */
  plainInteger = false
  /** Digits before the point. */
  integerDigits = 0
  /** The value of a plain integer up to 15 digits (exact). */
  integerValue = 0
  /** Written as JSON.stringify writes the number it stands for. */
  numberCanonical = false

  /** Keys of the objects being scanned (start and end of each key's text), for duplicates. */
  private keyStarts = new Int32Array(MAX_DEPTH * MAX_KEYS)
  private keyEnds = new Int32Array(MAX_DEPTH * MAX_KEYS)
  private keyTop = 0

  /** Index of the first non-whitespace byte at or after `at`. */
  skipWhitespace(at: number, end: number): number {
    const bytes = this.bytes
    while (at < end && isWhitespace(bytes[at])) at++
    return at
  }

  /** Scans the string whose opening quote is at `at`; returns the index after its closing quote. */
  string(at: number, end: number): number {
    const bytes = this.bytes
    let escaped = false
    let canonical = true
    for (let i = at + 1; i < end; i++) {
      const byte = bytes[i] as number
      if (byte === QUOTE) {
        this.escaped = escaped
        this.escapesCanonical = canonical
        return i + 1
      }
      if (byte === BACKSLASH) {
        escaped = true
        if (i + 1 >= end) return FAIL
        const next = bytes[++i]
        // \" \\ \b \f \n \r \t are what JSON.stringify writes; \/ and \u are read differently.
        if (
          next === QUOTE ||
          next === BACKSLASH ||
          next === 98 ||
          next === 102 ||
          next === 110 ||
          next === 114 ||
          next === 116
        ) {
          continue
        }
        if (next === 47) {
          canonical = false
          continue
        }
        if (next !== 117 || i + 4 >= end) return FAIL
        if (!isHex(bytes[i + 1]) || !isHex(bytes[i + 2])) return FAIL
        if (!isHex(bytes[i + 3]) || !isHex(bytes[i + 4])) return FAIL
        canonical = false
        i += 4
        continue
      }
      if (byte < 32) return FAIL
    }
    return FAIL
  }

  /** Scans the number that starts at `at` (JSON's grammar); returns the index after it. */
  number(at: number, end: number): number {
    const bytes = this.bytes
    let i = at
    const negative = bytes[i] === 45
    if (negative) i++
    let byte = bytes[i]
    let integerDigits = 0
    let value = 0
    if (i >= end || byte === undefined) return FAIL
    if (byte === 48) {
      integerDigits = 1
      i++
    } else if (byte >= 49 && byte <= 57) {
      while (i < end && (byte = bytes[i] as number) >= 48 && byte <= 57) {
        value = value * 10 + (byte - 48)
        integerDigits++
        i++
      }
    } else {
      return FAIL
    }
    const zeroInteger = value === 0
    let fractionDigits = 0
    let leadingZeros = 0
    let last = 0
    let fractionNonZero = false
    if (i < end && bytes[i] === 46) {
      i++
      while (i < end && (byte = bytes[i] as number) >= 48 && byte <= 57) {
        if (!fractionNonZero) {
          if (byte === 48) leadingZeros++
          else fractionNonZero = true
        }
        last = byte
        fractionDigits++
        i++
      }
      if (fractionDigits === 0) return FAIL
    }
    let exponent = false
    if (i < end && (bytes[i] === 101 || bytes[i] === 69)) {
      exponent = true
      i++
      if (i < end && (bytes[i] === 43 || bytes[i] === 45)) i++
      const digitsAt = i
      while (i < end && (byte = bytes[i] as number) >= 48 && byte <= 57) i++
      if (i === digitsAt) return FAIL
    }
    this.integerDigits = integerDigits
    this.integerValue = negative ? -value : value
    this.plainInteger = !exponent && fractionDigits === 0 && !(negative && zeroInteger)
    if (this.plainInteger && integerDigits > 15) this.longInteger = true
    const significant = zeroInteger ? fractionDigits - leadingZeros : integerDigits + fractionDigits
    // Up to 15 significant digits a decimal survives the trip through a double unchanged, so
    // JavaScript writes it back with the same digits; below 1e-6 it would use an exponent.
    this.numberCanonical =
      !exponent &&
      (fractionDigits === 0 || last !== 48) &&
      significant <= 15 &&
      !(negative && zeroInteger && !fractionNonZero) &&
      !(zeroInteger && leadingZeros >= 6)
    return i
  }

  /** Scans the value that starts at `at`; returns the index after it. */
  value(at: number, end: number, depth: number): number {
    const bytes = this.bytes
    const byte = bytes[at]
    if (at >= end || byte === undefined) return FAIL
    if (byte === QUOTE) {
      const after = this.string(at, end)
      if (after !== FAIL && !this.escapesCanonical) this.canonical = false
      return after
    }
    if (byte === 123) return this.object(at, end, depth + 1)
    if (byte === 91) return this.array(at, end, depth + 1)
    if (byte === 116) return this.literal(at, end, 'true')
    if (byte === 102) return this.literal(at, end, 'false')
    if (byte === 110) return this.literal(at, end, 'null')
    if (byte === 45 || (byte >= 48 && byte <= 57)) {
      const after = this.number(at, end)
      if (after !== FAIL && !this.numberCanonical) this.canonical = false
      return after
    }
    return FAIL
  }

  private literal(at: number, end: number, word: string): number {
    if (at + word.length > end) return FAIL
    for (let i = 1; i < word.length; i++) {
      if (this.bytes[at + i] !== word.charCodeAt(i)) return FAIL
    }
    return at + word.length
  }

  /** Whitespace between tokens is valid JSON, and all JSON.stringify leaves out. */
  private gap(at: number, end: number): number {
    const after = this.skipWhitespace(at, end)
    if (after !== at) this.spaced = true
    return after
  }

  private array(at: number, end: number, depth: number): number {
    if (depth > MAX_DEPTH) return FAIL
    const bytes = this.bytes
    let i = this.gap(at + 1, end)
    if (bytes[i] === 93 && i < end) return i + 1
    for (;;) {
      i = this.value(i, end, depth)
      if (i === FAIL) return FAIL
      i = this.gap(i, end)
      if (i >= end) return FAIL
      const byte = bytes[i]
      if (byte === 93) return i + 1
      if (byte !== 44) return FAIL
      i = this.gap(i + 1, end)
    }
  }

  private object(at: number, end: number, depth: number): number {
    if (depth > MAX_DEPTH) return FAIL
    const bytes = this.bytes
    const base = this.keyTop
    let i = this.gap(at + 1, end)
    if (bytes[i] === 125 && i < end) return i + 1
    for (;;) {
      if (i >= end || bytes[i] !== QUOTE) return this.fail(base)
      const keyStart = i + 1
      i = this.string(i, end)
      if (i === FAIL) return this.fail(base)
      if (this.canonical) this.noteKey(base, keyStart, i - 1)
      i = this.gap(i, end)
      if (i >= end || bytes[i] !== 58) return this.fail(base)
      i = this.value(this.gap(i + 1, end), end, depth)
      if (i === FAIL) return this.fail(base)
      i = this.gap(i, end)
      if (i >= end) return this.fail(base)
      const byte = bytes[i]
      if (byte === 125) {
        this.keyTop = base
        return i + 1
      }
      if (byte !== 44) return this.fail(base)
      i = this.gap(i + 1, end)
    }
  }

  private fail(base: number): number {
    this.keyTop = base
    return FAIL
  }

  /** Marks the value non-canonical for a key JSON.parse and JSON.stringify would move or merge. */
  private noteKey(base: number, start: number, end: number): void {
    if (
      !this.escapesCanonical ||
      this.keyTop - base >= MAX_KEYS ||
      isDigits(this.bytes, start, end)
    ) {
      this.canonical = false
      return
    }
    if (indexOfKey(this.bytes, this.keyStarts, this.keyEnds, base, this.keyTop, start, end) >= 0) {
      this.canonical = false
      return
    }
    this.keyStarts[this.keyTop] = start
    this.keyEnds[this.keyTop] = end
    this.keyTop++
  }
}

/**
 * Copies JSON text [from, to) to `target` at `at` without the whitespace between its tokens
 * (strings are copied as they are); returns the end in `target`. For text the scanner calls
 * canonical and spaced, the result is what JSON.stringify(JSON.parse(text)) writes.
 */
export function compactJson(
  source: Uint8Array,
  from: number,
  to: number,
  target: Uint8Array,
  at: number,
): number {
  let inString = false
  for (let i = from; i < to; i++) {
    const byte = source[i] as number
    if (inString) {
      target[at++] = byte
      if (byte === BACKSLASH) target[at++] = source[++i] as number
      else if (byte === QUOTE) inString = false
    } else if (!isWhitespace(byte)) {
      if (byte === QUOTE) inString = true
      target[at++] = byte
    }
  }
  return at
}

function isDigits(bytes: Uint8Array, start: number, end: number): boolean {
  if (start === end) return false
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number
    if (byte < 48 || byte > 57) return false
  }
  return true
}

/** True when bytes [aStart, aEnd) equal [bStart, bEnd). */
export function sameBytes(
  bytes: Uint8Array,
  aStart: number,
  aEnd: number,
  bStart: number,
  bEnd: number,
): boolean {
  const length = aEnd - aStart
  if (length !== bEnd - bStart) return false
  for (let i = 0; i < length; i++) {
    if (bytes[aStart + i] !== bytes[bStart + i]) return false
  }
  return true
}

/** Index among keys [from, to) of the stored key equal to bytes [start, end), or -1. */
export function indexOfKey(
  bytes: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  from: number,
  to: number,
  start: number,
  end: number,
): number {
  for (let k = from; k < to; k++) {
    if (sameBytes(bytes, starts[k] as number, ends[k] as number, start, end)) return k
  }
  return -1
}
