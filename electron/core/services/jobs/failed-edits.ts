import { readFile } from 'node:fs/promises'
import { AppError } from '../../../../shared/errors/app-error'
import {
  DEFAULT_TIME_POLICY,
  type Mapping,
  type StreamColumn,
} from '../../../../shared/mapping/mapping-schema'
import type { RecordValidation } from '../../../../shared/models/history'
import type { JobDefinition } from '../../../../shared/models/upload-job'
import { jobPaths, type JobPaths } from '../../../engine/common/journal/job-store'
import { writeFileAtomic } from '../../../platform/atomic-write'
import { findFailed } from './failed-records'
import { validateEditedRecord } from './record-validation'

/** Edited stream records by failed-record id, kept in the job's folder (`edits.json`). */
export type Edits = Readonly<Record<string, Record<string, unknown>>>

export async function loadEdits(paths: JobPaths): Promise<Edits> {
  try {
    return JSON.parse(await readFile(paths.edits, 'utf8')) as Edits
  } catch {
    return {}
  }
}

export async function saveEdits(paths: JobPaths, edits: Edits): Promise<void> {
  try {
    await writeFileAtomic(paths.edits, `${JSON.stringify(edits, null, 2)}\n`)
  } catch (error) {
    throw new AppError('failed/edits-unwritable', paths.edits, { cause: error })
  }
}

/**
 * Edits a failed record: checks the stream record with the rules of its file's mapping and
 * keeps it when valid; `null` drops the edit.
 */
export async function updateFailed(
  dataDir: string,
  job: JobDefinition,
  recordId: string,
  record: Record<string, unknown> | null,
): Promise<RecordValidation> {
  const located = await findFailed(dataDir, job, recordId)
  if (located === undefined) throw new AppError('failed/record-not-found', recordId)
  const paths = jobPaths(dataDir, job.jobId)
  const edits = { ...(await loadEdits(paths)) }
  const { id, fileIndex, mapped } = located.record
  if (record === null) {
    delete edits[id]
    await saveEdits(paths, edits)
    return { valid: true, record: asObject(mapped) ?? {} }
  }
  const index = job.files[fileIndex]?.mapping ?? null
  const mapping = (index === null ? null : job.mappings[index]) as Mapping | null
  const columns: StreamColumn[] =
    job.streamColumns ??
    Object.entries(mapping?.columns ?? {}).map(([name, rule]) => ({ name, type: rule.type }))
  const policy =
    mapping === null
      ? { ...DEFAULT_TIME_POLICY, missing: 'service-time' as const }
      : { ...DEFAULT_TIME_POLICY, ...mapping.timePolicy }
  const result = validateEditedRecord(record, columns, policy)
  if (result.valid) {
    edits[id] = { ...result.record }
    await saveEdits(paths, edits)
  }
  return result
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}
