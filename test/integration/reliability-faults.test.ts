import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postRecords } from '../../scripts/soak/emulator-client'
import {
  createEmulatorClock,
  inProcessEmulator,
  type EmulatorHandle,
} from '../../scripts/soak/emulator-handle'
import { runFaultsScenario } from '../../scripts/soak/scenarios/faults'
import { writeSoakFile, type SoakFile } from '../../scripts/soak/soak-data'
import { campaignFaults } from '../../scripts/soak/soak-job'

/*
 * The short version of `npm run soak`'s fault run: a few megabytes through the real CLI while
 * the emulator injects every fault at once (5 % 5xx, 5 % 429 with Retry-After, 1 % connection
 * resets, 2 % latency spikes of 500 ms, and a per-DCR request limit that throttles), then an
 * exact reconciliation through the query API and the failed store: nothing lost, no duplicate.
 */

const clock = createEmulatorClock()
let dir: string
let handle: EmulatorHandle
let file: SoakFile

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-rel-faults-'))
  handle = await inProcessEmulator({ dir: join(dir, 'emulator'), clock })
  // Lines 499, 999, … are broken JSON; 250, 750, … have a level that is no number.
  file = await writeSoakFile(join(dir, 'input.ndjson'), { targetBytes: 3_000_000, badEvery: 500 })
})

afterAll(async () => {
  await handle?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('an upload under every fault at once', () => {
  it('reconciles exactly: every record in the table or the failed store, none lost, none twice', async () => {
    // The per-DCR window holds one minute. Fill it with 150 small requests, then move the
    // emulator's clock 42 s on: the upload's own requests hit the limit at once and are told to
    // wait only until those 150 age out, instead of most of a minute.
    const preload = await postRecords(handle, 150, 'preload')
    expect(preload.every((status) => status === 204)).toBe(true)
    clock.offsetMs += 42_000

    const result = await runFaultsScenario({
      handle,
      file,
      workDir: join(dir, 'run'),
      tag: 'faults',
      faults: campaignFaults({ requestsPerMinute: 160 }, 20_240_101),
      // 32 KB requests: 3 MB makes about a hundred of them, enough for 1 % faults to happen.
      jobOptions: {
        maxRequestBytes: 32_768,
        concurrency: 4,
        baseBackoffMs: 100,
        maxBackoffMs: 1_000,
      },
    })
    const { summary, counters, reconciliation: r } = result

    // Every kind of fault happened, and the limit throttled.
    expect(counters.faults['status5xx']).toBeGreaterThan(0)
    expect(counters.faults['status429']).toBeGreaterThan(0)
    expect(counters.faults['reset']).toBeGreaterThan(0)
    expect(counters.faults['latencySpike']).toBeGreaterThan(0)
    expect(counters.throttled).toBeGreaterThan(0)
    // The engine saw each of them and retried each once.
    const throttledAnswers = (counters.faults['status429'] ?? 0) + counters.throttled
    expect(summary.requests.throttled).toBe(throttledAnswers)
    expect(summary.requests.retries).toBe(
      throttledAnswers + (counters.faults['status5xx'] ?? 0) + (counters.faults['reset'] ?? 0),
    )

    // The run ended as it should: the bad lines failed, everything else was accepted.
    expect(result.exit.code, result.exit.stderr).toBe(2)
    expect(summary.state).toBe('completed-with-failures')
    expect(summary.records.accepted).toBe(file.records - file.broken.length - file.invalid.length)
    expect(summary.failedByCause).toEqual({
      parse: file.broken.length,
      validation: file.invalid.length,
    })

    // Reconciled record by record through the query API.
    expect(r.records).toBe(file.records)
    expect(r.table.distinct).toBe(summary.records.accepted)
    expect(r.failed.records).toBe(file.broken.length + file.invalid.length)
    expect(r.inBoth).toBe(0)
    expect(r.strays).toBe(false)
    expect(r.lost).toBe(0)
    expect(r.duplicates).toBe(0)
    expect(r.exact).toBe(true)
  }, 90_000)
})
