import { describe, expect, it } from 'vitest'
import { ARRAY_START } from '../../common/parse/json-array-reader'
import { DirectWriter } from '../../helpers/direct/direct-writer'
import { splitIntoBlocks } from '../../helpers/block-splitter'
import { jsonItemBlocks } from '../../helpers/json-item-blocks'
import {
  JsonBlockChain,
  jsonCutFinder,
  jsonLineCut,
  jsonLineFormat,
  type JsonLineCut,
} from './json-line-blocks'
import { prepareBlock, type PreparedBlock } from '../../helpers/prepare-block'
import type { BlockFormat } from '../../helpers/prepare-protocol'
import { pick, seeded, type Random } from '../../../../test/helpers/random-json'
import {
  LOG_LINE_NOW,
  logLineMapping,
  randomLogLine,
} from '../../../../test/helpers/random-log-line'

const TIME = '2026-11-25T10:00:00.000Z'
const ctx = { file: 'f.json', maxRecordBytes: 1_000_000, reportOffsets: true }

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

/** Every entry of a file in order (records as sent, failures where and why), and warnings. */
interface Outcome {
  entries: unknown[]
  warnings: string[]
}

function prepare(bytes: Buffer, format: BlockFormat, line: number, offset: number) {
  return prepareBlock(bytes, {
    file: ctx.file,
    format,
    firstLine: line,
    firstOffset: offset,
    mapper: logLineMapping.map,
    nowMs: LOG_LINE_NOW,
    maxRecordBytes: ctx.maxRecordBytes,
    maxRequestBytes: 1_000_000,
    direct: new DirectWriter(logLineMapping.direct ?? [], 1_000_000),
  })
}

function collect(block: PreparedBlock, outcome: Outcome): void {
  const entries: unknown[] = []
  block.indexes.forEach((index, j) => {
    const start = j === 0 ? 0 : (block.ends[j - 1] as number)
    const text = Buffer.from(block.data.subarray(start, block.ends[j])).toString()
    entries[index] = { line: block.lines[j], text }
  })
  for (const { index, ...failure } of block.failures) entries[index] = failure
  expect(entries.length).toBe(block.entries)
  outcome.entries.push(...entries)
  outcome.warnings.push(...block.warnings.map((warning) => warning.reason))
}

/** The parallel path for JSON arrays whose items are found on one thread. */
async function viaItems(bytes: Buffer): Promise<Outcome> {
  const outcome: Outcome = { entries: [], warnings: [] }
  const onWarning = (warning: { reason: string }) => outcome.warnings.push(warning.reason)
  for await (const block of jsonItemBlocks(chunksOf(bytes, 65_536), ctx, onWarning)) {
    collect(await prepare(Buffer.from(block.bytes), block.format, 1, 0), outcome)
  }
  return outcome
}

/** Blocks cut after line breaks, checked in order, the rest read on as items when one breaks. */
async function viaLines(
  bytes: Buffer,
  blockBytes: number,
  cut: JsonLineCut = { kind: 'any' },
): Promise<Outcome & { resumed: boolean }> {
  const outcome: Outcome = { entries: [], warnings: [] }
  const chain = new JsonBlockChain()
  let line = 1
  let broken = false
  for await (const block of splitIntoBlocks(
    chunksOf(bytes, Math.min(blockBytes, 4096)),
    blockBytes,
    undefined,
    jsonCutFinder(cut),
  )) {
    const format = jsonLineFormat(block.bytes, line, block.offset, block.offset === 0)
    const lines = block.bytes.filter((byte) => byte === 10).length
    const prepared = await prepare(Buffer.from(block.bytes), format, line, block.offset)
    line += lines
    if (broken || !chain.follows(format.from, prepared.jsonEnd)) {
      broken = true
      continue
    }
    collect(prepared, outcome)
  }
  const from = chain.resumeFrom
  if (from !== undefined) {
    const rest = chunksOf(bytes.subarray(from.offset), 65_536)
    const onWarning = (warning: { reason: string }) => outcome.warnings.push(warning.reason)
    for await (const block of jsonItemBlocks(rest, ctx, onWarning, undefined, from)) {
      collect(await prepare(Buffer.from(block.bytes), block.format, 1, 0), outcome)
    }
  }
  return { ...outcome, resumed: from !== undefined }
}

/** One item per line, mostly: the log lines, with the array's own mistakes now and then. */
function randomArray(random: Random, items: number): string {
  const lines = Array.from({ length: items }, () => {
    const line = randomLogLine(random)
    const roll = random()
    if (roll < 0.01) return `${line},,` // an empty item
    if (roll < 0.02) return `${line} ` // a missing comma
    if (roll < 0.03) return JSON.stringify({ pretty: [1, 2], s: 'x\ny' }, null, 2) + ','
    // Over lines, and written without parsing: the lines after it still count.
    if (roll < 0.04) return JSON.stringify({ t: TIME, level: 1, host: 'pretty' }, null, 2) + ','
    return `${line.trim() === '' ? '{}' : line},`
  })
  const ending = pick(random, [
    '\n]\n',
    '\n]',
    ',\n]\n',
    '\n] trailing\n{"more":1}\n',
    '\n',
    '\n]\n\n\n',
  ])
  return `[\n${lines.join(random() < 0.5 ? '\n' : '\r\n').replace(/,$/, '')}${ending}`
}

describe('JSON blocks cut after line breaks', () => {
  it('give exactly the entries of the items path, reading on as items where a guess was wrong', async () => {
    const random = seeded(21)
    let resumed = 0
    let followed = 0
    for (let file = 0; file < 24; file++) {
      const bytes = Buffer.from(randomArray(random, 400))
      const expected = await viaItems(bytes)
      for (const blockBytes of [200, 3000, 40_000]) {
        const actual = await viaLines(bytes, blockBytes)
        expect(actual.entries).toEqual(expected.entries)
        expect([...actual.warnings].sort()).toEqual([...expected.warnings].sort())
        if (actual.resumed) resumed++
        else followed++
      }
    }
    // Both ways are taken: whole files through line blocks, and files read on as items.
    expect(resumed).toBeGreaterThan(5)
    expect(followed).toBeGreaterThan(5)
  })

  it('follow on through the common layouts without reading anything again', async () => {
    const records = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ t: '2026-11-25T10:00:00.000Z', level: i % 4, host: `web-${i}`, p: { i } }),
    )
    const layouts = [
      `[\n${records.join(',\n')}\n]\n`, // a comma ends each line
      `[\n${records.join('\r\n,')}\r\n]`, // a comma starts each line, CRLF
      `[${records.join(',\n ')}]`, // the first item on the bracket's line
    ]
    for (const text of layouts) {
      const bytes = Buffer.from(text)
      const expected = await viaItems(bytes)
      const actual = await viaLines(bytes, 1000)
      expect(actual).toEqual({ ...expected, resumed: false })
      expect(actual.entries).toHaveLength(300)
      expect(await jsonLineCut(chunksOf(bytes, 700), ctx)).toEqual({ kind: 'any' })
    }
  })

  it('reads on from before an item a block cut through, and from a file cut off', async () => {
    const item = (i: number) =>
      JSON.stringify({ t: '2026-11-25T10:00:00.000Z', level: 1, host: `h${i}` })
    const pretty = JSON.stringify({ host: 'pretty', level: 2 }, null, 2)
    for (const text of [
      `[\n${item(1)},\n${pretty},\n${item(2)}\n]\n`,
      `[\n${item(1)},\n${item(2)},\n{"host": "cut`,
      `[\n${item(1)},\n${item(2)},\n`,
      `[\n${item(1)}\n`,
    ]) {
      const bytes = Buffer.from(text)
      const expected = await viaItems(bytes)
      expect(await viaLines(bytes, 10)).toEqual({ ...expected, resumed: true })
    }
  })

  it('refuse an object the direct writer could take when text follows it before the comma', async () => {
    const item = (i: number) =>
      JSON.stringify({ t: '2026-11-25T10:00:00.000Z', level: 1, host: `h${i}` })
    // Each would be written directly; with a stray } or a second object after it, the item is
    // one invalid entry on every path, and the writer's output is rolled back.
    for (const tail of ['}', ' }', ' {"level":2}', ' "x"', '#']) {
      const bytes = Buffer.from(`[\n${item(1)},\n${item(2)}${tail},\n${item(3)}\n]\n`)
      const expected = await viaItems(bytes)
      const actual = await viaLines(bytes, 10_000)
      expect(actual).toEqual({ ...expected, resumed: false })
      expect(actual.entries).toHaveLength(3)
      expect(actual.entries[1]).toMatchObject({ line: 3, cause: 'parse' })
      expect((actual.entries[2] as { text: string }).text).toContain('"h3"')
    }
  })

  it('are cut after any line break for one item per line, before item lines for pretty arrays', async () => {
    const sniff = (text: string) => jsonLineCut(chunksOf(Buffer.from(text), 5), ctx)
    expect(await sniff('[\n{"a":1},\n{"a":2}\n]')).toEqual({ kind: 'any' })
    expect(await sniff('[\n  {\n    "a": 1\n  },\n  {\n    "a": 2\n  }\n]')).toEqual({
      kind: 'item',
      indent: '  ',
    })
    expect(await sniff('[\n{"a":1},\n{\n "a": 2\n}\n]')).toEqual({ kind: 'item', indent: '' })
    // All on one line, items sharing a line, mixed indents, a lone item: not cut at lines.
    expect(await sniff('[{"a":1},{"a":2}]')).toBeUndefined()
    expect(await sniff('[\n{"a":1}, {"a":2},\n{"a":3}\n]')).toBeUndefined()
    expect(await sniff('[\n  {\n "a": 1\n  },\n {\n "a": 2\n }\n]')).toBeUndefined()
    expect(await sniff('[\n  {\n "a": 1\n  },\n  3\n]')).toBeUndefined()
    expect(await sniff('[\n{"a":1}\n]')).toBeUndefined()
  })

  it('give pretty-printed arrays the entries of the items path, cut before item lines', async () => {
    const random = seeded(22)
    let followed = 0
    for (let file = 0; file < 12; file++) {
      const items = Array.from({ length: 150 }, () => {
        const line = randomLogLine(random)
        let value: unknown
        try {
          value = JSON.parse(line)
        } catch {
          return `{"broken": ${line.length},}`
        }
        return JSON.stringify(value, null, 2) ?? 'null'
      })
      const indent = pick(random, ['', '  ', '\t'])
      const text = `[\n${items.map((item) => indent + item.replace(/\n/g, `\n${indent}`)).join(',\n')}\n]\n`
      const bytes = Buffer.from(text)
      const expected = await viaItems(bytes)
      for (const blockBytes of [300, 5000]) {
        const actual = await viaLines(bytes, blockBytes, { kind: 'item', indent })
        expect(actual.entries).toEqual(expected.entries)
        expect([...actual.warnings].sort()).toEqual([...expected.warnings].sort())
        if (!actual.resumed) followed++
      }
    }
    expect(followed).toBeGreaterThan(5)
  })

  it('expect the scanner between items at a cut, judged by the next byte', () => {
    const format = (text: string, first = false) =>
      jsonLineFormat(Buffer.from(text), 5, 100, first).from
    expect(format('[{"a":1},', true)).toEqual({ ...ARRAY_START, line: 5, offset: 100 })
    expect(format('  {"a":1}')).toMatchObject({ phase: 'before-item', afterComma: true })
    expect(format(',{"a":1}')).toMatchObject({ phase: 'after-item', afterComma: false })
    expect(format('\r\n]')).toMatchObject({ phase: 'after-item' })
    expect(format(' \n ')).toMatchObject({ phase: 'done' })
  })
})
