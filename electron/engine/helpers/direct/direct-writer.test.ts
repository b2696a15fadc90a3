import { describe, expect, it } from 'vitest'
import type { CompiledMapping } from '../../../../shared/mapping/compile-mapping'
import { DCR_COLUMN_TYPES } from '../../../../shared/mapping/mapping-schema'
import { PackedOutput } from '../packed-output'
import { DirectWriter, FAIL } from './direct-writer'
import {
  mutate,
  pick,
  randomNumber,
  randomString,
  randomValue,
  seeded,
  type Random,
} from '../../../../test/helpers/random-json'
import { compileTestMapping, expectSameAsMapped } from '../../../../test/helpers/test-mapping'

const NOW = Date.parse('2026-11-25T12:00:00.000Z')
const FIELDS = ['t', 'host', 'level', 'n', 'ok', 'props', 'msg', 'toString']

function write(writer: DirectWriter, text: string): { dropped: number; json?: string } {
  const out = new PackedOutput(16)
  out.write('previous')
  const bytes = Buffer.from(`xx${text}\nyy`)
  const dropped = writer.write(bytes, 2, bytes.length - 3, NOW, out)
  if (dropped === FAIL) {
    expect(out.length).toBe(8)
    return { dropped }
  }
  return { dropped, json: out.buffer.toString('utf8', 8, out.length) }
}

/** A value the map function sends as it is, or (sometimes) one it converts or refuses. */
function typedValue(random: Random, type: string): string {
  if (random() < 0.3) return randomValue(random, 0, 0.02, 0.05)
  switch (type) {
    case 'datetime': {
      const ms = NOW + Math.floor((random() - 0.7) * 4 * 86_400_000)
      const iso = new Date(ms).toISOString()
      return JSON.stringify(random() < 0.9 ? iso : iso.replace('.000Z', 'Z').replace('T', ' '))
    }
    case 'int':
    case 'long':
    case 'real':
      return randomNumber(random)
    case 'boolean':
      return pick(random, ['true', 'false', '1', '"yes"'])
    case 'dynamic':
      return random() < 0.5 ? randomValue(random, 1, 0, 0.02) : randomString(random)
    default:
      return randomString(random)
  }
}

function randomMapping(random: Random): { mapping: CompiledMapping; types: Map<string, string> } {
  const columns: Record<string, unknown> = {}
  const types = new Map<string, string>()
  const count = 1 + Math.floor(random() * 6)
  for (let i = 0; i < count; i++) {
    const type = pick(random, DCR_COLUMN_TYPES)
    const roll = random()
    const name = `C${i}${type}`
    const format = random() < 0.2 && type === 'string' ? { keepEmptyString: true } : undefined
    if (roll < 0.1 && type !== 'dynamic') {
      const value =
        type === 'datetime' ? '2026-11-25T10:00:00.000Z' : type === 'boolean' ? true : '7'
      columns[name] = { source: { kind: 'constant', value }, type }
    } else if (roll < 0.15 && (type === 'datetime' || type === 'string')) {
      columns[name] = { source: { kind: 'now' }, type }
    } else {
      const field = pick(random, FIELDS)
      types.set(field, type)
      columns[name] = {
        source: { kind: 'field', path: field },
        type,
        ...(random() < 0.3 ? { required: true } : {}),
        ...(format === undefined ? {} : { format }),
      }
    }
  }
  const time = Object.keys(columns).find((name) => name.endsWith('datetime'))
  const policy = {
    ...(time === undefined ? {} : { column: time }),
    outsideWindow: pick(random, ['send', 'fail']),
  }
  return { mapping: compileTestMapping(columns, policy), types }
}

function randomRecord(random: Random, types: Map<string, string>): string {
  const parts: string[] = []
  for (const field of FIELDS) {
    if (random() < 0.15) continue
    const type = types.get(field)
    const value = type === undefined ? randomValue(random, 0, 0.01, 0.02) : typedValue(random, type)
    parts.push(`${JSON.stringify(field)}:${value}`)
  }
  if (random() < 0.05) parts.push('"host":"again"')
  const text = `${random() < 0.05 ? ' ' : ''}{${parts.join(',')}}${random() < 0.05 ? '\r' : ''}`
  return random() < 0.05 ? Buffer.from(mutate(random, text)).toString('utf8') : text
}

describe('DirectWriter', () => {
  it('writes exactly what JSON.parse, the map function and JSON.stringify give, or leaves the record to them', () => {
    const random = seeded(42)
    let written = 0
    let left = 0
    for (let m = 0; m < 300; m++) {
      const { mapping, types } = randomMapping(random)
      if (mapping.direct === undefined) continue
      const writer = new DirectWriter(mapping.direct, 1_000_000)
      for (let r = 0; r < 100; r++) {
        const text = randomRecord(random, types)
        const direct = write(writer, text)
        let parsed: unknown
        try {
          parsed = JSON.parse(text)
        } catch {
          expect({ text, dropped: direct.dropped }).toEqual({ text, dropped: FAIL })
          left++
          continue
        }
        const mapped = mapping.map(parsed as Record<string, unknown>, NOW)
        if (direct.dropped === FAIL) {
          left++
          continue
        }
        written++
        expectSameAsMapped(text, direct, mapped)
      }
    }
    // Both sides must be exercised (records with no value from the file are left to map).
    expect(written).toBeGreaterThan(2500)
    expect(left).toBeGreaterThan(3000)
  })

  it('writes a typical log record without parsing it', () => {
    const mapping = compileTestMapping(
      {
        Time: { source: { kind: 'field', path: 'timestamp' }, type: 'datetime' },
        Host: { source: { kind: 'field', path: 'host' }, type: 'string' },
        Level: { source: { kind: 'field', path: 'level' }, type: 'int' },
        Bytes: { source: { kind: 'field', path: 'bytes' }, type: 'long' },
        DurationMs: { source: { kind: 'field', path: 'duration_ms' }, type: 'real' },
        Success: { source: { kind: 'field', path: 'success' }, type: 'boolean' },
        Properties: { source: { kind: 'field', path: 'properties' }, type: 'dynamic' },
        Message: { source: { kind: 'field', path: 'message' }, type: 'string' },
        Source: { source: { kind: 'constant', value: 'app' }, type: 'string' },
        Received: { source: { kind: 'now' }, type: 'datetime' },
      },
      { column: 'Time' },
    )
    expect(mapping.direct).toBeDefined()
    const writer = new DirectWriter(mapping.direct ?? [], 1_000_000)
    const text =
      '{"timestamp":"2026-11-25T10:13:19.399Z","host":"web-06","level":1,"bytes":3379559,' +
      '"duration_ms":104.575,"success":true,"properties":{"region":"westeurope","status":200},' +
      '"message":"GET /health 200 \\"ok\\"","trace":"d4134"}'
    const direct = write(writer, text)
    const mapped = mapping.map(JSON.parse(text) as Record<string, unknown>, NOW)
    expect(mapped.ok).toBe(true)
    if (!mapped.ok) return
    expect(direct).toEqual({ dropped: 1, json: JSON.stringify(mapped.record) })
  })

  it('leaves to the map function what it would convert, refuse or flag', () => {
    const mapping = compileTestMapping(
      {
        Time: { source: { kind: 'field', path: 't' }, type: 'datetime' },
        Level: { source: { kind: 'field', path: 'l' }, type: 'int', required: true },
      },
      { column: 'Time', outsideWindow: 'send' },
    )
    const writer = new DirectWriter(mapping.direct ?? [], 1_000_000)
    const fails = [
      '{"t":"2026-11-25T10:00:00Z","l":1}', // a time to rewrite
      '{"t":"2020-01-01T00:00:00.000Z","l":1}', // outside the window: flagged
      '{"t":"2026-11-25T10:00:00.000Z","l":1.0}', // a number to rewrite
      '{"t":"2026-11-25T10:00:00.000Z"}', // a required value missing
      '{"t":"2026-11-25T10:00:00.000Z","l":null}',
      '{"t":"2026-11-25T10:00:00.000Z","l":"1"}', // text to read as a number
      '{"t":"2026-11-25T10:00:00.000Z","l":1,"l":2}', // duplicate keys
      '{"t":"2026-11-25T10:00:00.000Z","l":2147483648}', // out of range
      '[1]',
      '{"t":"2026-11-25T10:00:00.000Z","l":1} x',
    ]
    for (const text of fails)
      expect({ text, ...write(writer, text) }).toEqual({ text, dropped: FAIL })
    expect(write(writer, ' {"l":-5, "t" : "2026-11-25T10:00:00.000Z"}\r')).toEqual({
      dropped: 0,
      json: '{"Time":"2026-11-25T10:00:00.000Z","Level":-5}',
    })
  })

  it('leaves a record over the request limit to the size check', () => {
    const mapping = compileTestMapping({
      Msg: { source: { kind: 'field', path: 'm' }, type: 'string' },
    })
    const writer = new DirectWriter(mapping.direct ?? [], 30)
    expect(write(writer, '{"m":"0123456789"}')).toEqual({
      dropped: 0,
      json: '{"Msg":"0123456789"}',
    })
    expect(write(writer, '{"m":"0123456789012345678"}').dropped).toBe(FAIL)
  })

  it('is not offered for mappings whose columns need the parsed record', () => {
    expect(
      compileTestMapping({ A: { source: { kind: 'field', path: 'a.b' }, type: 'string' } }).direct,
    ).toBeUndefined()
    expect(
      compileTestMapping({
        A: { source: { kind: 'field', path: 'a' }, type: 'string', format: { nullValues: ['-'] } },
      }).direct,
    ).toBeUndefined()
    expect(
      compileTestMapping({
        A: { source: { kind: 'field', path: 'a' }, type: 'datetime', format: { date: 'epoch-s' } },
      }).direct,
    ).toBeUndefined()
  })
})
