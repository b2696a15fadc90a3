import type { PostRequest } from './ingestion-client'
import type { AttemptResult } from './retry-policy'

/** What the sender needs of a client: one attempt per call, and closing. */
export interface RequestPoster {
  post(request: PostRequest): Promise<AttemptResult>
  close(): Promise<void>
}

/**
 * The client of a dry run: every request is built, compressed and counted exactly as for the
 * service, and answered here as accepted without leaving the machine. Everything before the
 * POST (reading, helpers, direct writers, mapping, packing, gzip, the journal) is the upload's.
 */
export class NoSendClient implements RequestPoster {
  post(request: PostRequest): Promise<AttemptResult> {
    return Promise.resolve(
      request.signal.aborted ? { kind: 'aborted' } : { kind: 'accepted', status: 204 },
    )
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}
