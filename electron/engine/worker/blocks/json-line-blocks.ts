import {
  ARRAY_START,
  readJsonArray,
  type JsonArrayState,
  type JsonItemSink,
} from '../../common/parse/json-array-reader'
import type { ReaderContext } from '../../common/parse/parse-types'
import { afterLastNewline, type CutFinder } from '../../helpers/block-splitter'
import { isWhitespace } from '../../common/parse/json-scanner'
import type { BlockFormat } from '../../helpers/prepare-protocol'

/**
 * JSON arrays written one item per line (the common log layout), or pretty-printed with their
 * items at one indent, take the NDJSON path's cheap cut: blocks end after a line break (before
 * an item's line, when items span lines), and each helper scans its own block from the state
 * the upload worker expects there (between items; a line break is never inside a JSON string).
 * Nothing trusts that guess: each block reports the state it ended in, and a block whose start
 * does not match its predecessor's end is thrown away with everything after it, and the file
 * is read on from the last state that held, by the sequential scanner (`JsonBlockChain`).
 */

/** Bytes of a JSON array looked at to decide how its items are laid out. */
const SNIFF_BYTES = 1024 * 1024

/**
 * Where blocks of a JSON array may be cut: after any line break (one item per line), or only
 * before a line that starts an item: the items' indent, then `{` (pretty-printed arrays, whose
 * items span lines).
 */
export type JsonLineCut =
  { readonly kind: 'any' } | { readonly kind: 'item'; readonly indent: string }

/**
 * How the items of a JSON array are laid out in its first MiB, when line-break cuts will meet
 * their edges: at least two items, no two on one line, each the first thing on its line. Items
 * that all fit on their line allow a cut after any line break; otherwise all must start at
 * the same indent, and a cut goes before a line that starts with it and `{`. Undefined when
 * neither holds (all on one line, items sharing lines, mixed indents).
 */
export async function jsonLineCut(
  chunks: AsyncIterable<Buffer>,
  ctx: ReaderContext,
): Promise<JsonLineCut | undefined> {
  const head: Buffer[] = []
  let seen = 0
  const starts: number[] = []
  let previousLine = 0
  let oneLine = true
  let fits = true
  const sink: JsonItemSink = {
    item: (bytes, start, end, line, offset) => {
      const lf = bytes.indexOf(10, start)
      if (lf !== -1 && lf < end) oneLine = false
      if (line <= previousLine) fits = false
      previousLine = line
      starts.push(offset)
    },
    event: () => undefined,
  }
  async function* sniffed(): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      // A copy: a reader may reuse its buffer for the next chunk.
      head.push(Buffer.from(chunk))
      seen += chunk.length
      yield chunk
      if (seen >= SNIFF_BYTES || !fits) return
    }
  }
  for await (const batch of readJsonArray(sniffed(), ctx, { sink })) void batch
  if (!fits || starts.length < 2) return undefined
  if (oneLine) return { kind: 'any' }
  const text = Buffer.concat(head)
  let indent: string | undefined
  for (const start of starts) {
    const lineStart = text.lastIndexOf(10, start - 1) + 1
    const before = text.toString('latin1', lineStart, start)
    if (/[^ \t]/.test(before) || text[start] !== 0x7b) return undefined
    if (indent !== undefined && before !== indent) return undefined
    indent = before
  }
  return indent === undefined ? undefined : { kind: 'item', indent }
}

/**
 * After a comma that starts the next line when there is one: an item ends only at its
 * separator, so a block that ended before that comma would leave its last item unfinished.
 */
const afterLineAndComma: CutFinder = (chunk) => {
  const at = afterLastNewline(chunk)
  return at !== -1 && chunk[at] === 0x2c ? at + 1 : at
}

/**
 * Cuts after the last line break in a piece, or the comma starting the line after it
 * (`any`), or before its last item line (`item`).
 */
export function jsonCutFinder(cut: JsonLineCut): CutFinder {
  if (cut.kind === 'any') return afterLineAndComma
  const itemLine = Buffer.from(`\n${cut.indent}{`, 'latin1')
  return (chunk) => {
    const at = chunk.lastIndexOf(itemLine)
    return at === -1 ? -1 : at + 1
  }
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
  while (at < bytes.length && isWhitespace(bytes[at])) at++
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
