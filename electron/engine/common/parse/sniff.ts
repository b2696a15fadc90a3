import type { SourceFormat, TextEncoding } from './parse-types'
import { completeUtf8End, isUtf8 } from './utf8'

/**
 * Detection from the first bytes of a file (after gzip): text encoding, "is this text at all",
 * the format, and the CSV delimiter. Pure functions over a Buffer, so they are easy to test.
 */

/** Bytes of content looked at for detection. */
export const SNIFF_BYTES = 64 * 1024

/** True when the bytes start with gzip's magic number. */
export function isGzipMagic(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
}

/** The encoding from a BOM, or from the zero-byte pattern of UTF-16 without one. */
export function detectEncoding(head: Uint8Array): {
  encoding: TextEncoding
  bomLength: number
} {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3 }
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 }
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 }
  // ASCII text in UTF-16 without a BOM: every other byte is zero.
  const pairs = Math.min(256, Math.floor(head.length / 2))
  if (pairs >= 2) {
    let evenZero = 0
    let oddZero = 0
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenZero++
      if (head[2 * i + 1] === 0) oddZero++
    }
    if (oddZero >= pairs * 0.9 && evenZero === 0) return { encoding: 'utf-16le', bomLength: 0 }
    if (evenZero >= pairs * 0.9 && oddZero === 0) return { encoding: 'utf-16be', bomLength: 0 }
  }
  return { encoding: 'utf-8', bomLength: 0 }
}

/**
 * Why the UTF-8 text does not look like a text file, or undefined when it does. NUL bytes alone
 * do not make a file binary: logs cut by a crash often hold zero-filled stretches, and the
 * readers fail just the records that hold them. The other bytes decide, unless there are none.
 */
export function binaryReason(text: Uint8Array): string | undefined {
  const length = Math.min(text.length, SNIFF_BYTES)
  let nul = 0
  let control = 0
  let high = 0
  for (let i = 0; i < length; i++) {
    const byte = text[i] as number
    if (byte === 0) nul++
    else if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) control++
    else if (byte >= 0x80) high++
  }
  const others = length - nul
  if (length > 0 && others === 0) return `its first ${length} bytes are all NUL (zero) bytes`
  if (others > 0 && control / others > 0.05) {
    return `${Math.round((control / others) * 100)}% of its first ${length} bytes are control characters`
  }
  const head = text.subarray(0, length)
  if (high / Math.max(others, 1) > 0.3 && !isUtf8(head.subarray(0, completeUtf8End(head)))) {
    return 'most of its first bytes are neither ASCII nor UTF-8 text'
  }
  return undefined
}

const EXTENSION_FORMATS: Record<string, SourceFormat> = {
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  ldjson: 'ndjson',
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
}

/** A file's extension in lower case (`.gz` ignored), or '' when it has none. */
function extensionOf(fileName: string): string {
  const name = fileName.toLowerCase().replace(/\.gz$/, '')
  const dot = name.lastIndexOf('.')
  return dot === -1 ? '' : name.slice(dot + 1)
}

/** The format named by a file's extension (`.gz` ignored), if any. */
export function formatFromName(fileName: string): SourceFormat | undefined {
  const extension = extensionOf(fileName)
  return Object.hasOwn(EXTENSION_FORMATS, extension) ? EXTENSION_FORMATS[extension] : undefined
}

function parsesAsObject(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

/**
 * The format from the content (and the name when the content cannot tell): `[` is a JSON
 * array; `{` is NDJSON when lines parse as objects on their own, otherwise a JSON object
 * (which the JSON reader reports); a file named .json, .ndjson or .jsonl that starts with
 * anything else is still read as named (so its damage is reported, not read as CSV);
 * anything else is CSV, or TSV by name or by delimiter.
 *
 * `text` is the head as UTF-8 without a BOM; `complete` says it is the whole file.
 */
export function detectFormat(
  fileName: string,
  text: string,
  complete: boolean,
): { format: SourceFormat; reason: string } {
  const byName = formatFromName(fileName)
  const first = /\S/.exec(text)
  const ch = first?.[0]
  if (ch === '[') return { format: 'json', reason: 'the content starts with [' }
  if (ch === '{') {
    const lines = text.slice(first?.index ?? 0).split('\n')
    if (!complete) lines.pop()
    const firstLine = lines[0]
    if (firstLine === undefined) {
      return byName === 'json'
        ? { format: 'json', reason: 'the name ends in .json and the first record is very long' }
        : { format: 'ndjson', reason: 'the content starts with { and the first line is very long' }
    }
    if (parsesAsObject(firstLine.trim())) {
      return { format: 'ndjson', reason: 'each line holds one JSON object' }
    }
    const objects = lines
      .slice(0, 20)
      .filter((line) => line.trim() !== '' && parsesAsObject(line.trim())).length
    if (objects >= 2) return { format: 'ndjson', reason: 'its lines hold JSON objects' }
    return { format: 'json', reason: 'the content starts with { and spans lines' }
  }
  // A JSON file stays JSON whatever it starts with: its reader says what is wrong with it.
  if (byName === 'json' || byName === 'ndjson') {
    return { format: byName, reason: `the name ends in .${extensionOf(fileName)}` }
  }
  if (byName === 'tsv') return { format: 'tsv', reason: 'the name ends in .tsv' }
  if (byName === 'csv') return { format: 'csv', reason: 'the name ends in .csv' }
  return { format: 'csv', reason: 'the content is delimited text' }
}

const CANDIDATES = [',', ';', '\t', '|'] as const
const SEP_LINE_RE = /^"?sep=(.)"?[ \t]*\r?$/i

/** Counts delimiter candidates outside double quotes in one line. */
function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (ch === '"') quoted = !quoted
    else if (!quoted && ch === delimiter) count++
  }
  return count
}

/**
 * The field delimiter from Excel's `sep=` first line, or from the first lines: the candidate
 * (, ; tab |) that appears in the header and the same number of times on most lines wins;
 * ties go to the one used more often. With no candidate at all, `,` (a one-column file).
 */
export function detectDelimiter(
  text: string,
  complete: boolean,
): { delimiter: string; sepLine: boolean; reason: string } {
  const lines = text.split('\n')
  if (!complete && lines.length > 1) lines.pop()
  const sep = SEP_LINE_RE.exec(lines[0] ?? '')
  if (sep !== null) {
    return { delimiter: sep[1] as string, sepLine: true, reason: 'the first line is sep=' }
  }
  const sample = lines.filter((line) => line.trim() !== '').slice(0, 20)
  let best: { delimiter: string; consistency: number; count: number } | undefined
  for (const delimiter of CANDIDATES) {
    const counts = sample.map((line) => countOutsideQuotes(line, delimiter))
    const header = counts[0] ?? 0
    if (header === 0) continue
    const consistency = counts.filter((count) => count === header).length / counts.length
    if (
      best === undefined ||
      consistency > best.consistency ||
      (consistency === best.consistency && header > best.count)
    ) {
      best = { delimiter, consistency, count: header }
    }
  }
  if (best === undefined) {
    return { delimiter: ',', sepLine: false, reason: 'no delimiter found: one column' }
  }
  const name = best.delimiter === '\t' ? 'tab' : `"${best.delimiter}"`
  return {
    delimiter: best.delimiter,
    sepLine: false,
    reason: `${name} splits the first lines into the same number of fields`,
  }
}
