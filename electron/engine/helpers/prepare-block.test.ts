import { describe, expect, it } from 'vitest'
import { compileMapping } from '../../../shared/mapping/compile-mapping'
import { parseMapping } from '../../../shared/mapping/mapping-schema'
import { sendAsIs } from '../common/source/source-types'
import { countLines, prepareBlock } from './prepare-block'

const NOW = Date.parse('2025-06-01T12:00:00Z')

function mapper() {
  const parsed = parseMapping({
    version: 1,
    stream: 'Custom-X',
    columns: {
      TimeGenerated: { source: { kind: 'field', path: 't' }, type: 'datetime' },
      Level: { source: { kind: 'field', path: 'l' }, type: 'int' },
    },
  })
  if (!parsed.ok) throw new Error('mapping')
  const compiled = compileMapping(parsed.mapping, [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Level', type: 'int' },
  ])
  if (!compiled.ok) throw new Error('compile')
  return compiled.compiled.map
}

describe('prepareBlock', () => {
  it('parses, maps and serialises a block, keeping entry indexes and lines of every outcome', async () => {
    const text = [
      '{"t":"2025-06-01T11:00:00Z","l":1,"extra":true}',
      '',
      '{"t":"2025-06-01T11:00:01Z","l":"x"}',
      '{broken',
      '{"t":"2025-06-01T11:00:02Z","l":3}\r',
      '{"t":"2025-06-01T11:00:03Z","l":4}',
    ].join('\n')
    const block = await prepareBlock(Buffer.from(text), {
      file: 'f.ndjson',
      mapper: mapper(),
      nowMs: NOW,
      maxRecordBytes: 1_000_000,
      maxRequestBytes: 1_000_000,
    })
    expect(block.entries).toBe(5)
    expect(countLines(Buffer.from(text), { kind: 'ndjson' })).toBe(5)
    expect([...block.indexes]).toEqual([0, 3, 4])
    expect([...block.lines]).toEqual([1, 5, 6])
    const records: unknown[] = []
    let start = 0
    for (const end of block.ends) {
      records.push(JSON.parse(Buffer.from(block.data.subarray(start, end)).toString()))
      start = end
    }
    expect(records).toEqual([
      { TimeGenerated: '2025-06-01T11:00:00.000Z', Level: 1 },
      { TimeGenerated: '2025-06-01T11:00:02.000Z', Level: 3 },
      { TimeGenerated: '2025-06-01T11:00:03.000Z', Level: 4 },
    ])
    expect(block.failures.map((f) => [f.index, f.line, f.cause])).toEqual([
      [1, 3, 'validation'],
      [2, 4, 'parse'],
    ])
    expect(block.failures[0]?.source).toEqual({ t: '2025-06-01T11:00:01Z', l: 'x' })
    expect(block.droppedFields).toBe(1)
  })

  it('gives byte ends that cut records exactly when they hold non-ASCII text', async () => {
    const texts = ['plain', 'Müller – 東京 🚀', 'plain again', '', 'ç']
    const text = texts.map((m) => JSON.stringify({ m })).join('\n')
    const block = await prepareBlock(Buffer.from(text), {
      file: 'f.ndjson',
      mapper: sendAsIs,
      nowMs: NOW,
      maxRecordBytes: 1_000_000,
      maxRequestBytes: 1_000_000,
    })
    const records: unknown[] = []
    let start = 0
    for (const end of block.ends) {
      records.push(JSON.parse(Buffer.from(block.data.subarray(start, end)).toString()))
      start = end
    }
    expect(start).toBe(block.data.length)
    expect(records).toEqual(texts.map((m) => ({ m })))
  })

  it('speaks of the whole file (lines, offsets, messages) when told where the block starts', async () => {
    const text = [
      '{"t":"2025-06-01T11:00:00Z","l":1}',
      '{broken',
      '{"t":"2025-06-01T11:00:02Z","l":3}',
    ].join('\n')
    const block = await prepareBlock(Buffer.from(text), {
      file: 'f.ndjson',
      mapper: mapper(),
      nowMs: NOW,
      maxRecordBytes: 1_000_000,
      maxRequestBytes: 1_000_000,
      firstLine: 101,
      firstOffset: 5000,
    })
    expect([...block.lines]).toEqual([101, 103])
    expect(block.failures).toHaveLength(1)
    expect(block.failures[0]).toMatchObject({ index: 1, line: 102, byteOffset: 5035 })
    expect(block.failures[0]?.message).toMatch(/^Line 102 is not valid JSON/)
  })

  it('counts lines as each reader does: CSV counts a lone \\r, NDJSON only \\n', () => {
    const bytes = Buffer.from('a\r\nb\rc\nd\n')
    const csv = { kind: 'csv', delimiter: ',', headers: ['x'], lineBreak: '\n' } as const
    expect(countLines(bytes, { kind: 'ndjson' })).toBe(3)
    expect(countLines(bytes, csv)).toBe(4)
  })

  it('keeps a record too big for any request out, as oversize', async () => {
    const big = JSON.stringify({ v: 'x'.repeat(200) })
    const block = await prepareBlock(Buffer.from(`{"v":1}\n${big}\n`), {
      file: 'f.ndjson',
      mapper: sendAsIs,
      nowMs: NOW,
      maxRecordBytes: 1_000_000,
      maxRequestBytes: 100,
    })
    expect([...block.indexes]).toEqual([0])
    expect(block.failures).toMatchObject([{ index: 1, line: 2, cause: 'oversize' }])
  })
})
