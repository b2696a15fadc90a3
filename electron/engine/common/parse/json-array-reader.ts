import type { ParseEvent, ReaderContext, SourcePosition } from './parse-types'
import { completeUtf8End, firstInvalidUtf8, isUtf8, owedUtf8Bytes, shorten } from './utf8'

/**
 * Reads a top-level JSON array of objects without holding the file: a byte scanner finds where
 * each item starts and ends (tracking strings, escapes and bracket depth across reads), and each
 * item is handed to JSON.parse on its own. That keeps it close to NDJSON speed (stream-json's
 * token stream measured 9–15 MB/s here; see scripts/measure-parse.ts) and lets one bad item be
 * reported while the items after it still arrive.
 *
 * Reported: a single object instead of an array (fatal), items that are not objects, items that
 * are not valid JSON, a missing comma, a trailing comma (all items still arrive), text after the
 * closing bracket, and a file cut off mid-item (the items before the cut arrive, then one error).
 */

const enum Phase {
  Start,
  /** After `[` or `,`: an item or `]` comes next. */
  BeforeItem,
  InItem,
  /** After an item: `,` or `]` comes next. */
  AfterItem,
  Done,
  Stopped,
}

const enum ItemKind {
  Container,
  String,
  Scalar,
}

function isSpace(byte: number): boolean {
  return byte === 32 || byte === 10 || byte === 13 || byte === 9
}

/** True when an odd run of backslashes ends just before `end` (the next quote is escaped). */
function oddBackslashesBefore(buf: Buffer, from: number, end: number, carried: boolean): boolean {
  let k = end - 1
  let run = 0
  while (k >= from && buf[k] === 0x5c) {
    run++
    k--
  }
  if (k < from && carried) run++
  return run % 2 === 1
}

function describeByte(byte: number): string {
  return byte >= 32 && byte < 127 ? `"${String.fromCharCode(byte)}"` : `byte 0x${byte.toString(16)}`
}

/**
 * Receives what the scanner finds, in file order, instead of parsed events: items as byte
 * ranges (valid only during the call), everything else as events. The parallel path uses it
 * to copy items into blocks for the helpers without an object per item.
 */
export interface JsonItemSink {
  item(
    bytes: Buffer,
    start: number,
    end: number,
    line: number,
    offset: number,
    valid: boolean,
  ): void
  event(event: ParseEvent): void
}

/** Where the scanner stands between items: enough to read on from there. */
export interface JsonArrayState {
  readonly phase: 'start' | 'before-item' | 'after-item' | 'done' | 'stopped'
  /** A comma came after the last item (a `]` next is a trailing comma). */
  readonly afterComma: boolean
  readonly line: number
  /** Byte offset in the text. */
  readonly offset: number
  /** Line of the last complete item before this point (0: none yet). */
  readonly lastItemLine: number
}

/** The state at the start of the text. */
export const ARRAY_START: JsonArrayState = {
  phase: 'start',
  afterComma: false,
  line: 1,
  offset: 0,
  lastItemLine: 0,
}

/** Phase's names, in its order. */
const PHASE_NAMES = ['start', 'before-item', 'in-item', 'after-item', 'done', 'stopped'] as const

export interface JsonArrayOptions {
  /** Hand items to the sink unparsed (they are parsed on the helpers, by jsonItemEvents). */
  readonly sink?: JsonItemSink
  /** Start from this state instead of the start of the text (`offset`: of the first chunk). */
  readonly from?: JsonArrayState
  /**
   * The chunks are only a part of the text (a block): at their end there are no end-of-file
   * errors; the state to read on from is reported instead. When the part ends inside an item,
   * that is the state just before the item, which is then left out.
   */
  readonly onPartEnd?: (state: JsonArrayState) => void
  /**
   * Takes the object item whose `{` is at `start` without scanning or parsing it here (the
   * direct writer): returns the index after its `}`, or -1 to have it read as usual. Offered
   * only in chunks that are valid UTF-8, without a sink.
   */
  readonly claim?: (bytes: Buffer, start: number, line: number) => number
}

/**
 * The events of one array item's text: the record, or why it is not one. Shared by the reader
 * and the prepare helpers, so both report the same things in the same words.
 * `invalidAt`: byte offset of the first invalid UTF-8 byte, or -1.
 */
export function jsonItemEvents(
  text: string,
  file: string,
  itemLine: number,
  at: SourcePosition,
  invalidAt: number,
  events: { push: (...events: ParseEvent[]) => number },
): void {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    events.push({
      kind: 'error',
      code: 'parse/json-invalid-record',
      file,
      source: at,
      reason: `The item at line ${itemLine} is not valid JSON: ${(cause as Error).message}.`,
      raw: shorten(text),
    })
    return
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`
    events.push({
      kind: 'error',
      code: 'parse/json-not-object',
      file,
      source: at,
      reason: `The item at line ${itemLine} is ${what}, not an object.`,
      raw: shorten(text),
    })
    return
  }
  if (invalidAt === -1) {
    events.push({ kind: 'record', record: value as Record<string, unknown>, source: at })
    return
  }
  events.push({
    kind: 'warning',
    code: 'parse/invalid-utf8',
    file,
    source:
      at.byteOffset === undefined ? { line: at.line } : { line: at.line, byteOffset: invalidAt },
    reason: `The item at line ${itemLine} has bytes that are not valid UTF-8 (first at byte ${invalidAt}); they were replaced with �.`,
  })
  events.push({
    kind: 'record',
    record: value as Record<string, unknown>,
    source: at,
    invalidUtf8: true,
  })
}

/**
 * With a sink, yields one empty batch per read (the sink got everything). Nothing keeps a
 * chunk's buffer once the next chunk is asked for, so a reader may reuse one buffer for all.
 */
export async function* readJsonArray(
  chunks: AsyncIterable<Buffer>,
  ctx: ReaderContext,
  options: JsonArrayOptions = {},
): AsyncGenerator<ParseEvent[]> {
  const sink = options.sink
  const push = (events: ParseEvent[], event: ParseEvent): void => {
    if (sink === undefined) events.push(event)
    else sink.event(event)
  }
  const from = options.from ?? ARRAY_START
  const claim = sink === undefined ? options.claim : undefined
  let phase = PHASE_NAMES.indexOf(from.phase) as Phase
  let line = from.line
  let offset = from.offset
  let afterComma = from.afterComma
  // The item being scanned.
  let kind = ItemKind.Container
  let depth = 0
  let inString = false
  /** The previous read ended inside a string after an odd run of backslashes. */
  let escaped = false
  let itemLine = 1
  let itemOffset = 0
  let parts: Buffer[] = []
  let partsBytes = 0
  let oversized = false
  let lastItemLine = from.lastItemLine

  const position = (lineNo: number, byteOffset: number): SourcePosition =>
    ctx.reportOffsets ? { line: lineNo, byteOffset } : { line: lineNo }

  function error(
    events: ParseEvent[],
    code: Extract<ParseEvent, { kind: 'error' }>['code'],
    reason: string,
    at: SourcePosition,
    extra: { raw?: string; fatal?: true } = {},
  ): void {
    push(events, { kind: 'error', code, file: ctx.file, source: at, reason, ...extra })
  }

  function finishItem(chunk: Buffer, start: number, end: number, events: ParseEvent[]): void {
    lastItemLine = itemLine
    const at = position(itemLine, itemOffset)
    if (oversized || partsBytes + (end - start) > ctx.maxRecordBytes) {
      error(
        events,
        'parse/record-too-large',
        `The item at line ${itemLine} is larger than ${ctx.maxRecordBytes} bytes; it was skipped.`,
        at,
      )
      parts = []
      partsBytes = 0
      oversized = false
      return
    }
    let buf: Buffer
    let valid: boolean | undefined
    if (partsBytes === 0) {
      buf = chunk
    } else {
      parts.push(chunk.subarray(start, end))
      buf = Buffer.concat(parts, partsBytes + (end - start))
      start = 0
      end = buf.length
      valid = isUtf8(buf)
      parts = []
      partsBytes = 0
    }
    valid ??= chunkValid || isUtf8(buf.subarray(start, end))
    if (sink !== undefined) {
      // Parsed later, on a prepare helper, by the same rules (jsonItemEvents).
      sink.item(buf, start, end, itemLine, at.byteOffset ?? -1, valid)
      return
    }
    const bad = valid ? -1 : itemOffset + (firstInvalidUtf8(buf, start, end) - start)
    jsonItemEvents(buf.toString('utf8', start, end), ctx.file, itemLine, at, bad, events)
  }

  let chunkValid = true
  let owed = 0

  for await (const chunk of chunks) {
    let events: ParseEvent[] = []
    const length = chunk.length
    // Bytes owed to a character cut at the end of the previous read are checked with its item.
    const validEnd = completeUtf8End(chunk)
    chunkValid = owed > validEnd || isUtf8(chunk.subarray(owed, validEnd))
    owed = owedUtf8Bytes(chunk)
    let itemStart = phase === Phase.InItem ? 0 : -1
    let i = 0
    scan: while (i < length) {
      // A block read as one chunk still reaches the consumer in small batches.
      if (events.length >= 256) {
        yield events
        events = []
      }
      switch (phase) {
        case Phase.Start: {
          const byte = chunk[i] as number
          if (isSpace(byte)) {
            if (byte === 10) line++
            i++
            continue
          }
          if (byte === 0x5b) {
            phase = Phase.BeforeItem
            i++
            continue
          }
          phase = Phase.Stopped
          if (byte === 0x7b) {
            error(
              events,
              'parse/json-object-not-array',
              'The file holds one JSON object, not an array of records: put the records in [ ], or choose NDJSON if each line is one record.',
              position(line, offset + i),
              { fatal: true },
            )
          } else {
            error(
              events,
              'parse/json-not-array',
              `The file starts with ${describeByte(byte)} at line ${line}, not with the [ of a JSON array.`,
              position(line, offset + i),
              { fatal: true },
            )
          }
          break scan
        }
        case Phase.BeforeItem:
        case Phase.AfterItem: {
          const byte = chunk[i] as number
          if (isSpace(byte)) {
            if (byte === 10) line++
            i++
            continue
          }
          if (byte === 0x5d) {
            if (phase === Phase.BeforeItem && afterComma) {
              push(events, {
                kind: 'warning',
                code: 'parse/json-trailing-comma',
                file: ctx.file,
                source: position(line, offset + i),
                reason: `There is a comma before the closing ] at line ${line}. JSON does not allow it; every record was read anyway.`,
              })
            }
            phase = Phase.Done
            i++
            continue
          }
          if (byte === 0x2c) {
            if (phase === Phase.BeforeItem) {
              error(
                events,
                'parse/json-invalid-record',
                `There is an extra comma at line ${line} (an empty item); it was skipped.`,
                position(line, offset + i),
              )
            }
            phase = Phase.BeforeItem
            afterComma = true
            i++
            continue
          }
          if (phase === Phase.AfterItem) {
            push(events, {
              kind: 'warning',
              code: 'parse/json-missing-comma',
              file: ctx.file,
              source: position(line, offset + i),
              reason: `A comma is missing before the item at line ${line}; the item was read anyway.`,
            })
          }
          afterComma = false
          if (claim !== undefined && byte === 0x7b && chunkValid) {
            // The entries before the item reach the consumer first: they come before it.
            if (events.length > 0) {
              yield events
              events = []
            }
            const end = claim(chunk, i, line)
            if (end !== -1) {
              const itemAt = line
              for (let lf = chunk.indexOf(10, i + 1); lf !== -1 && lf < end;) {
                line++
                lf = chunk.indexOf(10, lf + 1)
              }
              lastItemLine = itemAt
              phase = Phase.AfterItem
              i = end
              continue
            }
          }
          phase = Phase.InItem
          itemStart = i
          itemLine = line
          itemOffset = offset + i
          depth = 0
          inString = false
          escaped = false
          if (byte === 0x7b || byte === 0x5b) {
            kind = ItemKind.Container
            depth = 1
          } else if (byte === 0x22) {
            kind = ItemKind.String
            inString = true
          } else {
            kind = ItemKind.Scalar
          }
          i++
          continue
        }
        case Phase.InItem: {
          if (inString) {
            const quote = chunk.indexOf(0x22, i)
            if (quote === -1) {
              escaped = oddBackslashesBefore(chunk, i, length, escaped)
              i = length
              continue
            }
            const isEscaped = oddBackslashesBefore(chunk, i, quote, escaped)
            escaped = false
            i = quote + 1
            if (isEscaped) continue
            inString = false
            if (kind === ItemKind.String) {
              finishItem(chunk, itemStart, i, events)
              phase = Phase.AfterItem
            }
            continue
          }
          if (kind === ItemKind.Scalar) {
            const byte = chunk[i] as number
            if (byte === 0x2c || byte === 0x5d || isSpace(byte)) {
              finishItem(chunk, itemStart, i, events)
              phase = Phase.AfterItem
              continue
            }
            i++
            continue
          }
          // Container: walk structural bytes until the depth returns to zero.
          while (i < length) {
            const byte = chunk[i] as number
            i++
            if (byte === 0x22) {
              inString = true
              continue scan
            }
            if (byte === 0x7b || byte === 0x5b) depth++
            else if (byte === 0x7d || byte === 0x5d) {
              depth--
              if (depth === 0) {
                finishItem(chunk, itemStart, i, events)
                phase = Phase.AfterItem
                continue scan
              }
            } else if (byte === 10) line++
          }
          continue
        }
        case Phase.Done: {
          const byte = chunk[i] as number
          if (isSpace(byte)) {
            i++
            continue
          }
          push(events, {
            kind: 'warning',
            code: 'parse/json-trailing-content',
            file: ctx.file,
            source: position(line, offset + i),
            reason: `There is more text after the closing ] of the array (line ${line}); it was ignored.`,
          })
          phase = Phase.Stopped
          break scan
        }
        case Phase.Stopped:
          break scan
      }
    }
    if (phase === Phase.InItem) {
      // The item continues in the next read: keep its bytes (or only count them when too big).
      const piece = chunk.subarray(Math.max(itemStart, 0), length)
      if (!oversized && partsBytes + piece.length > ctx.maxRecordBytes) {
        oversized = true
        parts = []
      }
      // A copy: the caller may read the next chunk into the same buffer (see readJsonArray).
      if (!oversized) parts.push(Buffer.from(piece))
      partsBytes = oversized ? 0 : partsBytes + piece.length
    }
    offset += length
    if (events.length > 0 || sink !== undefined) yield events
    if (phase === Phase.Stopped) break
  }

  if (options.onPartEnd !== undefined) {
    options.onPartEnd(
      phase === Phase.InItem
        ? // The missing-comma warning before the item was given: read on as after a comma.
          {
            phase: 'before-item',
            afterComma: false,
            line: itemLine,
            offset: itemOffset,
            lastItemLine,
          }
        : {
            phase: PHASE_NAMES[phase],
            afterComma,
            line,
            offset,
            lastItemLine,
          },
    )
    return
  }
  const events: ParseEvent[] = []
  if (phase === Phase.InItem && kind === ItemKind.Scalar && !oversized) {
    finishItem(Buffer.alloc(0), 0, 0, events)
    phase = Phase.AfterItem
  }
  if (phase === Phase.InItem) {
    error(
      events,
      'parse/json-truncated',
      `The file ends inside the item that starts at line ${itemLine}: it looks cut off. ${lastItemLine > 0 ? `Items up to line ${lastItemLine} were read.` : 'No item before it was complete.'}`,
      position(itemLine, itemOffset),
      { fatal: true },
    )
  } else if (phase === Phase.BeforeItem || phase === Phase.AfterItem) {
    error(
      events,
      'parse/json-truncated',
      `The file ends without the closing ] of the array: it may be cut off after line ${line}. The complete items were read.`,
      position(line, offset),
      { fatal: true },
    )
  }
  if (events.length > 0) yield events
}
