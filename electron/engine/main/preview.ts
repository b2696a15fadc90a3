import { checkColumnName, suggestColumnName } from '../../../shared/mapping/column-names'
import { inferColumnType, type TypeGuess } from '../../../shared/mapping/infer-type'
import { openFile, openSource, type OpenedSource } from '../common/parse/parse-input'
import type {
  DetectedInput,
  ErrorEvent,
  ParseOptions,
  SourceRecord,
  WarningEvent,
} from '../common/parse/parse-types'

/** One column of a preview: its name, a suggested type, and Log Analytics naming problems. */
export interface PreviewColumn {
  readonly name: string
  readonly guess: TypeGuess
  /** Rules of Log Analytics column names this name breaks (empty when none). */
  readonly nameIssues: readonly string[]
  /** A valid column name close to this one, when it breaks a rule. */
  readonly suggestedName?: string
}

/** The first records of a file and what LogDrop made of it. */
export interface PreviewResult {
  readonly detected: DetectedInput | undefined
  readonly records: readonly SourceRecord[]
  /** Line of each record in `records`. */
  readonly lines: readonly number[]
  /** CSV header order, or the top-level keys of the JSON records in the order first seen. */
  readonly headers: readonly string[]
  readonly columns: readonly PreviewColumn[]
  /** Problems met while reading the preview (at most 100 of each). */
  readonly errors: readonly ErrorEvent[]
  readonly warnings: readonly WarningEvent[]
  /** True when the file has more records than the preview holds. */
  readonly truncated: boolean
}

export interface PreviewOptions extends ParseOptions {
  /** Records to read (default 1000). */
  readonly limit?: number
}

const MAX_REPORTS = 100

async function collect(opened: OpenedSource, limit: number): Promise<PreviewResult> {
  const records: SourceRecord[] = []
  const lines: number[] = []
  const errors: ErrorEvent[] = []
  const warnings: WarningEvent[] = []
  let truncated = false
  outer: for await (const batch of opened.batches) {
    for (const event of batch) {
      if (event.kind === 'record') {
        if (records.length === limit) {
          truncated = true
          break outer
        }
        records.push(event.record)
        lines.push(event.source.line)
      } else if (event.kind === 'error') {
        if (errors.length < MAX_REPORTS) errors.push(event)
      } else if (warnings.length < MAX_REPORTS) warnings.push(event)
    }
  }
  const keys = new Set<string>(opened.headers() ?? [])
  for (const record of records) for (const key of Object.keys(record)) keys.add(key)
  const headers = [...keys]
  const columns = headers.map((name): PreviewColumn => {
    const nameIssues = checkColumnName(name)
    return {
      name,
      guess: inferColumnType(
        records.map((record) => record[name]),
        name,
      ),
      nameIssues,
      ...(nameIssues.length > 0 ? { suggestedName: suggestColumnName(name) } : {}),
    }
  })
  return {
    detected: opened.detected,
    records,
    lines,
    headers,
    columns,
    errors,
    warnings,
    truncated,
  }
}

/** Reads the first records of a file (stopping there: the rest is never read). */
export async function previewFile(
  path: string,
  options: PreviewOptions = {},
): Promise<PreviewResult> {
  return collect(await openFile(path, options), options.limit ?? 1000)
}

/** Same as previewFile for a stream of bytes. */
export async function previewSource(
  input: AsyncIterable<Buffer>,
  file: string,
  options: PreviewOptions = {},
): Promise<PreviewResult> {
  return collect(await openSource(input, file, options), options.limit ?? 1000)
}
