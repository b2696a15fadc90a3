import { readFile } from 'node:fs/promises'
import { AppError } from '../../../../shared/errors/app-error'
import type { JobPaths } from '../../../engine/common/journal/job-store'
import { writeFileAtomic } from '../../platform/atomic-write'

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
