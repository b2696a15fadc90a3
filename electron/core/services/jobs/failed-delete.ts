import type { FailedFilter } from '../../../../shared/models/history'
import type { JobDefinition } from '../../../../shared/models/upload-job'
import { removeFailedRecords } from '../../../engine/common/journal/failed-store'
import { jobPaths } from '../../../engine/common/journal/job-store'
import { isFiltered, matchesFilter } from './failed-kinds'
import { toView } from './failed-records'

/** Which failed records to delete: the given ids, else every one the filter matches. */
export interface DeleteSelection {
  readonly ids?: ReadonlySet<string> | undefined
  readonly filter: FailedFilter
}

/**
 * Deletes failed records of an upload from its failed store (one, a selection, a filter's
 * matches, or the whole store when neither narrows). Answers the ids removed, so their edits go
 * too. The upload must not be running.
 */
export async function deleteFailed(
  dataDir: string,
  job: JobDefinition,
  selection: DeleteSelection,
): Promise<ReadonlySet<string>> {
  const removed = new Set<string>()
  const whole = selection.ids === undefined && !isFiltered(selection.filter)
  await removeFailedRecords(jobPaths(dataDir, job.jobId).failed, (record) => {
    const picked =
      whole ||
      (selection.ids !== undefined
        ? selection.ids.has(record.id)
        : matchesFilter(toView(job, { record }, {}), selection.filter))
    if (picked) removed.add(record.id)
    return picked
  })
  return removed
}
