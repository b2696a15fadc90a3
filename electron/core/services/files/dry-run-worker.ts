import { parentPort, workerData } from 'node:worker_threads'
import { toErrorData } from '../../../../shared/errors/app-error'
import { dryRunFile, type DryRunInput } from './dry-run-core'
import type { DryRunToMain, MainToDryRun } from './dry-run-protocol'

/**
 * Worker thread for `mapping:dry-run`: maps a whole file off the main thread, so the window
 * stays responsive while a large file is read.
 */
const port = parentPort
if (port === null) throw new Error('dry-run-worker must run in a worker thread')

const controller = new AbortController()
port.on('message', (message: MainToDryRun) => {
  if (message.type === 'cancel') controller.abort()
})
const post = (message: DryRunToMain) => port.postMessage(message)

dryRunFile(workerData as DryRunInput, controller.signal, (progress) =>
  post({ type: 'progress', progress }),
).then(
  (result) => {
    post({ type: 'done', result })
    port.close()
  },
  (error: unknown) => {
    post({ type: 'failed', error: toErrorData(error) })
    port.close()
  },
)
