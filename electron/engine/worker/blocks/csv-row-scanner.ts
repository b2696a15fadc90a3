const QUOTE = 34
const LF = 10
const CR = 13

/**
 * Finds where CSV rows end, so a file can be cut into blocks that prepare helpers parse on their
 * own: a cut right after a line break that ends a row never splits a quoted field holding line
 * breaks. Follows the CSV reader's rules: a field is quoted only when its first character is a
 * quote, `""` inside it is a quote, quotes inside an unquoted field are plain characters, and a
 * quote closed and followed by other characters (`"ab"c`) goes on as an unquoted field. Only
 * the file's own line break (`\n` or `\r\n`, the first one outside quotes) ends a row; the other
 * kind is data, as in the reader. Files whose rows end with a lone `\r` are read sequentially.
 *
 * It runs on the upload worker over every byte of the file, so it jumps from quote to quote
 * with indexOf (native) instead of looking at each byte: only quotes change what is inside a
 * field. Bytes are scanned once, in order, across calls.
 */
export class CsvRowScanner {
  private quoted = false
  /** Quoted, and the last byte of the previous piece was a quote: closing, or half of `""`. */
  private quotePending = false
  /** The last two bytes before the current piece (a row starts the input). */
  private prev1 = LF
  private prev2 = CR
  /** Outside-quote stretches of the current piece, as [start, end) pairs. */
  private readonly stretches: number[] = []

  constructor(
    private readonly delimiter: number,
    private readonly lineBreak: '\n' | '\r\n',
  ) {}

  private byteBefore(bytes: Uint8Array, at: number): number {
    if (at >= 1) return bytes[at - 1] as number
    return at === 0 ? this.prev1 : this.prev2
  }

  /** A quote outside quotes opens a field when it is the field's first character. */
  private opensField(bytes: Uint8Array, at: number): boolean {
    const before = this.byteBefore(bytes, at)
    if (before === this.delimiter) return true
    if (before !== LF) return false
    return this.lineBreak === '\n' || this.byteBefore(bytes, at - 1) === CR
  }

  /**
   * Scans the next piece of input; returns the offset just after the last line break in it that
   * ends a row, or -1 when no row ends in it.
   */
  scan(input: Uint8Array): number {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength)
    const stretches = this.stretches
    stretches.length = 0
    let at = 0
    let outsideFrom = this.quoted ? -1 : 0
    if (this.quotePending && bytes.length > 0) {
      this.quotePending = false
      if (bytes[0] === QUOTE) at = 1
      else {
        this.quoted = false
        outsideFrom = 0
      }
    }
    while (at <= bytes.length) {
      if (this.quoted) {
        const quote = bytes.indexOf(QUOTE, at)
        if (quote === -1) break
        if (quote + 1 === bytes.length) {
          this.quotePending = true
          break
        }
        if (bytes[quote + 1] === QUOTE) {
          at = quote + 2
          continue
        }
        this.quoted = false
        at = quote + 1
        outsideFrom = at
        continue
      }
      let quote = bytes.indexOf(QUOTE, at)
      while (quote !== -1 && !this.opensField(bytes, quote)) quote = bytes.indexOf(QUOTE, quote + 1)
      stretches.push(outsideFrom, quote === -1 ? bytes.length : quote)
      if (quote === -1) break
      this.quoted = true
      at = quote + 1
    }
    const cut = this.lastRowEnd(bytes)
    if (bytes.length >= 2) {
      this.prev1 = bytes[bytes.length - 1] as number
      this.prev2 = bytes[bytes.length - 2] as number
    } else if (bytes.length === 1) {
      this.prev2 = this.prev1
      this.prev1 = bytes[0] as number
    }
    return cut
  }

  /**
   * The end of the last row-ending line break in the outside stretches, searching backwards:
   * each search starts before the previous one, so the whole piece is looked at most once.
   */
  private lastRowEnd(bytes: Buffer): number {
    const stretches = this.stretches
    let k = stretches.length - 2
    let from = k >= 0 ? (stretches[k + 1] as number) - 1 : -1
    while (k >= 0 && from >= 0) {
      const start = stretches[k] as number
      const newline = bytes.lastIndexOf(LF, from)
      if (newline === -1) return -1
      if (newline >= start) {
        if (this.lineBreak === '\n' || this.byteBefore(bytes, newline) === CR) return newline + 1
        from = newline - 1
        continue
      }
      // Before this stretch: go on in the stretch that holds it (or the one before it).
      while (k >= 0 && (stretches[k] as number) > newline) k -= 2
      if (k < 0) return -1
      from = Math.min(newline, (stretches[k + 1] as number) - 1)
    }
    return -1
  }
}
