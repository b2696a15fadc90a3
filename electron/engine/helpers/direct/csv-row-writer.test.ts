import { describe, expect, it } from 'vitest'
import type { CompiledMapping } from '../../../../shared/mapping/compile-mapping'
import { DCR_COLUMN_TYPES } from '../../../../shared/mapping/mapping-schema'
import { CsvRowWriter, canonicalNumberText } from './csv-row-writer'
import {
  pick,
  randomNumber,
  randomObject,
  seeded,
  type Random,
} from '../../../../test/helpers/random-json'
import { compileTestMapping, expectSameAsMapped } from '../../../../test/helpers/test-mapping'

const NOW = Date.parse('2026-11-25T12:00:00.000Z')
const HEADERS = ['t', 'host', 'level', 'n', 'ok', 'props', 'msg', 'toString']

const CELLS = [
  '',
  ' ',
  'web-1',
  'a "quoted" word',
  'back\\slash',
  'tab\there',
  'line\nbreak',
  'Müller 東京 🚀',
  '\u00a0{"a":1}',
  'true',
  'True',
  'FALSE',
  'yes',
  'no',
  '1',
  '0',
  'maybe',
  '2026-11-25T10:00:00.000Z',
  '2026-11-25T10:00:00Z',
  '2020-01-01T00:00:00.000Z',
  '1764064800000',
  '{"a":1,"b":[true,null]}',
  '{"a": 1}',
  '{"a":1} ',
  '[1,2,3]',
  '[INFO] started',
  '{broken',
  '1,5',
  ' 42',
  '+7',
]

function randomCell(random: Random): string {
  const roll = random()
  if (roll < 0.3) return randomNumber(random).replace(/^"|"$/g, '')
  if (roll < 0.4) return randomObject(random, 1, 0.02, 0.05)
  if (roll < 0.5) return new Date(NOW - Math.floor(random() * 2.5 * 86_400_000)).toISOString()
  return pick(random, CELLS)
}

function randomMapping(random: Random): CompiledMapping {
  const columns: Record<string, unknown> = {}
  const count = 1 + Math.floor(random() * 6)
  for (let i = 0; i < count; i++) {
    const type = pick(random, DCR_COLUMN_TYPES)
    const name = `C${i}${type}`
    const roll = random()
    if (roll < 0.1 && type === 'string') {
      columns[name] = { source: { kind: 'constant', value: 'app' }, type }
    } else if (roll < 0.15 && type === 'datetime') {
      columns[name] = { source: { kind: 'now' }, type }
    } else {
      columns[name] = {
        source: { kind: 'field', path: pick(random, [...HEADERS, 'missing']) },
        type,
        ...(random() < 0.3 ? { required: true } : {}),
        ...(random() < 0.2 && type === 'string' ? { format: { keepEmptyString: true } } : {}),
      }
    }
  }
  const time = Object.keys(columns).find((name) => name.endsWith('datetime'))
  return compileTestMapping(
    columns,
    time === undefined ? {} : { column: time, outsideWindow: 'send' },
  )
}

/** The record the CSV reader makes of a row. */
function recordOf(fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(HEADERS.map((name, i) => [name, fields[i]]))
}

describe('CsvRowWriter', () => {
  it('writes exactly what the map function and JSON.stringify give for a row, or leaves the row to them', () => {
    const random = seeded(11)
    let written = 0
    let left = 0
    for (let m = 0; m < 300; m++) {
      const mapping = randomMapping(random)
      const writer = CsvRowWriter.create(mapping.direct, HEADERS, 1_000_000)
      if (writer === undefined) continue
      for (let r = 0; r < 100; r++) {
        const fields = HEADERS.map(() => randomCell(random))
        const json = writer.row(fields, NOW)
        if (json === undefined) {
          left++
          continue
        }
        written++
        const mapped = mapping.map(recordOf(fields), NOW)
        expectSameAsMapped(fields, { json, dropped: writer.dropped }, mapped)
      }
    }
    expect(written).toBeGreaterThan(2000)
    expect(left).toBeGreaterThan(2000)
  })

  it('reads numbers in the form JavaScript writes them, and nothing else', () => {
    const canonical = ['0', '7', '-12', '1.5', '-0.5', '0.000001', '123456789012345', '104.575']
    const not = ['-0', '01', '1.50', '1.', '.5', '1e5', '+1', '0.0000001', '1234567890123456', '']
    for (const text of canonical) {
      expect({ text, ok: canonicalNumberText(text) !== 0 }).toEqual({ text, ok: true })
      expect(JSON.stringify(Number(text))).toBe(text)
    }
    for (const text of not) expect({ text, ok: canonicalNumberText(text) }).toEqual({ text, ok: 0 })
  })

  it('is not made for columns with their own number or boolean words, or a required field the header lacks', () => {
    const words = compileTestMapping({
      A: { source: { kind: 'field', path: 'a' }, type: 'boolean', format: { booleanTrue: ['y'] } },
    })
    expect(CsvRowWriter.create(words.direct, ['a'], 1_000_000)).toBeUndefined()
    const required = compileTestMapping({
      A: { source: { kind: 'field', path: 'a' }, type: 'string', required: true },
    })
    expect(CsvRowWriter.create(required.direct, ['b'], 1_000_000)).toBeUndefined()
    expect(CsvRowWriter.create(required.direct, ['a', 'b'], 1_000_000)?.dropped).toBe(1)
  })
})
