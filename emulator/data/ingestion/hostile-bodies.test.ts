import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  admin,
  ingest,
  startDataPlaneHarness,
  type DataPlaneHarness,
} from '../../../test/helpers/data-plane-harness'
import { seededRandom } from '../faults/seeded-random'
import { MAX_BODY_DEPTH } from './json-depth'

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0)

let harness: DataPlaneHarness
let counting: DataPlaneHarness

beforeAll(async () => {
  harness = await startDataPlaneHarness({ now: () => new Date(NOW) })
  counting = await startDataPlaneHarness({ now: () => new Date(NOW), countingOnly: true })
})
afterAll(async () => {
  await harness.dispose()
  await counting.dispose()
})

const good = { Time: new Date(NOW - 60_000).toISOString(), Host: 'good', Level: 1 }

/** A record whose `Props` nests `levels` arrays (or objects) deep, written as text. */
function nested(levels: number, kind: 'array' | 'object'): string {
  const open = kind === 'array' ? '[' : '{"k":'
  const close = kind === 'array' ? ']' : '}'
  return `{"Host":"deep","Props":${open.repeat(levels)}1${close.repeat(levels)}}`
}

async function answer(target: DataPlaneHarness, body: string | Buffer) {
  const response = await ingest(target, body)
  const text = await response.text()
  return { status: response.status, code: response.headers.get('x-ms-error-code'), text }
}

describe('hostile ingestion bodies', () => {
  it.each(['array', 'object'] as const)(
    'answers a record nested 10,000 deep (%s) with a 400 naming it, in both modes',
    async (kind) => {
      const body = `[${JSON.stringify(good)},${nested(10_000, kind)}]`
      for (const target of [harness, counting]) {
        const result = await answer(target, body)
        expect(result.status).toBe(400)
        expect(result.code).toBe('InvalidJson')
        expect(result.text).toContain(`element 1 goes deeper than ${MAX_BODY_DEPTH} levels`)
      }
    },
  )

  it('accepts the deepest body allowed and refuses one level more', async () => {
    // The array is level 1, the record 2, so Props may open MAX - 2 more levels.
    const deepest = MAX_BODY_DEPTH - 2
    expect((await answer(harness, `[${nested(deepest, 'array')}]`)).status).toBe(204)
    expect((await answer(harness, `[${nested(deepest + 1, 'array')}]`)).status).toBe(400)
    expect((await answer(counting, `[${nested(deepest, 'array')}]`)).status).toBe(204)
    expect((await answer(counting, `[${nested(deepest + 1, 'array')}]`)).status).toBe(400)
  })

  it('answers a body that is not UTF-8 with a 400 giving the byte offset', async () => {
    const prefix = Buffer.from('[{"Host":"')
    const body = Buffer.concat([prefix, Buffer.from([0xc3, 0x28]), Buffer.from('"}]')])
    const result = await answer(harness, body)
    expect(result.status).toBe(400)
    expect(result.code).toBe('InvalidJson')
    expect(result.text).toContain(
      `not valid UTF-8 (first invalid byte at offset ${prefix.length + 1})`,
    )
  })

  it('never fails with a 500 on numbers out of range', async () => {
    for (const value of ['1e400', '-1e400', '1e-400', '123456789012345678901234567890', '-0']) {
      const body = `[{"Host":"n","Level":${value},"DurationMs":${value},"Count":${value},"Props":{"v":${value}}}]`
      const result = await answer(harness, body)
      expect(result.status, `${value}: ${result.text}`).toBeLessThan(500)
    }
  })

  it('answers seeded random and mutated bodies without a crash (no 500, still serving)', async () => {
    const random = seededRandom(16_008)
    const template = Buffer.from(JSON.stringify([good, { ...good, Props: { a: [1, { b: 'c' }] } }]))
    const statuses = new Set<number>()
    for (let round = 0; round < 200; round++) {
      const body = Buffer.from(template)
      const flips = 1 + Math.floor(random() * 8)
      for (let i = 0; i < flips; i++) {
        body[Math.floor(random() * body.length)] = Math.floor(random() * 256)
      }
      const result = await answer(round % 2 === 0 ? harness : counting, body)
      expect(result.status, `round ${round}: ${body.toString('hex')}`).not.toBe(500)
      statuses.add(result.status)
    }
    expect(statuses.has(400)).toBe(true)
    expect((await answer(harness, JSON.stringify([good]))).status).toBe(204)
    const counters = (await admin(harness, 'GET', 'counters')).body as {
      requests: { ingestion: { byStatus: Record<string, number> } }
    }
    expect(counters.requests.ingestion.byStatus['500']).toBeUndefined()
  })
})
