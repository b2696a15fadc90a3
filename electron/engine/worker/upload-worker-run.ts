import type { MessagePort } from 'node:worker_threads'
import { AppError, toErrorData } from '../../../shared/errors/app-error'
import { jobPaths } from '../common/journal/job-store'
import type { HelperThread } from './blocks/helper-thread'
import type { SharedSlots } from '../helpers/shared-slots'
import type { AccessTokenData, TokenFetcher } from '../common/token-cache'
import { createMapperForFile } from '../common/source/job-mapper'
import { openJobSource } from '../common/source/open-source'
import { asMainToWorker, type WorkerStart, type WorkerToMain } from './protocol'
import { UploadRun } from './upload-run'

/** A token request the main thread has not answered within this time fails. */
const TOKEN_TIMEOUT_MS = 120_000

/**
 * The upload worker's work, loaded by its entry (upload-worker.ts) once the helpers are
 * started: wires UploadRun to the main thread's messages, and stops the helpers at the end.
 */
export function serveUploadRun(
  port: MessagePort,
  start: WorkerStart,
  helpers: readonly HelperThread[],
  slots: SharedSlots | undefined,
): void {
  let seq = 0
  const post = (message: WorkerToMain) => port.postMessage(message)
  const pendingTokens = new Map<
    number,
    { resolve: (token: AccessTokenData) => void; reject: (error: Error) => void }
  >()

  const fetchToken: TokenFetcher = (forceRefresh) =>
    new Promise<AccessTokenData>((resolve, reject) => {
      const id = ++seq
      const timer = setTimeout(() => {
        pendingTokens.delete(id)
        reject(new AppError('upload/token-unavailable', 'no token from the main thread in time'))
      }, TOKEN_TIMEOUT_MS)
      pendingTokens.set(id, {
        resolve: (token) => {
          clearTimeout(timer)
          resolve(token)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      })
      post({ type: 'token-request', seq: id, forceRefresh })
    })

  const run = new UploadRun({
    job: start.job,
    paths: jobPaths(start.dataDir, start.job.jobId),
    userAgent: start.userAgent,
    openSource: openJobSource,
    createMapper: createMapperForFile,
    fetchToken,
    helpers,
    ...(slots === undefined ? {} : { slots }),
    onProgress: (progress) => post({ type: 'progress', seq: ++seq, progress }),
    log: (level, message, fields) => {
      if (level === 'debug' && start.verbose !== true) return
      post({ type: 'log', seq: ++seq, level, message, ...(fields === undefined ? {} : { fields }) })
    },
  })

  port.on('message', (raw: unknown) => {
    const message = asMainToWorker(raw)
    if (message === undefined) return
    switch (message.type) {
      case 'token-response': {
        const pending = pendingTokens.get(message.seq)
        pendingTokens.delete(message.seq)
        if (pending === undefined) return
        if (message.ok) pending.resolve(message.token)
        else
          pending.reject(
            new AppError(message.error.code, message.error.detail ?? message.error.message),
          )
        return
      }
      case 'pause':
        run.pause()
        return
      case 'resume':
        run.resume()
        return
      case 'cancel':
        run.cancel(message.interrupted === true)
        return
    }
  })

  const stopHelpers = () => Promise.all(helpers.map((helper) => helper.terminate()))
  run.run().then(
    async (summary) => {
      await stopHelpers()
      post({ type: 'done', seq: ++seq, summary })
      port.close()
    },
    async (error: unknown) => {
      await stopHelpers()
      post({ type: 'fatal', seq: ++seq, error: toErrorData(error) })
      port.close()
    },
  )
}
