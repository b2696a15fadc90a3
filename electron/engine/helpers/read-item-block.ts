import { jsonItemEvents } from '../common/parse/json-array-reader'
import type { ParseEvent } from '../common/parse/parse-types'
import { firstInvalidUtf8 } from '../common/parse/utf8'
import type { ItemsFormat } from './json-item-blocks'

/**
 * Takes an item (valid UTF-8 bytes [start, end) at `line`) without parsing it, or answers false
 * to have it parsed (the direct writer's hook).
 */
export type TakeItem = (start: number, end: number, line: number) => boolean

/**
 * The entries of a block of JSON array items, in order: each item parsed by the same rules as
 * the sequential reader, with the scanner's errors in their places. Items `take` accepts are
 * not parsed; the events before them are yielded first, so the consumer sees entries in order.
 */
export async function* readItemBlock(
  bytes: Buffer,
  file: string,
  format: ItemsFormat,
  take?: TakeItem,
): AsyncGenerator<ParseEvent[]> {
  const events: ParseEvent[] = []
  let item = 0
  let error = 0
  const entries = format.ends.length + format.errors.length
  for (let index = 0; index < entries; index++) {
    if (format.errorIndexes[error] === index) {
      events.push(format.errors[error++] as ParseEvent)
      continue
    }
    const start = item === 0 ? 0 : (format.ends[item - 1] as number)
    const end = format.ends[item] as number
    const line = format.lines[item] as number
    const offset = format.offsets[item] as number
    if (take !== undefined && format.valid[item] === 1) {
      if (events.length > 0) yield events.splice(0)
      if (take(start, end, line)) {
        item++
        continue
      }
    }
    const at = offset === -1 ? { line } : { line, byteOffset: offset }
    const invalidAt =
      format.valid[item] === 1
        ? -1
        : Math.max(offset, 0) + (firstInvalidUtf8(bytes, start, end) - start)
    jsonItemEvents(bytes.toString('utf8', start, end), file, line, at, invalidAt, events)
    item++
    // Yield in small batches, like the readers, so few parsed objects are alive at a time.
    if (events.length >= 256) yield events.splice(0)
  }
  if (events.length > 0) yield events
}
