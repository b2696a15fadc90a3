import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { afterLastNewline, splitIntoBlocks, type CutFinder } from './block-splitter'
import { CsvRowScanner } from '../worker/blocks/csv-row-scanner'
import { fileBlocks } from './file-blocks'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-file-blocks-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function collect(blocks: AsyncIterable<{ bytes: Buffer; offset: number }>) {
  const out: Array<{ bytes: Buffer; offset: number }> = []
  for await (const block of blocks)
    out.push({ bytes: Buffer.from(block.bytes), offset: block.offset })
  return out
}

/** The block ends a fresh scanner fed the whole text in one piece would allow: every row end. */
function csvRowEnds(text: Buffer): Set<number> {
  const ends = new Set<number>()
  const scanner = new CsvRowScanner(44, '\r\n')
  for (let i = 0; i < text.length; i++) {
    const cut = scanner.scan(text.subarray(i, i + 1))
    if (cut !== -1) ends.add(i + cut)
  }
  return ends
}

describe('fileBlocks', () => {
  it('holds the file from its start in blocks that end after a newline, with their offsets', async () => {
    const lines = Array.from({ length: 4000 }, (_, i) =>
      JSON.stringify({
        n: i,
        text: 'é✓'.repeat(i % 97),
        long: i === 1500 ? 'x'.repeat(300_000) : '',
      }),
    )
    const text = Buffer.from(`\uFEFF${lines.join('\n')}`)
    const path = join(dir, 'lines.ndjson')
    await writeFile(path, text)
    let disk = 0
    const blocks = await collect(
      fileBlocks(path, {
        start: 3,
        targetBytes: 64 * 1024,
        maxBlockBytes: 1024 * 1024,
        findCut: afterLastNewline,
        onDiskBytes: (bytes) => (disk += bytes),
      }),
    )
    expect(Buffer.concat(blocks.map((b) => b.bytes)).equals(text.subarray(3))).toBe(true)
    expect(disk).toBe(text.length - 3)
    let offset = 0
    for (const block of blocks) {
      expect(block.offset).toBe(offset)
      offset += block.bytes.length
    }
    for (const block of blocks.slice(0, -1)) expect(block.bytes[block.bytes.length - 1]).toBe(10)
    expect(blocks.length).toBeGreaterThan(5)
    // The same text as splitIntoBlocks gives from the same bytes.
    async function* whole(): AsyncGenerator<Buffer> {
      yield text.subarray(3)
    }
    const split = await collect(splitIntoBlocks(whole(), 64 * 1024, 1024 * 1024))
    expect(
      Buffer.concat(split.map((b) => b.bytes)).equals(Buffer.concat(blocks.map((b) => b.bytes))),
    ).toBe(true)
  })

  it('cuts CSV only at row ends, with quoted line breaks inside blocks', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      i % 7 === 0
        ? `${i},"a ""quoted""\r\nline ${'z'.repeat(i % 300)}",x`
        : `${i},plain ${'y'.repeat(i % 200)},x`,
    )
    const text = Buffer.from(`${rows.join('\r\n')}\r\n`)
    const path = join(dir, 'rows.csv')
    await writeFile(path, text)
    const scanner = new CsvRowScanner(44, '\r\n')
    const findCut: CutFinder = (chunk) => scanner.scan(chunk)
    const blocks = await collect(
      fileBlocks(path, { start: 0, targetBytes: 16 * 1024, maxBlockBytes: 1024 * 1024, findCut }),
    )
    expect(Buffer.concat(blocks.map((b) => b.bytes)).equals(text)).toBe(true)
    const ends = csvRowEnds(text)
    for (const block of blocks) expect(ends.has(block.offset + block.bytes.length)).toBe(true)
    expect(blocks.length).toBeGreaterThan(3)
  })

  it('passes on a record longer than the largest block in pieces of about that size', async () => {
    const text = Buffer.from(`${'x'.repeat(200_000)}\n{"a":1}\n`)
    const path = join(dir, 'long.ndjson')
    await writeFile(path, text)
    const blocks = await collect(
      fileBlocks(path, {
        start: 0,
        targetBytes: 1000,
        maxBlockBytes: 50_000,
        findCut: afterLastNewline,
      }),
    )
    expect(Buffer.concat(blocks.map((b) => b.bytes)).equals(text)).toBe(true)
    for (const block of blocks) expect(block.bytes.length).toBeLessThanOrEqual(100_000)
  })

  it('stops when its signal is aborted', async () => {
    const path = join(dir, 'abort.ndjson')
    await writeFile(path, '{"a":1}\n'.repeat(100_000))
    const controller = new AbortController()
    const blocks = fileBlocks(path, {
      start: 0,
      targetBytes: 1000,
      maxBlockBytes: 1_000_000,
      findCut: afterLastNewline,
      signal: controller.signal,
    })
    const read = async () => {
      let seen = 0
      for await (const block of blocks) {
        seen += block.bytes.length
        controller.abort()
      }
      return seen
    }
    await expect(read()).rejects.toThrow()
  })
})
