import type { DetectedFormat, FileEntry } from '../../../../shared/models/files'
import type { SourceFormat } from '../../../../shared/models/upload-job'

/** Words for what LogDrop detected about a file. */

export const FORMAT_LABELS: Readonly<Record<SourceFormat, string>> = {
  json: 'JSON array',
  ndjson: 'NDJSON (one JSON object per line)',
  csv: 'CSV',
  tsv: 'TSV (tab-separated)',
}

/** Short names for the table. */
export const FORMAT_SHORT: Readonly<Record<SourceFormat, string>> = {
  json: 'JSON',
  ndjson: 'NDJSON',
  csv: 'CSV',
  tsv: 'TSV',
}

export const ENCODING_LABELS: Readonly<Record<DetectedFormat['encoding'], string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252 (Latin-1)',
}

/** Delimiters offered as overrides, with their names. */
export const DELIMITERS: ReadonlyArray<{ readonly value: string; readonly label: string }> = [
  { value: ',', label: 'Comma (,)' },
  { value: ';', label: 'Semicolon (;)' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Pipe (|)' },
]

/** A delimiter's name (`\t` → Tab). */
export function delimiterLabel(delimiter: string | undefined): string {
  if (delimiter === undefined) return '–'
  return DELIMITERS.find((d) => d.value === delimiter)?.label ?? `“${delimiter}”`
}

/** One line about the encoding: `UTF-8 with BOM, gzip`. */
export function encodingSummary(detected: DetectedFormat): string {
  const parts = [`${ENCODING_LABELS[detected.encoding]}${detected.bom ? ' with BOM' : ''}`]
  if (detected.gzip) parts.push('gzip-compressed')
  if (detected.sepLine === true) parts.push('Excel “sep=” line skipped')
  return parts.join(', ')
}

/** True when the file is CSV or TSV (delimiter matters). */
export function isDelimited(entry: FileEntry): boolean {
  const format = entry.options.format ?? entry.detected?.format
  return format === 'csv' || format === 'tsv'
}
