import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  admin,
  ingest,
  query,
  rowsOf,
  startDataPlaneHarness,
  type DataPlaneHarness,
} from '../../../test/helpers/data-plane-harness'

let harness: DataPlaneHarness

const record = () => [{ Time: new Date().toISOString(), Host: 'h', Level: 1 }]

beforeAll(async () => {
  harness = await startDataPlaneHarness()
})
afterAll(async () => {
  await harness.dispose()
})
afterEach(async () => {
  await admin(harness, 'DELETE', 'faults')
  await admin(harness, 'POST', 'reset')
})

async function statuses(count: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < count; i++) out.push((await ingest(harness, record())).status)
  return out
}

describe('admin: faults', () => {
  it('validates settings with a clear 400 and keeps the previous ones', async () => {
    const bad = await admin(harness, 'PUT', 'faults', { rate429: 2, latencyMs: -1, surprise: true })
    expect(bad.status).toBe(400)
    const error = (bad.body as { error: { code: string; message: string } }).error
    expect(error.code).toBe('InvalidFaultSettings')
    expect(error.message).toContain('rate429')
    expect(error.message).toContain('latencyMs')
    expect(error.message).toContain('surprise')
    expect((await admin(harness, 'PUT', 'faults', 'not json')).status).toBe(400)
    expect((await admin(harness, 'GET', 'faults')).body).toMatchObject({ settings: {} })
  })

  it('returns the current settings and effective limits, and DELETE clears them', async () => {
    const settings = {
      rate5xx: 0.25,
      failAfterN: { count: 3, status: 503 },
      limits: { requestsPerMinute: 10 },
      seed: 4,
    }
    const put = await admin(harness, 'PUT', 'faults', settings)
    expect(put.status).toBe(200)
    expect((await admin(harness, 'GET', 'faults')).body).toEqual({
      settings,
      effectiveLimits: { requestsPerMinute: 10, bytesPerMinute: 2 * 1024 * 1024 * 1024 },
    })
    await admin(harness, 'DELETE', 'faults')
    expect((await admin(harness, 'GET', 'faults')).body).toEqual({
      settings: {},
      effectiveLimits: { requestsPerMinute: 12_000, bytesPerMinute: 2 * 1024 * 1024 * 1024 },
    })
  })

  it('rate429 = 1 answers 429 with the configured Retry-After', async () => {
    await admin(harness, 'POST', 'faults', { rate429: 1, retryAfterSeconds: 7 })
    const response = await ingest(harness, record())
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('7')
    expect(response.headers.get('x-ms-error-code')).toBe('TooManyRequests')
    const counters = (await admin(harness, 'GET', 'counters')).body as {
      faults: Record<string, number>
    }
    expect(counters.faults.status429).toBe(1)
  })

  it('rate5xx = 1 answers 503 ServiceUnavailable', async () => {
    await admin(harness, 'PUT', 'faults', { rate5xx: 1 })
    const response = await ingest(harness, record())
    expect(response.status).toBe(503)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'ServiceUnavailable',
    )
  })

  it('resetRate = 1 drops the connection without a response', async () => {
    await admin(harness, 'PUT', 'faults', { resetRate: 1 })
    await expect(ingest(harness, record())).rejects.toThrow()
    const counters = (await admin(harness, 'GET', 'counters')).body as {
      faults: Record<string, number>
      requests: { ingestion: { byStatus: Record<string, number> } }
    }
    expect(counters.faults.reset).toBe(1)
    expect(counters.requests.ingestion.byStatus.reset).toBe(1)
  })

  it('failAfterN lets N requests through, then fails every one with the status', async () => {
    await admin(harness, 'PUT', 'faults', { failAfterN: { count: 2, status: 500 } })
    expect(await statuses(4)).toEqual([204, 204, 500, 500])
  })

  it('adds latency before answering', async () => {
    await admin(harness, 'PUT', 'faults', { latencyMs: 150 })
    const started = performance.now()
    expect((await ingest(harness, record())).status).toBe(204)
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('draws the same faults for the same seed', async () => {
    const settings = { rate429: 0.5, seed: 42 }
    await admin(harness, 'PUT', 'faults', settings)
    const first = await statuses(16)
    await admin(harness, 'PUT', 'faults', settings)
    const second = await statuses(16)
    expect(second).toEqual(first)
    expect(first).toContain(429)
    expect(first).toContain(204)
    await admin(harness, 'PUT', 'faults', { ...settings, seed: 43 })
    expect(await statuses(16)).not.toEqual(first)
  })
})

describe('admin: counters and reset', () => {
  it('counts requests by status, accepted records and bytes, and stored rows', async () => {
    expect((await ingest(harness, record())).status).toBe(204)
    expect((await ingest(harness, '{}')).status).toBe(400)
    await query(harness, 'AppEvents_CL | count')
    const counters = (await admin(harness, 'GET', 'counters')).body as Record<string, unknown>
    expect(counters).toMatchObject({
      countingOnly: false,
      requests: {
        ingestion: { total: 2, byStatus: { '204': 1, '400': 1 } },
        query: { total: 1, byStatus: { '200': 1 } },
      },
      tables: { '33333333-3333-4333-8333-333333333333': { AppEvents_CL: 1 } },
      dcrs: {
        'dcr-00000000000000000000000000000001': {
          dcrId: expect.stringContaining('dcr-direct'),
          streams: { 'Custom-AppEvents': { acceptedRequests: 1, records: 1 } },
        },
      },
    })
  })

  it('reset clears stored rows and counters', async () => {
    expect((await ingest(harness, record())).status).toBe(204)
    const reset = await admin(harness, 'POST', 'reset')
    expect(reset.status).toBe(204)
    expect(rowsOf((await query(harness, 'AppEvents_CL | count')).body)).toEqual([{ Count: 0 }])
    const counters = (await admin(harness, 'GET', 'counters')).body as { tables: unknown }
    expect(counters.tables).toEqual({})
  })

  it('answers 404 for unknown paths and 405 for wrong methods', async () => {
    expect((await admin(harness, 'GET', 'nope')).status).toBe(404)
    expect((await admin(harness, 'POST', 'counters')).status).toBe(405)
    expect((await admin(harness, 'GET', 'reset')).status).toBe(405)
  })
})
