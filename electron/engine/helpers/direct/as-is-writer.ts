import type { PackedOutput } from '../packed-output'
import type { RecordWriter } from './direct-writer'
import { FAIL, JsonScanner, compactJson, isWhitespace } from '../../common/parse/json-scanner'

/**
 * The direct writer for records sent as they are (jobs without a mapping, retried records):
 * a record already written the way JSON.stringify would write it is copied, without the
 * whitespace between its tokens if it has any; any other (a number or escape to rewrite,
 * invalid JSON) answers FAIL and is parsed. A record
 * holding a whole number of more than 15 digits is copied whatever its form: JSON.parse would
 * change its digits beyond 2^53 (a long column's value, a retried record's ids).
 */
export class AsIsWriter implements RecordWriter {
  private readonly scanner = new JsonScanner()

  constructor(private readonly maxRequestBytes: number) {}

  end = 0

  write(bytes: Buffer, start: number, end: number, _nowMs: number, out: PackedOutput): number {
    this.scanner.bytes = bytes
    const first = this.scanner.skipWhitespace(start, end)
    while (end > first && isWhitespace(bytes[end - 1])) end--
    return this.writeObject(bytes, first, end, true, out)
  }

  writeLeading(
    bytes: Buffer,
    start: number,
    limit: number,
    _nowMs: number,
    out: PackedOutput,
  ): number {
    return this.writeObject(bytes, start, limit, false, out)
  }

  /** The object at `first`; `exact`: it must end at `end`, else anywhere before it. */
  private writeObject(
    bytes: Buffer,
    first: number,
    end: number,
    exact: boolean,
    out: PackedOutput,
  ): number {
    const scanner = this.scanner
    scanner.bytes = bytes
    if (first >= end || bytes[first] !== 123) return FAIL
    scanner.canonical = true
    scanner.spaced = false
    scanner.longInteger = false
    const after = scanner.value(first, end, 0)
    if (after === FAIL || (exact && after !== end)) return FAIL
    if (!scanner.canonical && !scanner.longInteger) return FAIL
    out.reserve(after - first)
    // Canonical once the whitespace between tokens is gone: JSON.stringify's form.
    const written =
      scanner.canonical && scanner.spaced
        ? compactJson(bytes, first, after, out.buffer, out.length) - out.length
        : bytes.copy(out.buffer, out.length, first, after)
    if (written + 2 > this.maxRequestBytes) return FAIL
    out.length += written
    this.end = after
    return 0
  }
}
