import { readFile } from 'node:fs/promises'
import type { FailedRecord, FailureCause } from '../../shared/models/upload-job'
import { queryRows, tableFigures, type TableFigures } from './emulator-client'
import type { EmulatorHandle } from './emulator-handle'
import { SOAK_TABLE } from './soak-data'

/**
 * Exact reconciliation of one run: every input record (sequence numbers 0..N−1) must be either
 * in the table (query API) or in the failed store, never both, never neither. Duplicates (rows
 * minus distinct sequence numbers) are counted, not hidden.
 */

/** The failed records of one job, as sequence numbers, with their causes. */
export interface FailedSet {
  readonly seqs: ReadonlySet<number>
  /** Lines in the store (a record failed twice would show up here). */
  readonly lines: number
  readonly byCause: Partial<Record<FailureCause, number>>
  /** One message per cause, as the user sees it. */
  readonly exampleByCause: Partial<Record<FailureCause, string>>
}

/**
 * Reads a job's `failed.ndjson`; a missing store is an empty one. A line cut short (a write
 * that met a full disk, or a kill) is skipped, as the engine skips it: that record was not
 * handled and is read again on resume.
 */
export async function readFailedStore(path: string): Promise<FailedRecord[]> {
  const text = await readFile(path, 'utf8').catch(() => '')
  const records: FailedRecord[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    try {
      records.push(JSON.parse(line) as FailedRecord)
    } catch {
      // torn line
    }
  }
  return records
}

/**
 * The sequence numbers in a job's failed store. For a job over a soak file the ordinal is the
 * sequence number; a retry job sends a file of its own, so there the mapped record's `Bytes`
 * (the sequence number) is used. `keep` filters records (e.g. leave out those retried).
 */
export async function failedSet(
  path: string,
  options: { retryJob?: boolean; keep?: (record: FailedRecord) => boolean } = {},
): Promise<FailedSet> {
  const seqs = new Set<number>()
  const byCause: Partial<Record<FailureCause, number>> = {}
  const exampleByCause: Partial<Record<FailureCause, string>> = {}
  let lines = 0
  for (const record of await readFailedStore(path)) {
    if (options.keep !== undefined && !options.keep(record)) continue
    lines += 1
    const mapped = record.mapped as { Bytes?: unknown } | undefined
    const seq = options.retryJob === true ? Number(mapped?.Bytes) : record.ordinal
    if (!Number.isInteger(seq)) throw new Error(`failed record ${record.id} has no sequence number`)
    seqs.add(seq)
    byCause[record.cause] = (byCause[record.cause] ?? 0) + 1
    exampleByCause[record.cause] ??= record.message
  }
  return { seqs, lines, byCause, exampleByCause }
}

/** Several failed sets as one (e.g. an upload and the retry of its failed records). */
export function mergeFailedSets(sets: readonly FailedSet[]): FailedSet {
  const seqs = new Set<number>()
  const byCause: Partial<Record<FailureCause, number>> = {}
  const exampleByCause: Partial<Record<FailureCause, string>> = {}
  let lines = 0
  for (const set of sets) {
    for (const seq of set.seqs) seqs.add(seq)
    lines += set.lines
    for (const [cause, n] of Object.entries(set.byCause) as Array<[FailureCause, number]>) {
      byCause[cause] = (byCause[cause] ?? 0) + n
      exampleByCause[cause] ??= set.exampleByCause[cause]
    }
  }
  return { seqs, lines, byCause, exampleByCause }
}

/** The outcome of a reconciliation. */
export interface Reconciliation {
  /** Records in the source (sequence numbers 0..records−1). */
  readonly records: number
  readonly table: TableFigures
  readonly failed: { readonly records: number; readonly byCause: FailedSet['byCause'] }
  /** Rows whose sequence number is also in the failed store (must be 0). */
  readonly inBoth: number
  /** Rows with a sequence number outside 0..records−1 (must be 0). */
  readonly strays: boolean
  /** Records neither in the table nor in the failed store. */
  readonly lost: number
  /** Rows beyond the first of each sequence number. */
  readonly duplicates: number
  /** Every record accounted for exactly once (duplicates aside, which are reported). */
  readonly exact: boolean
}

/** How many rows of a run carry one of these sequence numbers, and how many distinct ones. */
async function rowsAmong(
  handle: EmulatorHandle,
  tag: string,
  seqs: readonly number[],
): Promise<{ rows: number; distinct: number }> {
  let rows = 0
  let distinct = 0
  for (let i = 0; i < seqs.length; i += 500) {
    const list = seqs.slice(i, i + 500).join(', ')
    const [row] = await queryRows(
      handle,
      `${SOAK_TABLE} | where Host == '${tag}' and Bytes in (${list}) | summarize n = count(), d = dcount(Bytes)`,
    )
    rows += Number(row?.['n'] ?? 0)
    distinct += Number(row?.['d'] ?? 0)
  }
  return { rows, distinct }
}

/** Reconciles a run tagged `tag` over `records` source records against its failed records. */
export async function reconcile(
  handle: EmulatorHandle,
  tag: string,
  records: number,
  failed: FailedSet,
): Promise<Reconciliation> {
  const table = await tableFigures(handle, tag)
  const both = await rowsAmong(handle, tag, [...failed.seqs])
  const strays =
    table.rows > 0 &&
    (table.minSeq === null || table.maxSeq === null || table.minSeq < 0 || table.maxSeq >= records)
  // Distinct sequence numbers seen in either place; with no strays they all lie in 0..N−1.
  const covered = table.distinct + failed.seqs.size - both.distinct
  const lost = records - covered
  return {
    records,
    table,
    failed: { records: failed.seqs.size, byCause: failed.byCause },
    inBoth: both.rows,
    strays,
    lost,
    duplicates: table.rows - table.distinct,
    exact: lost === 0 && both.rows === 0 && !strays,
  }
}

/** One line for a person: what the reconciliation found. */
export function describeReconciliation(r: Reconciliation): string {
  return (
    `${r.records.toLocaleString('en-US')} records: ${r.table.distinct.toLocaleString('en-US')} in the table ` +
    `(${r.table.rows.toLocaleString('en-US')} rows, ${r.duplicates} duplicates), ` +
    `${r.failed.records} in the failed store, ${r.inBoth} in both, ${r.lost} lost` +
    (r.strays ? ', STRAY ROWS' : '') +
    (r.exact ? ' — exact.' : ' — NOT EXACT.')
  )
}
