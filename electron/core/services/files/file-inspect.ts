import { errorData, type AppErrorData } from '../../../../shared/errors/app-error'
import type { DetectedFormat, FileOptions, ParseProblem } from '../../../../shared/models/files'
import { previewFile, type PreviewResult } from '../../../engine/main/preview'
import type {
  DetectedInput,
  ErrorEvent,
  WarningEvent,
} from '../../../engine/common/parse/parse-types'
import { plainLogRejection } from './plain-log'

/** What a quick look at a file's head found: enough for its entry in the file list. */
export interface FileInspection {
  readonly detected: DetectedFormat | null
  readonly headers: readonly string[]
  readonly rejection: AppErrorData | null
}

/** Records read to find headers and reasons to reject (the full preview reads up to 1000). */
const INSPECT_RECORDS = 50

/** The parse options a file's overrides amount to. */
export function parseOptionsOf(options: FileOptions): {
  format?: DetectedFormat['format']
  delimiter?: string
} {
  return {
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
  }
}

/** The detected input as the contract shows it. */
export function toDetectedFormat(detected: DetectedInput | undefined): DetectedFormat | null {
  if (detected === undefined) return null
  return {
    format: detected.format,
    encoding: detected.encoding,
    gzip: detected.gzip,
    bom: detected.bom,
    ...(detected.delimiter === undefined ? {} : { delimiter: detected.delimiter }),
    ...(detected.sepLine === undefined ? {} : { sepLine: detected.sepLine }),
    formatReason: detected.formatReason,
  }
}

/** A parser report as the contract shows it. */
export function toParseProblem(event: ErrorEvent | WarningEvent): ParseProblem {
  return {
    severity: event.kind === 'error' ? 'error' : 'warning',
    code: event.code,
    line: event.source?.line ?? 0,
    ...(event.source?.byteOffset === undefined ? {} : { byteOffset: event.source.byteOffset }),
    reason: event.reason,
    ...(event.kind === 'error' && event.raw !== undefined ? { raw: event.raw } : {}),
    ...(event.kind === 'error' && event.fatal === true ? { fatal: true } : {}),
  }
}

/**
 * Why a file cannot be uploaded, judged from its head; null when it can.
 *
 * - nothing readable (missing, binary, empty, damaged gzip): the parser's fatal reason;
 * - delimited text with neither a delimiter nor a name that says CSV/TSV (a plain text or log
 *   file) and no format chosen: `files/unknown-format`, until the person picks one;
 * - no record in the head: the first problem met, or `files/no-records`.
 */
export function rejectionOf(preview: PreviewResult, options: FileOptions): AppErrorData | null {
  const fatal = preview.errors.find((e) => e.fatal === true && preview.records.length === 0)
  if (preview.detected === undefined || fatal !== undefined) {
    const event = fatal ?? preview.errors[0]
    return event === undefined
      ? errorData('files/unreadable', 'nothing detected')
      : errorData(event.code, event.reason, { userText: event.reason })
  }
  const detected = preview.detected
  if (
    options.format === undefined &&
    options.delimiter === undefined &&
    (detected.format === 'csv' || detected.format === 'tsv') &&
    /^the content is delimited text; no delimiter found/.test(detected.formatReason)
  ) {
    return errorData('files/unknown-format', detected.formatReason)
  }
  if (preview.records.length === 0) {
    const first = preview.errors[0]
    return first === undefined
      ? errorData('files/no-records', 'no records in the head')
      : errorData(first.code, first.reason, { userText: first.reason })
  }
  return null
}

/** Reads the head of a file: detection, headers, and whether it can be uploaded. */
export async function inspectFile(path: string, options: FileOptions): Promise<FileInspection> {
  const preview = await previewFile(path, { ...parseOptionsOf(options), limit: INSPECT_RECORDS })
  return {
    detected: toDetectedFormat(preview.detected),
    headers: preview.headers,
    rejection: rejectionOf(preview, options) ?? plainLogRejection(path, preview, options),
  }
}
