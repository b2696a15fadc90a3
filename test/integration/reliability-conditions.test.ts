import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { userMessage } from '../../shared/errors/messages'
import { inProcessEmulator, type EmulatorHandle } from '../../scripts/soak/emulator-handle'
import { hasStackTrace } from '../../scripts/soak/logdrop-process'
import {
  runDiskFull,
  runEmulatorAwayAndBack,
  runEmulatorGone,
  runUnwritableFolder,
} from '../../scripts/soak/scenarios/conditions'
import { writeSoakFile, type SoakFile } from '../../scripts/soak/soak-data'

/*
 * Conditions with a defined behaviour, a message a person can act on, and no loss: an
 * unwritable data folder, a disk that fills up mid-upload, and the service going away (briefly,
 * and past the retry budget). The uploads are the real CLI as a child process. Token expiry and
 * clock skew: reliability-clock.test.ts.
 */

let dir: string
let handle: EmulatorHandle
let file: SoakFile
/** Small requests, so a megabyte makes dozens of them; quick retries. */
const jobOptions = {
  maxRequestBytes: 16_384,
  concurrency: 4,
  baseBackoffMs: 200,
  maxBackoffMs: 2_000,
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-rel-cond-'))
  handle = await inProcessEmulator({ dir: join(dir, 'emulator') })
  file = await writeSoakFile(join(dir, 'input.ndjson'), { targetBytes: 1_200_000, badEvery: 500 })
})

afterAll(async () => {
  await handle?.close()
  await rm(dir, { recursive: true, force: true })
})

const good = () => file.records - file.broken.length - file.invalid.length
const base = () => ({ handle, file, jobOptions })

describe('the data folder', () => {
  it('cannot be written: refused before anything is sent, exit 1, with what to do', async (context) => {
    const result = await runUnwritableFolder({ ...base(), workDir: join(dir, 'ro'), tag: 'ro' })
    if ('skipped' in result) {
      context.skip(result.skipped)
      return
    }
    expect(result.exit.code).toBe(1)
    expect(result.error?.code).toBe('upload/journal-unwritable')
    expect(result.error?.message).toBe(userMessage('upload/journal-unwritable'))
    expect(result.exit.stderr).toContain(`logdrop: ${userMessage('upload/journal-unwritable')}`)
    expect(hasStackTrace(result.exit.stderr)).toBe(false)
    expect(result.rows).toBe(0)
  }, 60_000)

  it('fills up mid-upload: the job stops with that message, resume finishes it, nothing lost', async (context) => {
    const result = await runDiskFull({ ...base(), workDir: join(dir, 'full'), tag: 'full' })
    if ('skipped' in result) {
      context.skip(result.skipped)
      return
    }
    expect(result.stopped.code).toBe(2)
    expect(result.stoppedSummary.state).toBe('stopped')
    expect(result.stoppedSummary.error?.code).toBe('upload/journal-unwritable')
    expect(result.stoppedSummary.error?.message).toMatch(/Check disk space and permissions/)
    expect(result.stoppedSummary.next.resume).toBe(`logdrop resume ${result.stoppedSummary.jobId}`)
    expect(result.stoppedSummary.records.accepted).toBeGreaterThan(0)
    expect(result.stoppedSummary.records.accepted).toBeLessThan(good())
    expect(hasStackTrace(result.stopped.stderr)).toBe(false)

    expect(result.resumed.code).toBe(2)
    expect(result.resumedSummary.state).toBe('completed-with-failures')
    const r = result.reconciliation
    expect(r.lost).toBe(0)
    expect(r.exact).toBe(true)
    expect(r.duplicates).toBeLessThanOrEqual(result.inFlight.records)
  }, 60_000)
})

describe('the service goes away', () => {
  it('for two seconds: the upload retries, carries on when it is back, loses nothing', async () => {
    const result = await runEmulatorAwayAndBack({
      ...base(),
      workDir: join(dir, 'away'),
      tag: 'away',
      downMs: 2_000,
    })
    expect(result.exit.code, result.exit.stderr.slice(-2000)).toBe(2)
    expect(result.summary.state).toBe('completed-with-failures')
    expect(result.summary.failedByCause).toEqual({
      parse: file.broken.length,
      validation: file.invalid.length,
    })
    // The verbose log tells each refused attempt and its retry.
    expect(result.networkRetriesLogged).toBeGreaterThan(0)
    const r = result.reconciliation
    expect(r.lost).toBe(0)
    expect(r.exact).toBe(true)
    expect(r.duplicates).toBeLessThanOrEqual(result.summary.duplicatesPossible.records)
  }, 60_000)

  it('past the retry budget: the job stops and says so; resume and failed retry bring every record', async () => {
    const result = await runEmulatorGone({
      ...base(),
      jobOptions: { ...jobOptions, maxAttempts: 3, baseBackoffMs: 100, maxBackoffMs: 300 },
      workDir: join(dir, 'gone'),
      tag: 'gone',
    })
    const stopped = result.stoppedSummary
    expect(result.stopped.code).toBe(2)
    expect(stopped.state).toBe('stopped')
    expect(stopped.error?.code).toBe('upload/network-unreachable')
    expect(stopped.error?.message).toBe(userMessage('upload/network-unreachable'))
    expect(stopped.failedByCause.network).toBeGreaterThan(0)
    expect(stopped.next.resume).toBe(`logdrop resume ${stopped.jobId}`)
    expect(stopped.next.retryFailed).toBe(`logdrop failed retry ${stopped.jobId}`)

    expect(result.resumed.code).toBe(2)
    expect(result.resumedSummary.state).toBe('completed-with-failures')
    expect(result.retried.code).toBe(0)
    expect(result.retriedSummary.records.accepted).toBe(stopped.failedByCause.network)

    const r = result.reconciliation
    expect(r.table.distinct).toBe(good())
    expect(r.lost).toBe(0)
    expect(r.exact).toBe(true)
  }, 60_000)
})
