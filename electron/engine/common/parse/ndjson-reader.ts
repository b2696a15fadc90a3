import {
  unrepresentableJsonNumber,
  unrepresentableNumberReason,
} from '../../../../shared/mapping/coerce-number'
import type { ParseEvent, ReaderContext, SourcePosition } from './parse-types'
import { firstInvalidUtf8, isUtf8, nulReason, shorten } from './utf8'

/**
 * Reads NDJSON / JSON Lines: one JSON object per line, split on raw bytes (a newline byte never
 * occurs inside a multi-byte character) and parsed line by line, so a broken line costs only
 * that line. Blank lines are skipped; CRLF is accepted; a line longer than the record limit is
 * reported and skipped without being held in memory.
 *
 * Yields the events of each read as one batch, so callers pay one await per read, not per record.
 */
export async function* readNdjson(
  chunks: AsyncIterable<Buffer>,
  ctx: ReaderContext,
): AsyncGenerator<ParseEvent[]> {
  let line = ctx.firstLine ?? 1
  let offset = ctx.firstOffset ?? 0
  /** Parts of a line that started in an earlier read. */
  let carry: Buffer[] = []
  let carryBytes = 0
  let carryStart = 0
  let skipping = false

  const position = (lineNo: number, byteOffset: number): SourcePosition =>
    ctx.reportOffsets ? { line: lineNo, byteOffset } : { line: lineNo }

  const tooLong = (lineNo: number, byteOffset: number): ParseEvent => ({
    kind: 'error',
    code: 'parse/record-too-large',
    file: ctx.file,
    source: position(lineNo, byteOffset),
    reason: `Line ${lineNo} is longer than ${ctx.maxRecordBytes} bytes; it was skipped.`,
  })

  function parseLine(
    buf: Buffer,
    start: number,
    end: number,
    byteOffset: number,
    knownValid: boolean,
    events: ParseEvent[],
  ): void {
    if (end > start && buf[end - 1] === 13) end--
    let first = start
    while (first < end) {
      const byte = buf[first]
      if (byte !== 32 && byte !== 9 && byte !== 13) break
      first++
    }
    if (first === end) return
    const valid = knownValid || isUtf8(buf.subarray(start, end))
    const text = buf.toString('utf8', start, end)
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      const nul = nulReason(text, `Line ${line}`)
      events.push({
        kind: 'error',
        code: nul === undefined ? 'parse/ndjson-invalid-line' : 'parse/nul-bytes',
        file: ctx.file,
        source: position(line, byteOffset),
        reason: nul ?? `Line ${line} is not valid JSON: ${(error as Error).message}.`,
        raw: shorten(text),
      })
      return
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      events.push({
        kind: 'error',
        code: 'parse/ndjson-not-object',
        file: ctx.file,
        source: position(line, byteOffset),
        reason: `Line ${line} holds ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not a JSON object.`,
        raw: shorten(text),
      })
      return
    }
    const unrepresentable = unrepresentableJsonNumber(text)
    if (unrepresentable !== undefined) {
      events.push({
        kind: 'error',
        code: 'parse/number-out-of-range',
        file: ctx.file,
        source: position(line, byteOffset),
        reason: unrepresentableNumberReason(unrepresentable, `Line ${line}`),
        // Whole: the record is kept as written, to be fixed and sent again.
        raw: text,
      })
      return
    }
    if (valid) {
      events.push({
        kind: 'record',
        record: value as Record<string, unknown>,
        source: position(line, byteOffset),
      })
      return
    }
    const bad = firstInvalidUtf8(buf, start, end)
    events.push({
      kind: 'warning',
      code: 'parse/invalid-utf8',
      file: ctx.file,
      source: position(line, byteOffset + (bad - start)),
      reason: `Line ${line} has bytes that are not valid UTF-8 (first at byte ${byteOffset + (bad - start)}); they were replaced with �.`,
    })
    events.push({
      kind: 'record',
      record: value as Record<string, unknown>,
      source: position(line, byteOffset),
      invalidUtf8: true,
    })
  }

  for await (const chunk of chunks) {
    const events: ParseEvent[] = []
    let start = 0
    if (carryBytes > 0 || skipping) {
      const newline = chunk.indexOf(10)
      if (newline === -1) {
        if (!skipping) {
          carry.push(chunk)
          carryBytes += chunk.length
          if (carryBytes > ctx.maxRecordBytes) {
            events.push(tooLong(line, carryStart))
            carry = []
            carryBytes = 0
            skipping = true
          }
        }
        offset += chunk.length
        if (events.length > 0) yield events
        continue
      }
      if (skipping) {
        skipping = false
      } else if (carryBytes + newline > ctx.maxRecordBytes) {
        events.push(tooLong(line, carryStart))
      } else {
        carry.push(chunk.subarray(0, newline))
        const whole = Buffer.concat(carry, carryBytes + newline)
        parseLine(whole, 0, whole.length, carryStart, false, events)
      }
      carry = []
      carryBytes = 0
      line++
      start = newline + 1
    }
    const lastNewline = chunk.lastIndexOf(10)
    const chunkValid = lastNewline < start || isUtf8(chunk.subarray(start, lastNewline + 1))
    let newline: number
    while ((newline = chunk.indexOf(10, start)) !== -1) {
      if (newline - start > ctx.maxRecordBytes) events.push(tooLong(line, offset + start))
      else parseLine(chunk, start, newline, offset + start, chunkValid, events)
      line++
      start = newline + 1
    }
    if (start < chunk.length) {
      carryStart = offset + start
      carryBytes = chunk.length - start
      if (carryBytes > ctx.maxRecordBytes) {
        events.push(tooLong(line, carryStart))
        carryBytes = 0
        skipping = true
      } else {
        // Copy, so a small leftover does not pin the whole read buffer.
        carry = [Buffer.from(chunk.subarray(start))]
      }
    }
    offset += chunk.length
    if (events.length > 0) yield events
  }
  if (carryBytes > 0 && !skipping) {
    const events: ParseEvent[] = []
    const whole = Buffer.concat(carry, carryBytes)
    parseLine(whole, 0, whole.length, carryStart, false, events)
    if (events.length > 0) yield events
  }
}
