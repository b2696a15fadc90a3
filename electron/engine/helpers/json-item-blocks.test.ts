import { describe, expect, it } from 'vitest'
import { readJsonArray } from '../common/parse/json-array-reader'
import type { ParseEvent } from '../common/parse/parse-types'
import { jsonItemBlocks } from './json-item-blocks'
import { readItemBlock } from './read-item-block'

const ctx = { file: 'items.json', maxRecordBytes: 1_000_000, reportOffsets: true }

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

/** The same chunks, each read into one reused buffer (as reusedFileChunks does). */
async function* reusedChunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.alloc(size)
  for (let i = 0; i < bytes.length; i += size) {
    const length = bytes.copy(buffer, 0, i, i + size)
    yield buffer.subarray(0, length)
    // Whatever a reader kept of this chunk would now read as garbage.
    buffer.fill(0x7b)
  }
}

async function sequential(bytes: Buffer, size: number): Promise<ParseEvent[]> {
  const events: ParseEvent[] = []
  for await (const batch of readJsonArray(chunksOf(bytes, size), ctx)) events.push(...batch)
  return events
}

/** Scanner on one side, items parsed from the blocks on the other, as the parallel path does. */
async function viaBlocks(bytes: Buffer, size: number, reused = false): Promise<ParseEvent[]> {
  const warnings: ParseEvent[] = []
  const entries: ParseEvent[] = []
  const chunks = reused ? reusedChunksOf(bytes, size) : chunksOf(bytes, size)
  for await (const block of jsonItemBlocks(chunks, ctx, (w) => warnings.push(w))) {
    for await (const batch of readItemBlock(block.bytes, ctx.file, block.format)) {
      entries.push(...batch)
    }
  }
  return [...entries, ...warnings]
}

const byKind = (events: ParseEvent[]) => ({
  entries: events.filter((e) => e.kind !== 'warning' || e.code === 'parse/invalid-utf8'),
  warnings: events.filter((e) => e.kind === 'warning' && e.code !== 'parse/invalid-utf8'),
})

describe('JSON item blocks', () => {
  it('give the same entries, in the same order and places, as the sequential reader', async () => {
    const items = Array.from({ length: 3000 }, (_, i) =>
      i % 40 === 0
        ? JSON.stringify({ i, s: 'pretty ✓' }, null, 2)
        : JSON.stringify({ i, s: `q"]},{${i}` }),
    )
    items[100] = '"a string"'
    items[200] = '{"broken": }'
    items[300] = '[1, 2]'
    const text = items.map((item, i) =>
      i === 500 ? `${item},,` : i === 600 ? `${item} ` : `${item},`,
    )
    const bytes = Buffer.concat([
      Buffer.from(`[\n${text.join('\n').replace(/,$/, '')}\n`),
      Buffer.from([0xff]),
      Buffer.from('{"bad utf8": "x"}\n'),
    ])
    for (const size of [7, 4096, 1 << 20]) {
      const expected = byKind(await sequential(bytes, size))
      const actual = byKind(await viaBlocks(bytes, size))
      expect(actual.entries).toEqual(expected.entries)
      expect(actual.warnings).toEqual(expected.warnings)
      // Read into one buffer over and over, as the parallel path reads plain files.
      expect(byKind(await viaBlocks(bytes, size, true))).toEqual(actual)
      expect(expected.entries.filter((e) => e.kind === 'error').length).toBeGreaterThanOrEqual(4)
    }
  })
})
