import { describe, expect, it } from 'vitest'
import {
  arrayBytes,
  chunkBody,
  Chunker,
  DEFAULT_MAX_CHUNK_BYTES,
  makeChunk,
  splitChunk,
  type Chunk,
  type RecordTooLarge,
} from './chunker'

/** A record of exactly `size` bytes of JSON: {"s":"xxx…"}. */
function recordOf(size: number, filler = 'x'): Buffer {
  const overhead = Buffer.byteLength('{"s":""}')
  const unit = Buffer.byteLength(filler)
  const text = `{"s":"${filler.repeat(Math.floor((size - overhead) / unit))}${'y'.repeat((size - overhead) % unit)}"}`
  const bytes = Buffer.from(text)
  expect(bytes.length).toBe(size)
  return bytes
}

function pack(records: Buffer[], maxBytes?: number) {
  const chunker = new Chunker<number>(maxBytes === undefined ? {} : { maxBytes })
  const chunks: Chunk<number>[] = []
  const rejected: RecordTooLarge<number>[] = []
  records.forEach((record, index) => {
    const out = chunker.add(record, index)
    if (out?.kind === 'chunk') chunks.push(out)
    if (out?.kind === 'too-large') rejected.push(out)
  })
  const last = chunker.flush()
  if (last !== undefined) chunks.push(last)
  return { chunks, rejected }
}

function expectValidBodies(chunks: Chunk<number>[], maxBytes: number) {
  for (const chunk of chunks) {
    const body = chunkBody(chunk)
    expect(body.length).toBe(chunk.bytes)
    expect(body.length).toBeLessThanOrEqual(maxBytes)
    expect(JSON.parse(body.toString('utf8'))).toHaveLength(chunk.records.length)
  }
}

describe('Chunker', () => {
  it('makes no chunk from no records', () => {
    expect(pack([])).toEqual({ chunks: [], rejected: [] })
    expect(arrayBytes(0, 0)).toBe(2)
  })

  it('fills a chunk to exactly the limit, and starts a new one one byte over', () => {
    // The service's cap: 2 + 524,286 + 524,287 + 1 comma = 1,048,576 bytes exactly.
    expect(DEFAULT_MAX_CHUNK_BYTES).toBe(1_048_576)
    const fit = pack([recordOf(524_286), recordOf(524_287)])
    expect(fit.chunks).toHaveLength(1)
    expect(fit.chunks[0]?.bytes).toBe(DEFAULT_MAX_CHUNK_BYTES)
    expectValidBodies(fit.chunks, DEFAULT_MAX_CHUNK_BYTES)

    const over = pack([recordOf(499_998), recordOf(500_000)], 1_000_000)
    expect(over.chunks.map((c) => c.records.length)).toEqual([1, 1])
    expect(over.chunks.map((c) => c.bytes)).toEqual([500_000, 500_002])
  })

  it('accepts one record of exactly limit − 2 bytes and rejects limit − 1', () => {
    const fits = pack([recordOf(999_998)], 1_000_000)
    expect(fits.chunks).toHaveLength(1)
    expect(fits.chunks[0]?.bytes).toBe(1_000_000)
    const tooBig = pack([recordOf(10), recordOf(999_999), recordOf(10)], 1_000_000)
    expect(tooBig.rejected).toHaveLength(1)
    expect(tooBig.rejected[0]).toMatchObject({ ref: 1, bytes: 999_999 })
    expect(tooBig.rejected[0]?.reason).toMatch(/999999 bytes.*at most 1000000/)
    expect(tooBig.chunks.flatMap((c) => c.refs)).toEqual([0, 2])
  })

  it('packs many tiny records without losing or reordering any', () => {
    const records = Array.from({ length: 150_000 }, (_, i) => Buffer.from(`{"i":${i}}`))
    const { chunks, rejected } = pack(records)
    expect(rejected).toEqual([])
    expect(chunks.flatMap((c) => c.refs)).toEqual(records.map((_, i) => i))
    expect(chunks.length).toBeGreaterThan(1)
    expectValidBodies(chunks, DEFAULT_MAX_CHUNK_BYTES)
    // Every chunk but the last is full enough that the next record would not fit.
    for (let i = 0; i < chunks.length - 1; i++) {
      const next = records[chunks[i + 1]?.refs[0] as number] as Buffer
      expect((chunks[i]?.bytes ?? 0) + next.length + 1).toBeGreaterThan(DEFAULT_MAX_CHUNK_BYTES)
    }
  })

  it('counts multi-byte UTF-8 in bytes, not characters', () => {
    const euro = recordOf(349_526, '€') // 3 bytes per character
    expect(euro.toString('utf8').length).toBeLessThan(euro.length)
    const { chunks } = pack([euro, euro, euro])
    expect(chunks.map((c) => c.records.length)).toEqual([2, 1])
    expectValidBodies(chunks, DEFAULT_MAX_CHUNK_BYTES)
  })

  it('honours a custom limit', () => {
    const { chunks } = pack([Buffer.from('{}'), Buffer.from('{}'), Buffer.from('{}')], 7)
    expect(chunks.map((c) => chunkBody(c).toString())).toEqual(['[{},{}]', '[{}]'])
    expect(() => new Chunker({ maxBytes: 2 })).toThrow(RangeError)
  })
})

describe('splitChunk', () => {
  it('halves by bytes until single records remain', () => {
    const records = [recordOf(100), recordOf(100), recordOf(400), recordOf(100)]
    const chunk = makeChunk(records, [0, 1, 2, 3])
    const halves = splitChunk(chunk)
    expect(halves?.map((c) => c.refs)).toEqual([
      [0, 1],
      [2, 3],
    ])
    const queue: Chunk<number>[] = [chunk]
    const singles: number[] = []
    while (queue.length > 0) {
      const next = queue.shift() as Chunk<number>
      const split = splitChunk(next)
      if (split === undefined) singles.push(...next.refs)
      else queue.push(...split)
    }
    expect(singles.sort()).toEqual([0, 1, 2, 3])
  })

  it('never leaves a half empty, and keeps exact byte counts', () => {
    const chunk = makeChunk([recordOf(1000), recordOf(10)], ['a', 'b'])
    const [first, second] = splitChunk(chunk) ?? []
    expect(first?.refs).toEqual(['a'])
    expect(second?.refs).toEqual(['b'])
    expect(chunkBody(first as Chunk<string>).length).toBe(first?.bytes)
    expect(splitChunk(makeChunk([recordOf(10)], ['x']))).toBeUndefined()
  })
})
