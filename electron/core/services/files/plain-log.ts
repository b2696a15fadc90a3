import { extname } from 'node:path'
import { errorData, type AppErrorData } from '../../../../shared/errors/app-error'
import type { FileOptions } from '../../../../shared/models/files'
import type { PreviewResult } from '../../../engine/main/preview'

/** A time of day (`15:16:01`, `04:47`) or an ISO date: what log lines hold and headers do not. */
const LOG_LINE_PATTERN = /(\b\d{1,2}:\d{2}(:\d{2})?\b)|(\b\d{4}-\d{2}-\d{2}\b)|(\[\d+\])/

/** Extensions that say "a table": a delimited file under such a name is taken at its word. */
const TABLE_EXTENSIONS = new Set(['.csv', '.tsv', '.tab', '.psv'])

/**
 * A raw log file (`sshd.log`: one message per line) that the delimiter sniffing read as a
 * two-column CSV because a line happened to hold a `;` or `,`: its "header" is a log line. Such
 * a file would upload as nonsense columns, so it is refused with what it is and what LogDrop
 * reads; choosing a format in the file's options overrides this. Null when the file is fine.
 */
export function plainLogRejection(
  path: string,
  preview: PreviewResult,
  options: FileOptions,
): AppErrorData | null {
  if (options.format !== undefined || options.delimiter !== undefined) return null
  const format = preview.detected?.format
  if (format !== 'csv' && format !== 'tsv') return null
  if (TABLE_EXTENSIONS.has(extname(path).toLowerCase())) return null
  const logLike = preview.headers.some(
    (header) => LOG_LINE_PATTERN.test(header) || (header.length > 40 && header.includes(' ')),
  )
  if (!logLike) return null
  return errorData('files/plain-log', `header looks like a log line: ${preview.headers[0] ?? ''}`)
}
