import { AppError } from '../../../../shared/errors/app-error'
import type { DryRunResult } from '../../../../shared/models/files'
import { spawnWorker } from '../../../engine/common/threads/spawn-worker'
import type { DryRunInput, DryRunProgress } from './dry-run-core'
import { type DryRunToMain, type MainToDryRun } from './dry-run-protocol'

/** A dry run in its worker thread. */
export interface RunningDryRun {
  cancel(): void
  readonly result: Promise<DryRunResult>
}

/** Starts a dry run in a worker thread; the result carries `cancelled` when it was stopped. */
export function startDryRunWorker(
  input: DryRunInput,
  onProgress: (progress: DryRunProgress) => void,
): RunningDryRun {
  const worker = spawnWorker('dryRun', input)
  const result = new Promise<DryRunResult>((resolve, reject) => {
    let settled = false
    worker.on('message', (message: DryRunToMain) => {
      if (message.type === 'progress') onProgress(message.progress)
      else if (message.type === 'done') {
        settled = true
        resolve(message.result)
      } else {
        settled = true
        reject(
          new AppError(message.error.code, message.error.detail ?? message.error.message, {
            userText: message.error.message,
          }),
        )
      }
    })
    worker.on('error', (error: Error) => {
      if (!settled) reject(error)
      settled = true
    })
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`dry-run worker exited with ${code}`))
    })
  })
  return {
    cancel: () => worker.postMessage({ type: 'cancel' } satisfies MainToDryRun),
    result,
  }
}
