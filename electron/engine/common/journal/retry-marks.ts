import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../../../platform/atomic-write'
import { AppendLog, readLogLines } from './append-log'
import { OrdinalSet, type OrdinalRange } from './interval-set'
import { jobPaths, listJobIds, loadJobDefinition } from './job-store'

/*
 * Which failed records a retry got accepted, so that the next retry does not send them again.
 *
 * - A retry job keeps `retry-origin.json`: for each of its files, the id in the original job's
 *   failed store of each record it holds, in file order.
 * - The original job keeps `accepted.ndjson` beside `failed.ndjson`, an append log (the same
 *   journal as the ledger): one line per settlement, `{ by, ids, at }`, naming the failed
 *   records that retry `by` got accepted. Lines are only added, never rewritten.
 *
 * Marks are settled from the retries' own ledgers (their `ack` lines), so a retry that was
 * killed before it could mark anything is settled the next time: nothing depends on the retry
 * ending in an orderly way. A retry of a retry counts for the first job too.
 */

/** Where a retry's records came from. */
export interface RetryOrigin {
  readonly retryOf: string
  /** Per file of the retry job: the original failed-record id of each record, in order. */
  readonly files: ReadonlyArray<readonly string[]>
}

const ORIGIN_FILE = 'retry-origin.json'
const ACCEPTED_FILE = 'accepted.ndjson'

interface AcceptedLine {
  readonly by: string
  readonly ids: readonly string[]
  readonly at: string
}

/** Saves where a retry job's records came from (before the retry first runs). */
export async function saveRetryOrigin(retryDir: string, origin: RetryOrigin): Promise<void> {
  await writeFileAtomic(join(retryDir, ORIGIN_FILE), `${JSON.stringify(origin)}\n`)
}

async function loadRetryOrigin(retryDir: string): Promise<RetryOrigin | undefined> {
  try {
    return JSON.parse(await readFile(join(retryDir, ORIGIN_FILE), 'utf8')) as RetryOrigin
  } catch {
    return undefined
  }
}

/** The ids marked accepted in a job's store so far. */
export async function readAcceptedIds(dataDir: string, jobId: string): Promise<Set<string>> {
  const ids = new Set<string>()
  const path = join(jobPaths(dataDir, jobId).dir, ACCEPTED_FILE)
  for await (const line of readLogLines<AcceptedLine>(path)) {
    if (!line.ok) continue
    const marked: readonly unknown[] = Array.isArray(line.value.ids) ? line.value.ids : []
    for (const id of marked) if (typeof id === 'string') ids.add(id)
  }
  return ids
}

/** Records (file index, ordinal) a job's ledger shows as accepted. */
async function acknowledged(ledgerPath: string): Promise<OrdinalSet> {
  const done = new OrdinalSet()
  for await (const line of readLogLines<{ t?: unknown; r?: OrdinalRange[] }>(ledgerPath)) {
    if (line.ok && line.value.t === 'ack' && Array.isArray(line.value.r)) {
      done.addRanges(line.value.r)
    }
  }
  return done
}

/** `<fileIndex>:<ordinal>` (failedRecordId's form) back to its parts. */
function parseFailedId(id: string): [number, number] | undefined {
  const match = /^(\d+):(\d+)$/.exec(id)
  return match === null ? undefined : [Number(match[1]), Number(match[2])]
}

/**
 * Brings `accepted.ndjson` of a job up to date with its retries' ledgers (and theirs, for
 * retries of retries). Returns every id marked accepted in the job's failed store.
 */
export async function settleRetries(dataDir: string, jobId: string): Promise<Set<string>> {
  const retries: string[] = []
  for (const id of await listJobIds(dataDir)) {
    const definition = await loadJobDefinition(jobPaths(dataDir, id)).catch(() => undefined)
    if (definition?.retryOf === jobId) retries.push(id)
  }
  // retryOf always names a job that existed before: the relation has no cycles.
  return settle(dataDir, jobId, retries)
}

async function settle(
  dataDir: string,
  jobId: string,
  retries: readonly string[],
): Promise<Set<string>> {
  const marked = await readAcceptedIds(dataDir, jobId)
  const lines: AcceptedLine[] = []
  for (const retryId of retries) {
    const paths = jobPaths(dataDir, retryId)
    const origin = await loadRetryOrigin(paths.dir)
    if (origin === undefined || origin.retryOf !== jobId) continue
    const accepted = await acknowledged(paths.ledger)
    // Records this retry failed, accepted later by a retry of it.
    const later = await settleRetries(dataDir, retryId)
    for (const id of later) {
      const parts = parseFailedId(id)
      if (parts !== undefined) accepted.add(parts[0], parts[1])
    }
    const fresh: string[] = []
    origin.files.forEach((ids, fileIndex) => {
      ids.forEach((originalId, ordinal) => {
        if (!marked.has(originalId) && accepted.has(fileIndex, ordinal)) {
          marked.add(originalId)
          fresh.push(originalId)
        }
      })
    })
    if (fresh.length > 0) lines.push({ by: retryId, ids: fresh, at: new Date().toISOString() })
  }
  if (lines.length > 0) {
    const log = await AppendLog.open(join(jobPaths(dataDir, jobId).dir, ACCEPTED_FILE))
    try {
      log.appendMany(lines.map((line) => JSON.stringify(line)))
      log.sync()
    } finally {
      log.close()
    }
  }
  return marked
}
