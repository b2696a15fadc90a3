import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { DryRunResult } from '../../../../shared/models/files'
import type { DryRunProgress } from './dry-run-core'

/** Messages between the main thread and a dry-run worker (`workerData` is a DryRunInput). */
export type DryRunToMain =
  | { readonly type: 'progress'; readonly progress: DryRunProgress }
  | { readonly type: 'done'; readonly result: DryRunResult }
  | { readonly type: 'failed'; readonly error: AppErrorData }

export type MainToDryRun = { readonly type: 'cancel' }
