import type { AppErrorData } from '../../../shared/errors/app-error'
import type { JobDefinition, JobProgress, JobSummary } from '../../../shared/models/upload-job'
import type { AccessTokenData } from '../common/token-cache'

/**
 * Messages between the main thread (job runner) and the upload worker.
 *
 * Every message has a `seq`; answers (`token-response`) repeat the `seq` of their question.
 * Errors travel as AppErrorData, never as Error objects (structured clone drops their class).
 * Credentials stay on the main thread: the worker asks for a token and gets only the token.
 */

/** `workerData` of a new upload worker. */
export interface WorkerStart {
  readonly job: JobDefinition
  readonly dataDir: string
  readonly userAgent: string
  /** Log a line to the main thread for every request (tests, diagnostics). */
  readonly verbose?: boolean
}

export type MainToWorker =
  | {
      readonly type: 'token-response'
      readonly seq: number
      readonly ok: true
      readonly token: AccessTokenData
    }
  | {
      readonly type: 'token-response'
      readonly seq: number
      readonly ok: false
      readonly error: AppErrorData
    }
  | { readonly type: 'pause'; readonly seq: number }
  | { readonly type: 'resume'; readonly seq: number }
  /** `interrupted`: the app shuts down; the run ends as interrupted, to be resumed later. */
  | { readonly type: 'cancel'; readonly seq: number; readonly interrupted?: boolean }

export type WorkerLogLevel = 'debug' | 'info' | 'warn' | 'error'

export type WorkerToMain =
  | { readonly type: 'token-request'; readonly seq: number; readonly forceRefresh: boolean }
  | { readonly type: 'progress'; readonly seq: number; readonly progress: JobProgress }
  | {
      readonly type: 'log'
      readonly seq: number
      readonly level: WorkerLogLevel
      readonly message: string
      readonly fields?: Readonly<Record<string, unknown>>
    }
  | { readonly type: 'done'; readonly seq: number; readonly summary: JobSummary }
  | { readonly type: 'fatal'; readonly seq: number; readonly error: AppErrorData }

/** Narrows an unknown message from the other side to a known shape (or undefined). */
export function asMainToWorker(message: unknown): MainToWorker | undefined {
  if (typeof message !== 'object' || message === null) return undefined
  const { type, seq } = message as { type?: unknown; seq?: unknown }
  if (typeof seq !== 'number') return undefined
  return type === 'token-response' || type === 'pause' || type === 'resume' || type === 'cancel'
    ? (message as MainToWorker)
    : undefined
}

export function asWorkerToMain(message: unknown): WorkerToMain | undefined {
  if (typeof message !== 'object' || message === null) return undefined
  const { type, seq } = message as { type?: unknown; seq?: unknown }
  if (typeof seq !== 'number') return undefined
  return type === 'token-request' ||
    type === 'progress' ||
    type === 'log' ||
    type === 'done' ||
    type === 'fatal'
    ? (message as WorkerToMain)
    : undefined
}
