import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { defaultSeed } from '../../emulator/seed/default-seed'
import { startJob, type NewJob, type TokenProvider } from '../../electron/engine/main/job-runner'
import { jobPaths } from '../../electron/engine/common/journal/job-store'
import type { FailedRecord, JobProgress, UploadOptions } from '../../shared/models/upload-job'
import {
  answered,
  appEventsTarget,
  counters,
  countRows,
  resetEmulator,
  servicePrincipalTokens,
  setFaults,
  startFixture,
  streamEvent,
  writeNdjson,
  type EngineFixture,
} from './engine-helpers'

/** A second service principal that exists but holds no role (for the 403). */
const NO_RIGHTS = {
  clientId: '0f5c1b6e-3f1d-4c41-9c1a-5f8a3e2b7d10',
  objectId: '6a0b7c2d-9e8f-4a1b-8c3d-2e4f6a8b0c1d',
  displayName: 'logdrop-no-rights',
  clientSecret: 'no-rights-secret-123',
}

let fx: EngineFixture
beforeAll(async () => {
  const seed = defaultSeed()
  fx = await startFixture({ ...seed, servicePrincipals: [...seed.servicePrincipals, NO_RIGHTS] })
})
afterAll(async () => {
  await fx?.stop()
})
beforeEach(async () => {
  await resetEmulator(fx.emulator)
})

let counter = 0
/** A job of `count` stream records (no mapping) with quick retries for tests. */
async function job(
  marker: string,
  count: number,
  options: Partial<UploadOptions> = {},
  make: (i: number) => Record<string, unknown> = (i) => streamEvent(i, marker),
): Promise<{ input: NewJob; dataDir: string }> {
  counter += 1
  const file = join(fx.dir, `${marker}.ndjson`)
  await writeNdjson(file, count, make)
  return {
    dataDir: join(fx.dir, `data-${counter}`),
    input: {
      files: [file],
      target: appEventsTarget(fx.emulator),
      caCertPem: fx.emulator.caCertPem,
      options: { concurrency: 4, baseBackoffMs: 50, maxBackoffMs: 500, ...options },
    },
  }
}

async function failedRecords(dataDir: string, jobId: string): Promise<FailedRecord[]> {
  const text = await readFile(jobPaths(dataDir, jobId).failed, 'utf8').catch(() => '')
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as FailedRecord)
}

async function run(
  input: NewJob,
  dataDir: string,
  tokens: TokenProvider = servicePrincipalTokens(fx.emulator),
  onProgress?: (progress: JobProgress) => void,
) {
  const handle = await startJob(input, {
    dataDir,
    tokenProvider: tokens,
    ...(onProgress === undefined ? {} : { onProgress }),
  })
  return { handle, summary: await handle.result }
}

describe('upload engine: service answers and faults', () => {
  it('splits a request the service refuses with 413 until the halves fit', async () => {
    // Requests of up to 2.5 MB: the emulator (like Azure) refuses anything over 1 MiB.
    const { input, dataDir } = await job('split413', 6000, {
      maxRequestBytes: 2_500_000,
      concurrency: 1,
    })
    const { summary } = await run(input, dataDir)
    expect(summary.state).toBe('completed')
    expect(summary.records.accepted).toBe(6000)
    expect(summary.requests.splits).toBeGreaterThan(0)
    expect(await answered(fx.emulator, 413)).toBe(summary.requests.splits)
    expect(await countRows(fx.emulator, 'split413')).toBe(6000)
  })

  it('splits down to single records, which then fail with 413 and keep their details', async () => {
    const { input, dataDir } = await job('all413', 6)
    await setFaults(fx.emulator, { failAfterN: { count: 0, status: 413 } })
    const { handle, summary } = await run(input, dataDir)
    expect(summary.state).toBe('completed-with-failures')
    expect(summary.records).toMatchObject({ accepted: 0, failed: 6, notSent: 0 })
    expect(summary.failedByCause).toEqual({ 'http-413': 6 })
    // 6 → 3+3 → (2+1)+(2+1) → the 2s split once more: 1 + 2 + 4 + 4 requests.
    expect(summary.requests.sent).toBe(11)
    expect(summary.requests.splits).toBe(5)
    const failed = await failedRecords(dataDir, handle.jobId)
    expect(failed.map((f) => f.ordinal).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5])
    expect(failed[0]).toMatchObject({ cause: 'http-413', status: 413 })
    // The exact record that was sent (Time aside, which the generator takes from the clock).
    const expected: Record<string, unknown> = streamEvent(failed[0]!.ordinal, 'all413')
    delete expected['Time']
    expect(failed[0]?.mapped).toMatchObject(expected)
  })

  it('keeps an oversized record out of every request and sends the rest', async () => {
    const { input, dataDir } = await job('oversize', 50, {}, (i) =>
      i === 7
        ? { ...streamEvent(i, 'oversize'), Properties: { blob: 'x'.repeat(1_100_000) } }
        : streamEvent(i, 'oversize'),
    )
    const { handle, summary } = await run(input, dataDir)
    expect(summary.records).toMatchObject({ accepted: 49, failed: 1 })
    expect(summary.failedByCause).toEqual({ oversize: 1 })
    expect(await answered(fx.emulator, 413)).toBe(0)
    expect(await countRows(fx.emulator, 'oversize')).toBe(49)
    const [failed] = await failedRecords(dataDir, handle.jobId)
    expect(failed).toMatchObject({ cause: 'oversize', ordinal: 7, line: 8 })
    expect(failed?.message).toMatch(/1,?048,?576|1048576/)
  })

  it('waits as told by Retry-After on 429 and lowers the requests in flight', async () => {
    const { input, dataDir } = await job('throttle', 3000, {
      maxRequestBytes: 60_000,
      concurrency: 6,
    })
    await setFaults(fx.emulator, { rate429: 0.4, retryAfterSeconds: 1, seed: 7 })
    const started = Date.now()
    const limits: number[] = []
    const { summary } = await run(input, dataDir, undefined, (p) => limits.push(p.concurrencyLimit))
    expect(summary.state).toBe('completed')
    expect(summary.records.accepted).toBe(3000)
    expect(summary.requests.throttled).toBeGreaterThan(0)
    expect(summary.requests.throttled).toBe(await answered(fx.emulator, 429))
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
    // Repeated 429s halved the limit (AIMD) at some point.
    expect(Math.min(...limits)).toBeLessThan(6)
    expect(await countRows(fx.emulator, 'throttle')).toBe(3000)
  })

  it('retries 5xx answers and dropped connections until the records are in', async () => {
    const { input, dataDir } = await job('flaky', 2000, { maxRequestBytes: 60_000 })
    await setFaults(fx.emulator, { rate5xx: 0.3, resetRate: 0.1, seed: 3 })
    const { summary } = await run(input, dataDir)
    expect(summary.state).toBe('completed')
    expect(summary.records.accepted).toBe(2000)
    const faults = (await counters(fx.emulator)).faults
    expect(summary.requests.retries).toBe((faults['status5xx'] ?? 0) + (faults['reset'] ?? 0))
    expect(summary.requests.retries).toBeGreaterThan(0)
    const rows = await countRows(fx.emulator, 'flaky')
    expect(rows).toBeGreaterThanOrEqual(2000)
    expect(rows - 2000).toBeLessThanOrEqual(summary.duplicatesPossible.records)
  })

  it('refreshes the token once after a 401 and goes on', async () => {
    const { input, dataDir } = await job('refresh', 500)
    const calls: boolean[] = []
    const real = servicePrincipalTokens(fx.emulator, calls)
    let first = true
    const tokens: TokenProvider = async (request) => {
      if (first) {
        first = false
        calls.push(request.forceRefresh)
        return { token: 'expired-or-invalid', expiresOnMs: Date.now() + 3_600_000 }
      }
      return real(request)
    }
    const { summary } = await run(input, dataDir, tokens)
    expect(summary.state).toBe('completed')
    expect(summary.records.accepted).toBe(500)
    expect(calls[0]).toBe(false)
    expect(calls.filter((force) => force)).toHaveLength(1)
    // The refused attempt went out and was answered 401; the retry with the new token went in.
    expect(summary.requests.sent - summary.requests.accepted).toBe(1)
    expect(await countRows(fx.emulator, 'refresh')).toBe(500)
  })

  it('stops on 403 with a clear error and keeps the refused records with the request id', async () => {
    const { input, dataDir } = await job('forbidden', 300)
    const tokens = servicePrincipalTokens(
      fx.emulator,
      [],
      NO_RIGHTS.clientId,
      NO_RIGHTS.clientSecret,
    )
    const { handle, summary } = await run(input, dataDir, tokens)
    expect(summary.state).toBe('stopped')
    expect(summary.error?.code).toBe('upload/forbidden')
    expect(summary.records.accepted).toBe(0)
    expect(summary.failedByCause['http-403']).toBe(summary.records.failed)
    const failed = await failedRecords(dataDir, handle.jobId)
    expect(failed.length).toBe(summary.records.failed)
    expect(failed[0]).toMatchObject({ cause: 'http-403', status: 403, code: 'OperationFailed' })
    expect(failed[0]?.requestId).toMatch(/[0-9a-f-]{36}/)
    expect(failed[0]?.clientRequestId).toMatch(/[0-9a-f-]{36}/)
    // No token in the failed store.
    const text = await readFile(jobPaths(dataDir, handle.jobId).failed, 'utf8')
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/)
    expect(await countRows(fx.emulator, 'forbidden')).toBe(0)
  })
})
