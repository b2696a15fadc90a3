import { describe, expect, it } from 'vitest'
import { splitIntoBlocks } from './block-splitter'

async function* chunksOf(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text)
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

async function blocks(text: string, chunk: number, target: number, max?: number) {
  const out: Array<{ text: string; offset: number }> = []
  for await (const block of splitIntoBlocks(chunksOf(text, chunk), target, max)) {
    out.push({ text: block.bytes.toString(), offset: block.offset })
  }
  return out
}

describe('splitIntoBlocks', () => {
  it('cuts after newlines once a block is big enough, keeping every byte in order', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `{"n":${i},"é":"✓"}`)
    const text = `${lines.join('\n')}\n`
    for (const chunk of [1, 3, 7, 64, 500]) {
      const out = await blocks(text, chunk, 40)
      expect(out.map((b) => b.text).join('')).toBe(text)
      for (const block of out.slice(0, -1)) expect(block.text.endsWith('\n')).toBe(true)
      let offset = 0
      for (const block of out) {
        expect(block.offset).toBe(offset)
        offset += Buffer.byteLength(block.text)
      }
      expect(out.length).toBeGreaterThan(1)
    }
  })

  it('keeps a last line without a newline, and a CRLF file whole per line', async () => {
    expect((await blocks('{"a":1}\r\n{"a":2}', 4, 5)).map((b) => b.text)).toEqual([
      '{"a":1}\r\n',
      '{"a":2}',
    ])
  })

  it('passes a huge line on in bounded pieces', async () => {
    const text = `${'x'.repeat(100)}\n{"ok":1}\n`
    const out = await blocks(text, 10, 5, 30)
    expect(out.map((b) => b.text).join('')).toBe(text)
    expect(Math.max(...out.map((b) => b.text.length))).toBeLessThanOrEqual(40)
  })

  it('yields nothing for empty input', async () => {
    expect(await blocks('', 10, 5)).toEqual([])
  })
})
