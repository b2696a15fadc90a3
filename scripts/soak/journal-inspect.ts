import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { jobPaths } from '../../electron/engine/common/journal/job-store'
import type { LedgerEntry } from '../../electron/engine/worker/ledger'
import { readFailedStore } from './reconcile'

/**
 * Reads a job's journal from the outside, independently of the engine's own replay, so the
 * campaign can check the engine's duplicate accounting rather than repeat it.
 */

/** The only job in a data folder (the campaign uses one folder per job), once it exists. */
export async function onlyJobId(dataDir: string): Promise<string | undefined> {
  const ids = await readdir(join(dataDir, 'jobs')).catch(() => [] as string[])
  return ids.sort().at(-1)
}

/** The ledger's lines that parse (a torn last line is skipped, as the engine does). */
export async function readLedger(dataDir: string, jobId: string): Promise<LedgerEntry[]> {
  const text = await readFile(jobPaths(dataDir, jobId).ledger, 'utf8').catch(() => '')
  const entries: LedgerEntry[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    try {
      entries.push(JSON.parse(line) as LedgerEntry)
    } catch {
      // torn tail
    }
  }
  return entries
}

/** Acknowledged records so far, over all runs. */
export function acknowledged(entries: readonly LedgerEntry[]): number {
  let total = 0
  for (const entry of entries) {
    if (entry.t !== 'ack') continue
    for (const [, first, last] of entry.r) total += last - first + 1
  }
  return total
}

/** Requests (and their records) the last run sent and never saw answered. */
export interface InFlight {
  readonly run: number
  readonly requests: number
  readonly records: number
}

/**
 * What was in flight when the last run ended without an `end` line (a kill): requests whose
 * `send` has no `ack` or `split` in the same run, minus records that went to the failed store.
 * Only these can reach the table twice after a resume.
 */
export async function inFlightOfLastRun(dataDir: string, jobId: string): Promise<InFlight> {
  const entries = await readLedger(dataDir, jobId)
  let start = -1
  let run = 0
  entries.forEach((entry, index) => {
    if (entry.t === 'run') {
      start = index
      run = entry.run
    }
  })
  const open = new Map<string, ReadonlyArray<readonly [number, number, number]>>()
  for (const entry of entries.slice(start + 1)) {
    if (entry.t === 'send') open.set(entry.c, entry.r)
    else if (entry.t === 'ack' || entry.t === 'split') open.delete(entry.c)
  }
  const failed = new Set(
    (await readFailedStore(jobPaths(dataDir, jobId).failed)).map(
      (f) => `${f.fileIndex}:${f.ordinal}`,
    ),
  )
  let requests = 0
  let records = 0
  for (const ranges of open.values()) {
    let missing = 0
    for (const [file, first, last] of ranges) {
      for (let ordinal = first; ordinal <= last; ordinal++) {
        if (!failed.has(`${file}:${ordinal}`)) missing += 1
      }
    }
    if (missing > 0) {
      requests += 1
      records += missing
    }
  }
  return { run, requests, records }
}

/** True once the ledger shows a request sent by run `run` (or a later one). */
export function sentInRun(entries: readonly LedgerEntry[], run: number): boolean {
  let current = 0
  for (const entry of entries) {
    if (entry.t === 'run') current = entry.run
    else if (entry.t === 'send' && current >= run) return true
  }
  return false
}

/** True once run `run` has had at least one request acknowledged. */
export function ackedInRun(entries: readonly LedgerEntry[], run: number): boolean {
  let current = 0
  for (const entry of entries) {
    if (entry.t === 'run') current = entry.run
    else if (entry.t === 'ack' && current >= run) return true
  }
  return false
}

/** Polls until `probe` returns a value (or the time is up). */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
  what = 'a condition',
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
