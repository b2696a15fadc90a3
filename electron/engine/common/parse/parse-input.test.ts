import { gzipSync } from 'node:zlib'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseBytes } from '../../../../test/helpers/parse-helpers'
import { openSource, parseFile } from './parse-input'
import { previewSource } from '../../main/preview'
import type { ParseEvent } from './parse-types'

const NDJSON = '{"a":1}\n{"a":2}\n{"a":3}\n'

describe('openSource', () => {
  it('reads gzip by its magic bytes, whatever the name and read size', async () => {
    const gz = gzipSync(Buffer.from(NDJSON))
    for (const [name, size] of [
      ['x.ndjson.gz', 1],
      ['x.ndjson', 1024],
    ] as const) {
      const out = await parseBytes(gz, name, {}, size)
      expect(out.detected).toMatchObject({ gzip: true, format: 'ndjson' })
      expect(out.records.map((r) => r.record.a)).toEqual([1, 2, 3])
    }
    const twoMembers = Buffer.concat([gzipSync('{"a":1}\n'), gzipSync('{"a":2}\n')])
    expect((await parseBytes(twoMembers, 'm.gz')).records).toHaveLength(2)
  })

  it('reports a zero-byte gzip, an empty gzip, an empty and a blank file', async () => {
    expect((await parseBytes(Buffer.alloc(0), 'x.csv.gz')).errors[0]).toMatchObject({
      code: 'parse/gzip-empty',
      fatal: true,
    })
    expect((await parseBytes(gzipSync(Buffer.alloc(0)), 'x.gz')).errors[0]?.code).toBe(
      'parse/empty-file',
    )
    expect((await parseBytes('', 'x.csv')).errors[0]?.reason).toBe('x.csv is empty (0 bytes).')
    expect((await parseBytes(' \r\n\n ', 'x.json')).errors[0]?.code).toBe('parse/empty-file')
  })

  it('reads the records before damage in a cut-off gzip, then one clear error', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({ i, pad: 'x'.repeat(i % 50) }),
    )
    const gz = gzipSync(Buffer.from(lines.join('\n')))
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6))
    const out = await parseBytes(cut, 'cut.ndjson.gz', {}, 4096)
    expect(out.records.length).toBeGreaterThan(1000)
    expect(out.records.length).toBeLessThan(20_000)
    expect(out.records.map((r) => r.record.i)).toEqual(out.records.map((_, i) => i))
    expect(out.errors.at(-1)).toMatchObject({ code: 'parse/gzip-corrupt', fatal: true })
    expect(out.errors.at(-1)?.reason).toMatch(/damaged or cut off after line/)
  })

  it('refuses binary data with a reason', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49])
    const out = await parseBytes(png, 'image.csv')
    expect(out.detected).toBeUndefined()
    expect(out.errors).toEqual([
      expect.objectContaining({ code: 'parse/binary-file', fatal: true }),
    ])
    expect(out.errors[0]?.reason).toMatch(/image.csv is not a text file: \d+% of .* control/)
    const controls = Buffer.alloc(200, 0x01)
    expect((await parseBytes(controls, 'c.csv')).errors[0]?.reason).toMatch(/control characters/)
  })

  it('detects the format from content first, then the name, and obeys an override', async () => {
    expect((await parseBytes(NDJSON, 'records.json')).detected?.format).toBe('ndjson')
    expect((await parseBytes('[{"a":1}]', 'records.ndjson')).detected?.format).toBe('json')
    // A file named .json is JSON whatever it starts with: its damage is said, not read as CSV.
    const csvInJson = await parseBytes('a,b\n1,2\n', 'records.json')
    expect(csvInJson.detected?.format).toBe('json')
    expect(csvInJson.errors).toMatchObject([{ code: 'parse/json-not-array', fatal: true }])
    for (const text of ['"a lone string"', '1', 'true', 'x', '[1] x', '[][]']) {
      const named = await parseBytes(text, 'records.json')
      expect(named.errors.length, text).toBeGreaterThan(0)
    }
    const lines = await parseBytes('"x"\n{"a":1}\n', 'records.ndjson')
    expect(lines.detected?.format).toBe('ndjson')
    expect(lines.errors).toMatchObject([{ code: 'parse/ndjson-not-object', source: { line: 1 } }])
    expect(lines.records).toHaveLength(1)
    const chosen = await parseBytes('a,b\n1,2\n', 'records.json', { format: 'csv' })
    expect(chosen.records).toHaveLength(1)
    const broken = await parseBytes('{"a":1\n{"a":2}\n{"a":3}\n', 'x.json')
    expect(broken.detected?.format).toBe('ndjson')
    expect(broken.records).toHaveLength(2)
    const forced = await parseBytes(NDJSON, 'x.csv', { format: 'ndjson' })
    expect(forced.detected).toMatchObject({ format: 'ndjson', formatReason: 'chosen by you' })
    const utf16NoBom = Buffer.from('a,b\n1,2\n', 'utf16le')
    expect((await parseBytes(utf16NoBom, 'x.csv')).records[0]?.record).toEqual({ a: '1', b: '2' })
  })
})

describe('back-pressure and early stop', () => {
  function countingSource(totalChunks: number, chunk: Buffer) {
    const state = { pulled: 0, closed: false }
    async function* source(): AsyncGenerator<Buffer> {
      try {
        for (let i = 0; i < totalChunks; i++) {
          state.pulled++
          yield chunk
        }
      } finally {
        state.closed = true
      }
    }
    return { state, source: source() }
  }

  it('reads only as far as the consumer has asked', async () => {
    const lines = Buffer.from('{"a":1}\n'.repeat(2048)) // 16 KB per read
    const { state, source } = countingSource(1000, lines)
    const opened = await openSource(source, 'big.ndjson')
    const iterator = opened.batches[Symbol.asyncIterator]()
    await iterator.next()
    await iterator.next()
    // 64 KB of look-ahead for detection, plus the reads handed out so far.
    expect(state.pulled).toBeLessThanOrEqual(6)
    await iterator.return?.()
    expect(state.closed).toBe(true)
  })

  it('a preview stops reading (and closes the source) once it has its records', async () => {
    const { state, source } = countingSource(1000, Buffer.from('{"a":1}\n'.repeat(2048)))
    const preview = await previewSource(source, 'big.ndjson', { limit: 10 })
    expect(preview.records).toHaveLength(10)
    expect(preview.truncated).toBe(true)
    expect(state.pulled).toBeLessThanOrEqual(5)
    expect(state.closed).toBe(true)
  })
})

describe('parseFile', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logdrop-parse-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  async function all(path: string): Promise<ParseEvent[]> {
    const events: ParseEvent[] = []
    for await (const event of parseFile(path)) events.push(event)
    return events
  }

  it('reads a file from disk', async () => {
    const path = join(dir, 'ok.ndjson')
    await writeFile(path, NDJSON)
    expect((await all(path)).map((e) => e.kind)).toEqual(['record', 'record', 'record'])
  })

  it('turns a missing file or a folder into one fatal event', async () => {
    const missing = await all(join(dir, 'nope.csv'))
    expect(missing).toEqual([
      expect.objectContaining({ code: 'parse/file-missing', fatal: true, file: 'nope.csv' }),
    ])
    expect((missing[0] as { reason: string }).reason).toMatch(/does not exist/)
    expect(await all(dir)).toEqual([
      expect.objectContaining({
        code: 'parse/file-is-folder',
        reason: expect.stringMatching(/folder/),
      }),
    ])
  })
})
