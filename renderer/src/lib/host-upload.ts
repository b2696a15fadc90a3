import { errorData } from '../../../shared/errors/app-error'
import type { FileEntry } from '../../../shared/models/files'
import type { Result } from '../../../shared/util/result'
import { toResult } from './result-shape'

/**
 * Sends a file's bytes to the browser host (`PUT <secret base>/files?name=…`), which streams
 * them to disk and registers the copy. XMLHttpRequest, not fetch: only it reports upload
 * progress. The answer is the host's `Result<FileEntry>`; transport failures become error data.
 */

/** The host's upload address for a file name, relative to the page's secret base URL. */
export function hostUploadUrl(baseUri: string, name: string): string {
  return new URL(`files?name=${encodeURIComponent(name)}`, baseUri).toString()
}

export interface HostUpload {
  readonly result: Promise<Result<FileEntry>>
  abort(): void
}

const SENT_FAILED =
  'The file could not be sent to LogDrop: the connection dropped. Check that LogDrop is still running, then add the file again.'

/** Starts one upload; `onProgress` gets bytes sent so far (throttled by the browser). */
export function uploadToHost(
  file: File,
  baseUri: string,
  onProgress: (loaded: number, total: number) => void,
): HostUpload {
  const request = new XMLHttpRequest()
  const result = new Promise<Result<FileEntry>>((resolve) => {
    request.open('PUT', hostUploadUrl(baseUri, file.name))
    request.setRequestHeader('Content-Type', 'application/octet-stream')
    request.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size)
    request.onload = () => {
      let body: unknown
      try {
        body = JSON.parse(request.responseText) as unknown
      } catch {
        resolve({
          ok: false,
          error: errorData('internal/bug', `upload answered ${request.status} without JSON`),
        })
        return
      }
      resolve(toResult(body))
    }
    request.onerror = () =>
      resolve({
        ok: false,
        error: errorData('ipc/disconnected', `PUT files failed for ${file.name}`, {
          retryable: true,
          userText: SENT_FAILED,
        }),
      })
    request.onabort = () =>
      resolve({
        ok: false,
        error: errorData('ipc/disconnected', `upload of ${file.name} aborted`, {
          retryable: true,
          userText: 'The file was not added: its upload to LogDrop was stopped.',
        }),
      })
    request.send(file)
  })
  return { result, abort: () => request.abort() }
}
