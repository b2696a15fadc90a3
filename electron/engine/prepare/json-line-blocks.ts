import {
  ARRAY_START,
  readJsonArray,
  type JsonArrayState,
  type JsonItemSink,
} from '../parse/json-array-reader'
import type { ReaderContext } from '../parse/parse-types'
import type { BlockFormat } from './prepare-protocol'

/**
 * JSON arrays written one item per line (the common log layout) take the NDJSON path's cheap
 * cut: blocks end after a line break, and each helper scans its own block from the state the
 * upload worker expects there (between items; a line break is never inside a JSON string).
 * Nothing trusts that guess: each block reports the state it ended in, and a block whose start
 * does not match its predecessor's end is thrown away with everything after it, and the file
 * is read on from the last state that held, by the sequential scanner (`JsonBlockChain`).
 */

/** Bytes of a JSON array looked at to decide whether its items come one per line. */
const SNIFF_BYTES = 1024 * 1024

/**
 * True when, in the first MiB, there are at least two items, no item spans a line break and
 * no two items share a line: cutting after line breaks will then meet items' edges.
 */
export async function itemsOnePerLine(
  chunks: AsyncIterable<Buffer>,
  ctx: ReaderContext,
): Promise<boolean> {
  let items = 0
  let previousLine = 0
  let onePerLine = true
  const sink: JsonItemSink = {
    item: (bytes, start, end, line) => {
      const lf = bytes.indexOf(10, start)
      if (line <= previousLine || (lf !== -1 && lf < end)) onePerLine = false
      previousLine = line
      items++
    },
    event: () => undefined,
  }
  let seen = 0
  async function* head(): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      yield chunk
      seen += chunk.length
      if (seen >= SNIFF_BYTES || !onePerLine) return
    }
  }
  for await (const batch of readJsonArray(head(), ctx, { sink })) void batch
  return onePerLine && items >= 2
}

function isSpace(byte: number): boolean {
  return byte === 32 || byte === 10 || byte === 13 || byte === 9
}

/**
 * The format of a block cut after a line break (`first`: the start of the text): the state
 * the scanner is expected to be in there, judged by the first byte that is not whitespace.
 * An item or `]` after a comma-ended line, a comma after an item-ended line; a block of only
 * whitespace is expected after the closing `]`.
 */
export function jsonLineFormat(
  bytes: Uint8Array,
  line: number,
  offset: number,
  first: boolean,
): Extract<BlockFormat, { kind: 'json' }> {
  if (first) return { kind: 'json', from: { ...ARRAY_START, line, offset } }
  let at = 0
  while (at < bytes.length && isSpace(bytes[at] as number)) at++
  const next = bytes[at]
  const phase =
    next === undefined ? 'done' : next === 0x2c || next === 0x5d ? 'after-item' : 'before-item'
  return {
    kind: 'json',
    from: { phase, afterComma: phase === 'before-item', line, offset, lastItemLine: 0 },
  }
}

/**
 * Follows the blocks of a JSON array in file order: each must start in the state the one
 * before it ended in. When one does not, or the last ends before the array does, `resumeFrom`
 * is where the sequential scanner reads on (it also gives the end-of-file errors).
 */
export class JsonBlockChain {
  private state: JsonArrayState = ARRAY_START
  private broken = false

  /** Whether a block read from `from` that ended in `end` follows on; false from then on. */
  follows(from: JsonArrayState, end: JsonArrayState | undefined): boolean {
    if (this.broken || end === undefined || !sameState(this.state, from)) {
      this.broken = true
      return false
    }
    this.state = { ...end, lastItemLine: end.lastItemLine || this.state.lastItemLine }
    return true
  }

  /** Where to read on after the blocks that followed; undefined when they held the array. */
  get resumeFrom(): JsonArrayState | undefined {
    const { phase } = this.state
    if (phase === 'stopped') return undefined
    return this.broken || phase !== 'done' ? this.state : undefined
  }
}

/** The same place and phase; whether a comma came last matters only before an item. */
function sameState(a: JsonArrayState, b: JsonArrayState): boolean {
  return (
    a.phase === b.phase &&
    (a.phase !== 'before-item' || a.afterComma === b.afterComma) &&
    a.line === b.line &&
    a.offset === b.offset
  )
}
