import { describe, expect, it } from 'vitest'
import {
  batchBody,
  batchRanges,
  batchSize,
  BatchPacker,
  originRanges,
  splitBatch,
} from './request-batch'

let ids = 0
const nextId = () => `id-${++ids}`
const origin = (ordinal: number, fileIndex = 0) => ({ fileIndex, ordinal, line: ordinal + 1 })
const rec = (text: string) => Buffer.from(text)

describe('BatchPacker', () => {
  it('fills a request up to exactly the limit, brackets and commas counted, and names it', () => {
    // Two 4-byte records: ["aa","bb"] is 11 bytes.
    const packer = new BatchPacker('r1-', nextId, 11)
    expect(packer.add(rec('"aa"'), origin(0))).toBeUndefined()
    expect(packer.add(rec('"bb"'), origin(1))).toBeUndefined()
    const full = packer.add(rec('"cc"'), origin(2))
    expect(full?.kind).toBe('batch')
    const batch = full?.kind === 'batch' ? full.batch : undefined
    expect(batch?.id).toBe('r1-0')
    expect(batchBody(batch!).toString()).toBe('["aa","bb"]')
    const rest = packer.take()
    expect(rest?.id).toBe('r1-1')
    expect(rest?.clientRequestId).not.toBe(batch?.clientRequestId)
    expect(packer.take()).toBeUndefined()
  })

  it('refuses a record that cannot fit alone', () => {
    const packer = new BatchPacker('r1-', nextId, 10)
    expect(packer.add(rec('"123456"'), origin(0))).toBeUndefined()
    expect(packer.add(rec('"1234567"'), origin(1))?.kind).toBe('too-large')
  })
})

describe('splitBatch and batchRanges', () => {
  it('halves a batch in order, with new ids, and describes each half as ranges', () => {
    const packer = new BatchPacker('r1-', nextId, 1000)
    ;['{"a":1}', '{"a":22}', '{"a":333}', '{"a":4444}'].forEach((text, i) =>
      packer.add(rec(text), origin(i + 5)),
    )
    const batch = packer.take()!
    const [left, right] = splitBatch(batch, nextId)!
    expect(batchSize(left) + batchSize(right)).toBe(4)
    expect(JSON.parse(batchBody(left).toString())).toEqual([{ a: 1 }, { a: 22 }])
    expect(left.id).toBe(`${batch.id}.0`)
    expect(right.id).toBe(`${batch.id}.1`)
    expect(left.clientRequestId).not.toBe(batch.clientRequestId)
    expect(batchRanges(left)).toEqual([[0, 5, 6]])
    expect(batchRanges(right)).toEqual([[0, 7, 8]])
    const single = new BatchPacker('r2-', nextId, 1000)
    single.add(rec('{}'), origin(0))
    expect(splitBatch(single.take()!, nextId)).toBeUndefined()
  })

  it('describes records across files and gaps as ranges', () => {
    const packer = new BatchPacker('r1-', nextId, 1000)
    for (const [file, ordinal] of [
      [0, 1],
      [0, 2],
      [0, 4],
      [1, 0],
      [1, 1],
    ] as const) {
      packer.add(rec('{}'), origin(ordinal, file))
    }
    expect(batchRanges(packer.take()!)).toEqual([
      [0, 1, 2],
      [0, 4, 4],
      [1, 0, 1],
    ])
  })
})

describe('originRanges', () => {
  it('compresses consecutive ordinals per file into inclusive ranges', () => {
    expect(originRanges([origin(0), origin(1), origin(2), origin(5), origin(0, 1)])).toEqual([
      [0, 0, 2],
      [0, 5, 5],
      [1, 0, 0],
    ])
    expect(originRanges([])).toEqual([])
  })
})
