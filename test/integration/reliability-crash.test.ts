import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessEmulator, type EmulatorHandle } from '../../scripts/soak/emulator-handle'
import { runCrashScenario } from '../../scripts/soak/scenarios/crash'
import { writeSoakFile, type SoakFile } from '../../scripts/soak/soak-data'

/*
 * The short version of `npm run soak`'s crash run: the CLI uploading as its own process is
 * killed with SIGKILL three times at random (seeded) moments while requests are in flight, and
 * resumed with `logdrop resume` each time. Afterwards every record is in the table or in the
 * failed store, and the only duplicates are records of requests that were in flight at a kill.
 */

let dir: string
let handle: EmulatorHandle
let file: SoakFile

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-rel-crash-'))
  handle = await inProcessEmulator({ dir: join(dir, 'emulator') })
  file = await writeSoakFile(join(dir, 'input.ndjson'), { targetBytes: 2_500_000, badEvery: 1000 })
})

afterAll(async () => {
  await handle?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('SIGKILL at random moments, then logdrop resume', () => {
  it('loses nothing; duplicates stay within the requests in flight at the kills', async () => {
    const result = await runCrashScenario({
      handle,
      file,
      workDir: join(dir, 'run'),
      tag: 'crash',
      kills: 3,
      seed: 8,
      killAfterMs: [200, 1_200],
      // Slow answers, so every kill finds requests on the wire.
      slowdown: { latencyMs: 300 },
      jobOptions: { maxRequestBytes: 32_768, concurrency: 4 },
    })
    const { kills, summary, reconciliation: r } = result

    // Three kills, each ending a different run of the same job.
    expect(kills.map((k) => k.run)).toEqual([1, 2, 3])
    expect(kills.every((k) => k.inFlight.requests > 0)).toBe(true)
    expect(result.final.code, result.final.stderr).toBe(2)
    expect(summary.state).toBe('completed-with-failures')
    expect(summary.records.skipped).toBeGreaterThan(0)

    // Nothing lost: every record in the table or the failed store, never both.
    expect(r.records).toBe(file.records)
    expect(r.table.distinct).toBe(file.records - file.broken.length - file.invalid.length)
    expect(r.failed.byCause).toEqual({ parse: file.broken.length, validation: file.invalid.length })
    expect(r.inBoth).toBe(0)
    expect(r.lost).toBe(0)
    expect(r.exact).toBe(true)

    // Duplicates: at most the records in flight at the kills, counted from the ledger here;
    // the engine's own count (reported to the user) agrees with that.
    expect(r.duplicates).toBeLessThanOrEqual(result.inFlightRecords)
    expect(summary.duplicatesPossible.records).toBe(result.inFlightRecords)
    expect(summary.duplicatesPossible.requests).toBe(result.inFlightRequests)
  }, 90_000)
})
