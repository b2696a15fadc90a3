import type { InvokeHandlers } from '../../ipc/dispatch'
import type { JobsService } from './jobs-service'

type JobsChannel = Extract<
  keyof InvokeHandlers,
  `jobs:${string}` | `failed:${string}` | `history:${string}`
>

/** The `jobs:*`, `failed:*` and `history:*` requests, bound to the JobsService. */
export function createJobsHandlers(jobs: JobsService): Pick<InvokeHandlers, JobsChannel> {
  return {
    'jobs:start': (request) => jobs.start(request),
    'jobs:pause': ({ jobId }) => jobs.pause(jobId),
    'jobs:resume': ({ jobId }) => jobs.resume(jobId),
    'jobs:cancel': ({ jobId }) => jobs.cancel(jobId),
    'jobs:active': () => jobs.activeProgress(),
    'failed:summary': ({ jobId }) => jobs.failedSummary(jobId),
    'failed:list': (request) => jobs.failedList(request),
    'failed:update': (request) => jobs.failedUpdate(request),
    'failed:export': (request) => jobs.failedExport(request),
    'failed:retry': (request) => jobs.failedRetry(request),
    'failed:delete': (request) => jobs.failedDelete(request),
    'history:list': () => jobs.history(),
    'history:resume': ({ jobId, accountId }) => jobs.resumeUpload(jobId, accountId),
    'history:verify': (request) => jobs.verify(request),
  }
}
