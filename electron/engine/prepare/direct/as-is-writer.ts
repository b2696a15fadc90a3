import type { PackedOutput } from '../packed-output'
import type { RecordWriter } from './direct-writer'
import { FAIL, JsonScanner, isWhitespace } from './json-scanner'

/**
 * The direct writer for records sent as they are (jobs without a mapping, retried records):
 * a record already written the way JSON.stringify would write it is copied; any other (with
 * whitespace, a number or escape to rewrite, invalid JSON) answers FAIL and is parsed. A record
 * holding a whole number of more than 15 digits is copied whatever its form: JSON.parse would
 * change its digits beyond 2^53 (a long column's value, a retried record's ids).
 */
export class AsIsWriter implements RecordWriter {
  private readonly scanner = new JsonScanner()

  constructor(private readonly maxRequestBytes: number) {}

  write(bytes: Buffer, start: number, end: number, _nowMs: number, out: PackedOutput): number {
    const scanner = this.scanner
    scanner.bytes = bytes
    const first = scanner.skipWhitespace(start, end)
    while (end > first && isWhitespace(bytes[end - 1])) end--
    if (first >= end || bytes[first] !== 123) return FAIL
    scanner.canonical = true
    scanner.longInteger = false
    if (scanner.value(first, end, 0) !== end) return FAIL
    if (!scanner.canonical && !scanner.longInteger) return FAIL
    if (end - first + 2 > this.maxRequestBytes) return FAIL
    out.reserve(end - first)
    bytes.copy(out.buffer, out.length, first, end)
    out.length += end - first
    return 0
  }
}
