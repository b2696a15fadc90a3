import { describe, expect, it } from 'vitest'
import { sendAsIs, type RecordMapper } from '../../common/source/source-types'
import { jsonItemBlocks } from '../json-item-blocks'
import { prepareBlock, type PrepareOptions, type PreparedBlock } from '../prepare-block'
import type { BlockFormat } from '../prepare-protocol'
import { AsIsWriter } from './as-is-writer'
import { CsvRowWriter } from './csv-row-writer'
import { DirectWriter, type RecordWriter } from './direct-writer'
import { compactJson } from '../../common/parse/json-scanner'
import { pick, randomObject, seeded } from '../../../../test/helpers/random-json'
import {
  LOG_LINE_NOW,
  logLineMapping,
  randomLogLine,
} from '../../../../test/helpers/random-log-line'

const NOW = LOG_LINE_NOW
const mapping = logLineMapping
if (mapping.direct === undefined) throw new Error('the mapping has no direct form')
const direct = mapping.direct ?? []

/** Records the writers took without parsing, to show the tests exercise them. */
let taken = 0

function counting(writer: RecordWriter): RecordWriter {
  const count = (dropped: number) => {
    if (dropped >= 0) taken++
    return dropped
  }
  return {
    write: (bytes, start, end, nowMs, out) => count(writer.write(bytes, start, end, nowMs, out)),
    writeLeading: (bytes, start, limit, nowMs, out) =>
      count(writer.writeLeading(bytes, start, limit, nowMs, out)),
    get end() {
      return writer.end
    },
  }
}

async function both(
  bytes: Buffer,
  format: BlockFormat,
  mapper: RecordMapper,
  writer: RecordWriter | undefined,
  limits: Partial<PrepareOptions> = {},
): Promise<[PreparedBlock, PreparedBlock]> {
  const options: PrepareOptions = {
    file: 'f',
    format,
    firstLine: 7,
    firstOffset: 1000,
    mapper,
    nowMs: NOW,
    maxRecordBytes: 1_000_000,
    maxRequestBytes: 1_000_000,
    ...limits,
  }
  return [
    await prepareBlock(bytes, options),
    await prepareBlock(bytes, {
      ...options,
      ...(writer === undefined ? {} : { direct: counting(writer) }),
    }),
  ]
}

describe('prepareBlock with a direct writer', () => {
  it('gives NDJSON blocks exactly the outcome of parsing every record', async () => {
    const random = seeded(7)
    let records = 0
    taken = 0
    for (let b = 0; b < 60; b++) {
      const lines = Array.from({ length: 200 }, () => randomLogLine(random))
      let bytes = Buffer.from(lines.join('\n') + (random() < 0.5 ? '\n' : ''))
      // Now and then a byte that is not UTF-8: the block is then read the usual way.
      if (b % 10 === 9) bytes = Buffer.concat([bytes, Buffer.from([0xff, 0x0a])])
      const limits = b % 7 === 6 ? { maxRecordBytes: 120, maxRequestBytes: 150 } : {}
      const [parsedBlock, directBlock] = await both(
        bytes,
        { kind: 'ndjson' },
        mapping.map,
        new DirectWriter(direct, limits.maxRequestBytes ?? 1_000_000),
        limits,
      )
      expect(directBlock).toEqual(parsedBlock)
      records += parsedBlock.ends.length
    }
    expect(records).toBeGreaterThan(5000)
    expect(taken).toBeGreaterThan(records / 8)
  })

  it('gives records sent as they are the bytes of JSON.stringify, or their own when they hold a long', async () => {
    const random = seeded(8)
    taken = 0
    const lines = Array.from({ length: 2000 }, () => randomLogLine(random))
    const bytes = Buffer.from(lines.join('\n'))
    const [parsedBlock, directBlock] = await both(
      bytes,
      { kind: 'ndjson' },
      sendAsIs,
      new AsIsWriter(1_000_000),
    )
    const rest = ({ data: _data, ends: _ends, ...others }: PreparedBlock) => others
    expect(rest(directBlock)).toEqual(rest(parsedBlock))
    const record = (block: PreparedBlock, j: number) =>
      Buffer.from(block.data.subarray(j === 0 ? 0 : block.ends[j - 1], block.ends[j])).toString()
    const fileLines = bytes.toString().split('\n')
    let ownBytes = 0
    for (let j = 0; j < parsedBlock.ends.length; j++) {
      const sent = record(directBlock, j)
      const parsed = record(parsedBlock, j)
      if (sent === parsed) continue
      // JSON.parse would change the digits of a whole number beyond 2^53: sent as written.
      // The block starts at line 7 of its file (a mutated line may hold line breaks).
      const line = Buffer.from((fileLines[(parsedBlock.lines[j] as number) - 7] as string).trim())
      // As written, or without the whitespace between its tokens.
      const compact = Buffer.alloc(line.length)
      const forms = [
        line.toString(),
        compact.toString('utf8', 0, compactJson(line, 0, line.length, compact, 0)),
      ]
      expect({ sent, long: /\d{16,}/.test(sent), form: forms.includes(sent) }).toEqual({
        sent,
        long: true,
        form: true,
      })
      expect(JSON.stringify(JSON.parse(sent))).toBe(parsed)
      ownBytes++
    }
    expect(ownBytes).toBeGreaterThan(5)
    expect(parsedBlock.ends.length).toBeGreaterThan(1000)
    expect(taken).toBeGreaterThan(300)
  })

  it('gives JSON array items exactly the outcome of parsing every item', async () => {
    const random = seeded(9)
    const items = Array.from({ length: 3000 }, () => {
      const line = randomLogLine(random)
      return line.trim() === '' ? '{}' : line
    })
    const text = `[\n${items.join(',\n')}\n]`
    const ctx = { file: 'f', maxRecordBytes: 1_000_000, reportOffsets: true }
    async function* chunks(): AsyncGenerator<Buffer> {
      const bytes = Buffer.from(text)
      for (let i = 0; i < bytes.length; i += 50_000) yield bytes.subarray(i, i + 50_000)
    }
    let blocks = 0
    let records = 0
    taken = 0
    for await (const block of jsonItemBlocks(chunks(), ctx, () => undefined)) {
      const bytes = Buffer.from(block.bytes)
      const writer = new DirectWriter(direct, 1_000_000)
      const [parsedBlock, directBlock] = await both(bytes, block.format, mapping.map, writer)
      expect(directBlock).toEqual(parsedBlock)
      records += parsedBlock.ends.length
      blocks++
    }
    expect(blocks).toBeGreaterThan(0)
    expect(taken).toBeGreaterThan(records / 8)
  })

  it('gives CSV blocks exactly the outcome of mapping every row', async () => {
    const random = seeded(10)
    const headers = ['t', 'level', 'host', 'p', 'extra']
    const quote = (cell: string): string =>
      /[",\r\n]/.test(cell) || random() < 0.1 ? `"${cell.replace(/"/g, '""')}"` : cell
    const rows: string[] = []
    for (let r = 0; r < 3000; r++) {
      const roll = random()
      if (roll < 0.02) {
        rows.push('')
        continue
      }
      if (roll < 0.04) {
        rows.push('only,three,cells')
        continue
      }
      const time = new Date(NOW - Math.floor(random() * 2.5 * 86_400_000)).toISOString()
      const cells = [
        random() < 0.9 ? time : time.slice(0, 19),
        pick(random, ['1', '3', '1', '4.0', ' 2', '', 'x']),
        pick(random, ['web-1', 'a "b", c', 'café', '', 'multi\nline']),
        random() < 0.8
          ? randomObject(random, 1, 0.01, 0.03)
          : pick(random, ['', '[INFO] x', '{no']),
        'e',
      ]
      rows.push(cells.map(quote).join(','))
    }
    const bytes = Buffer.from(rows.join('\r\n') + '\r\n')
    const format = { kind: 'csv', delimiter: ',', headers, lineBreak: '\r\n' } as const
    const writer = CsvRowWriter.create(direct, headers, 1_000_000)
    if (writer === undefined) throw new Error('no CSV writer for this mapping')
    taken = 0
    // The writer's rows, counted (its own type has private state, hence the cast).
    const csvDirect = {
      dropped: writer.dropped,
      row: (fields: readonly string[], nowMs: number) => {
        const json = writer.row(fields, nowMs)
        if (json !== undefined) taken++
        return json
      },
    } as unknown as CsvRowWriter
    const [parsedBlock, directBlock] = await both(bytes, format, mapping.map, undefined, {
      csvDirect,
    })
    expect(directBlock).toEqual(parsedBlock)
    expect(parsedBlock.ends.length).toBeGreaterThan(1000)
    expect(parsedBlock.failures.length).toBeGreaterThan(100)
    expect(taken).toBeGreaterThan(500)
  })
})
