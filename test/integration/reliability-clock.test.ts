import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultSeed } from '../../emulator/seed/default-seed'
import {
  createEmulatorClock,
  inProcessEmulator,
  type EmulatorHandle,
} from '../../scripts/soak/emulator-handle'
import { runClockSkewUpload, runExpiredToken } from '../../scripts/soak/scenarios/conditions'
import { writeSoakFile, type SoakFile } from '../../scripts/soak/soak-data'

/*
 * Token expiry and clock skew, with a defined behaviour and no loss: a token that expires while
 * the uploader holds it, records whose time lies outside the service's window, and a service
 * clock that runs days ahead. The uploads are the real CLI as a child process; the emulator
 * runs here so its clock can be moved.
 */

const DAY = 24 * 3600_000
const clock = createEmulatorClock()
/** A token lifetime the uploader will hold on to (it renews only 2 minutes before expiry). */
const TOKEN_LIFETIME_SECONDS = 600
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
  dir = await mkdtemp(join(tmpdir(), 'logdrop-rel-clock-'))
  const seed = defaultSeed()
  handle = await inProcessEmulator({
    dir: join(dir, 'emulator'),
    seed: {
      ...seed,
      settings: { ...seed.settings, accessTokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS },
    },
    clock,
  })
  file = await writeSoakFile(join(dir, 'input.ndjson'), { targetBytes: 1_200_000, badEvery: 500 })
})

afterAll(async () => {
  await handle?.close()
  await rm(dir, { recursive: true, force: true })
})

const base = () => ({ handle, file, jobOptions })

describe('tokens and clocks', () => {
  it('a token that expires mid-upload is refused once per request, renewed, and the upload goes on', async () => {
    const result = await runExpiredToken({
      ...base(),
      workDir: join(dir, 'expired'),
      tag: 'expired',
      clock,
      // Past the lifetime and the service's 5 minutes of clock tolerance.
      jumpMs: (TOKEN_LIFETIME_SECONDS + 300 + 60) * 1000,
    })
    expect(result.refused401).toBeGreaterThan(0)
    // Each 401 named the expired token and led to one refresh, never to a failure.
    expect(result.expiredLogged).toBe(result.refused401)
    expect(result.summary.failedByCause.auth).toBeUndefined()
    expect(result.exit.code).toBe(2)
    expect(result.summary.state).toBe('completed-with-failures')
    expect(result.reconciliation.lost).toBe(0)
    expect(result.reconciliation.exact).toBe(true)
    expect(result.reconciliation.duplicates).toBe(0)
  }, 60_000)

  it('records outside [-2 days, +1 day] are flagged and sent (policy send) or kept out (policy fail)', async () => {
    const past = await writeSoakFile(join(dir, 'past.ndjson'), {
      records: 1_000,
      badEvery: 500,
      timeOffsetMs: -3 * DAY,
    })
    const sent = await runClockSkewUpload({
      handle,
      file: past,
      workDir: join(dir, 'skew-send'),
      tag: 'skew-send',
      label: 'send',
      kind: 'records-outside-send',
    })
    const pastGood = past.records - past.broken.length - past.invalid.length
    expect(sent.exit.code).toBe(2)
    expect(sent.summary.timeWindowFlags).toBe(pastGood)
    expect(sent.text).toContain(
      `${pastGood.toLocaleString('en-US')} records with a time outside [-2 days, +1 day]`,
    )
    // Azure (and the emulator) replace such a TimeGenerated with the time of arrival.
    expect(sent.replaced).toBe(pastGood)
    expect(sent.reconciliation.exact).toBe(true)

    const kept = await runClockSkewUpload({
      handle,
      file: past,
      workDir: join(dir, 'skew-fail'),
      tag: 'skew-fail',
      label: 'fail',
      kind: 'records-outside-fail',
    })
    expect(kept.exit.code).toBe(2)
    expect(kept.summary.records.accepted).toBe(0)
    expect(kept.failed.byCause.validation).toBe(pastGood + past.invalid.length)
    expect(kept.failed.exampleByCause.validation).toMatch(
      /more than 2 days before or 1 day after now/,
    )
    expect(kept.reconciliation.table.rows).toBe(0)
    expect(kept.reconciliation.exact).toBe(true)
  }, 60_000)

  it('a service clock 3 days ahead: tokens still work, the service restamps, nothing lost', async () => {
    const now = await writeSoakFile(join(dir, 'now.ndjson'), { records: 1_000, badEvery: 500 })
    clock.offsetMs = 3 * DAY
    try {
      const run = await runClockSkewUpload({
        handle,
        file: now,
        workDir: join(dir, 'skew-server'),
        tag: 'skew-server',
        label: 'server ahead',
        kind: 'service-clock-ahead',
      })
      const nowGood = now.records - now.broken.length - now.invalid.length
      expect(run.exit.code).toBe(2)
      // LogDrop checks the window against its own clock, which is right: nothing flagged.
      expect(run.summary.timeWindowFlags).toBe(0)
      expect(run.summary.records.accepted).toBe(nowGood)
      expect(run.replaced).toBe(nowGood)
      expect(run.reconciliation.exact).toBe(true)
    } finally {
      clock.offsetMs = 0
    }
  }, 60_000)
})
