import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_UPLOAD_OPTIONS, type JobDefinition } from '../../../shared/models/upload-job'
import { afterLastNewline } from './block-splitter'
import { fileBlocks } from './file-blocks'
import { PreparePool } from '../worker/blocks/prepare-pool'
import { SharedSlots } from './shared-slots'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-slots-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('SharedSlots', () => {
  it('hands out each slot once, reuses the last released first, and ignores other buffers', () => {
    const slots = SharedSlots.create(3, 1024)
    const a = slots.take(100)
    const b = slots.take()
    const c = slots.take(1024)
    expect([a?.length, b?.length, c?.length]).toEqual([100, 1024, 1024])
    expect(slots.take()).toBeUndefined()
    expect(slots.available).toBe(0)
    slots.release(b as Buffer)
    slots.release(b as Buffer)
    slots.release(Buffer.alloc(10))
    expect(slots.available).toBe(1)
    expect(slots.refOf(slots.take(7) as Buffer)).toEqual(slots.refOf((b as Buffer).subarray(0, 7)))
  })

  it('refuses a buffer larger than a slot, so the caller allocates one', () => {
    const slots = SharedSlots.create(2, 1024)
    expect(slots.take(1025)).toBeUndefined()
    expect(slots.available).toBe(2)
  })

  it('shows another thread the same bytes through the memory and a slot reference', () => {
    const owner = SharedSlots.create(2, 64)
    const helper = SharedSlots.attach(owner.shared)
    const taken = owner.take() as Buffer
    taken.write('hello', 'utf8')
    const ref = owner.refOf(taken.subarray(0, 5))
    expect(ref).toEqual({ slot: 0, length: 5 })
    expect(helper.bytes(ref as { slot: number; length: number }).toString()).toBe('hello')
    helper.view(0).write('HE', 'utf8')
    expect(taken.subarray(0, 5).toString()).toBe('HEllo')
    expect(owner.refOf(taken.subarray(1, 5))).toBeUndefined()
  })
})

describe('fileBlocks with shared slots', () => {
  it('reads into slots, gives back the ones a long line outgrew, and holds the same bytes', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ n: i, long: i === 1200 ? 'x'.repeat(200_000) : 'y'.repeat(i % 50) }),
    )
    const text = Buffer.from(lines.join('\n'))
    const path = join(dir, 'lines.ndjson')
    await writeFile(path, text)
    const slots = SharedSlots.create(8, 96 * 1024)
    const parts: Buffer[] = []
    let inSlots = 0
    for await (const block of fileBlocks(path, {
      start: 0,
      targetBytes: 16 * 1024,
      maxBlockBytes: 1024 * 1024,
      findCut: afterLastNewline,
      buffers: { take: (bytes) => slots.take(bytes), release: (buffer) => slots.release(buffer) },
    })) {
      parts.push(Buffer.from(block.bytes))
      if (slots.refOf(block.bytes) !== undefined) inSlots++
      // The consumer gives each block's slot back once it is done with it.
      slots.release(block.bytes)
    }
    expect(Buffer.concat(parts).equals(text)).toBe(true)
    expect(inSlots).toBeGreaterThan(parts.length / 2)
    expect(parts.length - inSlots).toBeGreaterThan(0)
    expect(slots.available).toBe(8)
  })
})

describe('PreparePool with shared slots', () => {
  const job: JobDefinition = {
    version: 2,
    jobId: 'job-1',
    createdAt: '2026-11-25T00:00:00.000Z',
    files: [{ path: '/data/a.ndjson', size: 1, mtimeMs: 0, mapping: null }],
    target: { endpoint: 'https://dce.example', dcrImmutableId: 'dcr-1', streamName: 'Custom-X' },
    mappings: [],
    options: DEFAULT_UPLOAD_OPTIONS,
  }

  it('writes records into a slot, frees the input slot, and leaves the output to the consumer', async () => {
    const slots = SharedSlots.create(8, 64 * 1024)
    const pool = new PreparePool(job, [], { slots })
    const texts = ['{"a":1}\n{"a":2}\n', '{"b":"x"}\nnot json\n', '{"c":[1,2]}\n']
    async function* inputs() {
      for (const text of texts) {
        const bytes = slots.take(text.length) as Buffer
        bytes.write(text, 'utf8')
        yield { fileIndex: 0, bytes, format: { kind: 'ndjson' } as const, firstLine: 1, offset: 0 }
      }
    }
    const records: string[] = []
    for await (const { block } of pool.prepare(inputs())) {
      expect(slots.refOf(block.data)).toBeDefined()
      for (let j = 0; j < block.ends.length; j++) {
        const start = j === 0 ? 0 : (block.ends[j - 1] as number)
        records.push(Buffer.from(block.data.subarray(start, block.ends[j])).toString())
      }
      slots.release(block.data)
    }
    expect(records).toEqual(['{"a":1}', '{"a":2}', '{"b":"x"}', '{"c":[1,2]}'])
    expect(slots.available).toBe(8)
    await pool.close()
  })

  it('gives the output slot back when the records outgrow it', async () => {
    const slots = SharedSlots.create(2, 2048)
    const pool = new PreparePool(job, [], { slots })
    const text = `${JSON.stringify({ v: 'z'.repeat(1500) })}\n`
    async function* inputs() {
      yield {
        fileIndex: 0,
        bytes: Buffer.from(text),
        format: { kind: 'ndjson' } as const,
        firstLine: 1,
        offset: 0,
      }
    }
    for await (const { block } of pool.prepare(inputs())) {
      expect(slots.refOf(block.data)).toBeUndefined()
      expect(Buffer.from(block.data).toString()).toBe(text.trim())
    }
    expect(slots.available).toBe(2)
  })
})
