import type { AppErrorData } from '../../../shared/errors/app-error'
import type { JobDefinition } from '../../../shared/models/upload-job'
import type { PreparedBlock } from './prepare-block'

/**
 * Messages between the upload worker and its prepare helpers. Each request carries a `seq`
 * that its answer repeats; bytes travel as transferred buffers, errors as AppErrorData.
 */

/** `workerData` of a prepare helper: the job (for its mapping and limits). */
export interface PrepareStart {
  readonly job: JobDefinition
}

export interface PrepareRequest {
  readonly type: 'prepare'
  readonly seq: number
  readonly fileIndex: number
  /** The block's bytes (transferred). */
  readonly bytes: Uint8Array
  readonly nowMs: number
}

export type PrepareAnswer =
  | { readonly type: 'prepared'; readonly seq: number; readonly block: PreparedBlock }
  | { readonly type: 'failed'; readonly seq: number; readonly error: AppErrorData }
