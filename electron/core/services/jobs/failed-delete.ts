import type { FailedFilter } from '../../../../shared/models/history'
import { removeFailedRecords } from '../../../engine/common/journal/failed-store'
import { jobPaths } from '../../../engine/common/journal/job-store'
import { isFiltered, matchesFilter } from './failed-kinds'
import { toView, uploadRecordId, type Edits } from './failed-records'
import type { UploadMeta } from './upload-meta'

/** Which failed records to delete: the given ids, else every one the filter matches. */
export interface DeleteSelection {
  readonly ids?: ReadonlySet<string> | undefined
  readonly filter: FailedFilter
}

/**
 * Deletes failed records of an upload from its engine jobs' failed stores (one, a selection, a
 * filter's matches, or the whole store when neither narrows). Answers the ids removed, so their
 * edits go too. The upload must not be running.
 */
export async function deleteFailed(
  dataDir: string,
  meta: UploadMeta,
  selection: DeleteSelection,
): Promise<ReadonlySet<string>> {
  const removed = new Set<string>()
  const whole = selection.ids === undefined && !isFiltered(selection.filter)
  const none: Edits = {}
  for (const [child, jobId] of meta.children.entries()) {
    await removeFailedRecords(jobPaths(dataDir, jobId).failed, (record) => {
      const id = uploadRecordId(child, record.id)
      const picked =
        whole ||
        (selection.ids !== undefined
          ? selection.ids.has(id)
          : matchesFilter(toView(meta, { child, record }, none), selection.filter))
      if (picked) removed.add(id)
      return picked
    })
  }
  return removed
}
