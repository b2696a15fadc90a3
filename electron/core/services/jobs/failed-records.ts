import { once } from 'node:events'
import type { Writable } from 'node:stream'
import type {
  FailedFilter,
  FailedGroupView,
  FailedPage,
  FailedRecordView,
  FailedSummary,
} from '../../../../shared/models/history'
import type {
  FailedRecord,
  FailureCause,
  JobDefinition,
} from '../../../../shared/models/upload-job'
import { csvCell, csvRow, CSV_COLUMNS } from '../../../engine/main/failed-export'
import { readFailedEntries, readFailedRecords } from '../../../engine/common/journal/failed-store'
import { jobPaths } from '../../../engine/common/journal/job-store'
import type { Edits } from './failed-edits'
import { FailedTally, matchesFilter } from './failed-kinds'
import { fileName } from './upload-view'

/**
 * Failed records of an upload, with the files named as the upload shows them. The engine's
 * failed store stays the single source; nothing is copied.
 */

/** A failed record as it sits in the job's store. */
export interface LocatedRecord {
  readonly record: FailedRecord
  /** The stream record's JSON text as stored (exact long values; see readFailedEntries). */
  readonly mappedText?: string
}

/** Every failed record of the upload, in file order. */
async function* uploadFailedRecords(
  dataDir: string,
  job: JobDefinition,
): AsyncGenerator<LocatedRecord> {
  for await (const { record, mappedText } of readFailedEntries(
    jobPaths(dataDir, job.jobId).failed,
  )) {
    yield mappedText === undefined ? { record } : { record, mappedText }
  }
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null
}

/**
 * A failed record as one JSON line, its stream record written as the stored text when there is
 * one (JSON.stringify would change long values beyond 2^53).
 */
function withMappedText(record: FailedRecord & { edited?: unknown }, mappedText?: string): string {
  if (mappedText === undefined || record.mapped === undefined) return JSON.stringify(record)
  const rest: Record<string, unknown> = { ...record }
  delete rest['mapped']
  return `${JSON.stringify(rest).slice(0, -1)},"mapped":${mappedText}}`
}

/** The view of one failed record. */
export function toView(job: JobDefinition, located: LocatedRecord, edits: Edits): FailedRecordView {
  const { record } = located
  const { id, fileIndex } = record
  const file = job.files[fileIndex]
  return {
    id,
    cause: record.cause,
    fileName: file === undefined ? `file ${fileIndex + 1}` : fileName(file),
    fileIndex,
    ordinal: record.ordinal,
    line: record.line ?? null,
    byteOffset: record.byteOffset ?? null,
    source: record.source ?? null,
    mapped: asRecord(record.mapped),
    edited: edits[id] ?? null,
    status: record.status ?? null,
    code: record.code ?? null,
    column: record.column ?? null,
    message: record.message,
    requestId: record.requestId ?? null,
    clientRequestId: record.clientRequestId ?? null,
    time: record.time,
  }
}

/** Which records a request means: one cause and/or some ids; absent means all. */
export interface Selection {
  readonly cause?: FailureCause | undefined
  readonly ids?: ReadonlySet<string> | undefined
}

function selected(located: LocatedRecord, selection: Selection): boolean {
  if (selection.cause !== undefined && located.record.cause !== selection.cause) return false
  if (selection.ids !== undefined) return selection.ids.has(located.record.id)
  return true
}

/** One page of failed records. */
export async function listFailed(
  dataDir: string,
  job: JobDefinition,
  edits: Edits,
  request: FailedFilter & { offset: number; limit: number },
): Promise<FailedPage> {
  const records: FailedRecordView[] = []
  let total = 0
  for await (const located of uploadFailedRecords(dataDir, job)) {
    if (!selected(located, { cause: request.cause })) continue
    const view = toView(job, located, edits)
    if (!matchesFilter(view, request)) continue
    if (total >= request.offset && records.length < request.limit) records.push(view)
    total += 1
  }
  return { jobId: job.jobId, total, offset: request.offset, records }
}

/** Failed records grouped by cause, most frequent first. */
export async function summarizeFailed(
  dataDir: string,
  job: JobDefinition,
  edits: Edits,
): Promise<FailedSummary> {
  const groups = new Map<FailureCause, { count: number; message: string; statuses: Set<number> }>()
  const tally = new FailedTally()
  let total = 0
  for await (const located of uploadFailedRecords(dataDir, job)) {
    const { record } = located
    tally.add(toView(job, located, edits))
    total += 1
    let group = groups.get(record.cause)
    if (group === undefined) {
      group = { count: 0, message: record.message, statuses: new Set() }
      groups.set(record.cause, group)
    }
    group.count += 1
    if (record.status !== undefined) group.statuses.add(record.status)
  }
  const views: FailedGroupView[] = [...groups.entries()]
    .map(([cause, g]) => ({
      cause,
      count: g.count,
      exampleMessage: g.message,
      statuses: [...g.statuses].sort((a, b) => a - b),
    }))
    .sort((a, b) => b.count - a.count)
  return {
    jobId: job.jobId,
    total,
    groups: views,
    ...tally.summary(),
    edited: Object.keys(edits).length,
  }
}

/** Finds one failed record by its id. */
export async function findFailed(
  dataDir: string,
  job: JobDefinition,
  id: string,
): Promise<LocatedRecord | undefined> {
  for await (const record of readFailedRecords(jobPaths(dataDir, job.jobId).failed)) {
    if (record.id === id) return { record }
  }
  return undefined
}

/**
 * Writes the selected failed records as NDJSON (one JSON object per line) or CSV (the engine's
 * columns plus `edited`, RFC 4180, CRLF), with the upload's file names. Streams with
 * backpressure; returns how many records were written.
 */
export async function exportFailed(
  dataDir: string,
  job: JobDefinition,
  edits: Edits,
  format: 'ndjson' | 'csv',
  selection: Selection,
  out: Writable,
): Promise<number> {
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  if (format === 'csv') await write(`${[...CSV_COLUMNS, 'edited'].join(',')}\r\n`)
  let count = 0
  for await (const located of uploadFailedRecords(dataDir, job)) {
    if (!selected(located, selection)) continue
    const view = toView(job, located, edits)
    const record: FailedRecord = {
      ...located.record,
      id: view.id,
      file: view.fileName,
      fileIndex: view.fileIndex,
    }
    if (format === 'csv') {
      const edited = view.edited === null ? undefined : JSON.stringify(view.edited)
      await write(`${csvRow(record, located.mappedText)},${csvCell(edited)}\r\n`)
    } else {
      const line = view.edited === null ? record : { ...record, edited: view.edited }
      await write(`${withMappedText(line, located.mappedText)}\n`)
    }
    count += 1
  }
  return count
}
