import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { once } from 'node:events'
import type { FailedRecord, FailureCause } from '../../../../shared/models/upload-job'
import { AppendLog, readLogLines } from './append-log'
import { FAIL, JsonScanner } from '../parse/json-scanner'

/** Everything about a failed record except the record itself. */
export type FailureInfo = Omit<FailedRecord, 'id' | 'source' | 'mapped'>

/**
 * Appends failed records to `failed.ndjson`, one JSON object per line.
 *
 * A stream record that was serialised for a request is written as that exact JSON text (no
 * parse and re-encode), so what is kept is byte for byte what was sent. Tokens never get here:
 * records carry data, and error messages pass through redaction where they are read.
 */
export class FailedStoreWriter {
  private constructor(private readonly log: AppendLog) {}

  static async open(path: string): Promise<FailedStoreWriter> {
    return new FailedStoreWriter(await AppendLog.open(path))
  }

  /** Adds one record. `mappedJson` is the serialised stream record, when there is one. */
  add(info: FailureInfo, source: unknown, mappedJson?: string): void {
    this.log.append(failedLine(info, source, mappedJson))
  }

  /** Adds the records of one request that failed for good, with one write. */
  addMany(lines: readonly string[]): void {
    this.log.appendMany(lines)
  }

  sync(): void {
    this.log.sync()
  }

  close(): void {
    this.log.close()
  }
}

/** The stable id of a failed record within its job: `<fileIndex>:<ordinal>`. */
export function failedRecordId(fileIndex: number, ordinal: number): string {
  return `${fileIndex}:${ordinal}`
}

/** Stored instead of a source record too deeply nested to serialise (JSON.stringify overflows). */
export const SOURCE_TOO_DEEP = '[source omitted: nested too deeply to store]'

/** Builds one `failed.ndjson` line. */
export function failedLine(info: FailureInfo, source: unknown, mappedJson?: string): string {
  const entry = (kept: unknown) =>
    JSON.stringify({
      id: failedRecordId(info.fileIndex, info.ordinal),
      ...info,
      ...(kept === undefined ? {} : { source: kept }),
    })
  let head: string
  try {
    head = entry(source)
  } catch (error) {
    // A pathological record must not stop the job: keep its failure, drop the unstorable source.
    if (!(error instanceof RangeError)) throw error
    head = entry(SOURCE_TOO_DEEP)
  }
  if (mappedJson === undefined) return head
  return `${head.slice(0, -1)},"mapped":${mappedJson}}`
}

/** Reads the failed records of a job, streaming; unreadable lines are skipped. */
export async function* readFailedRecords(path: string): AsyncGenerator<FailedRecord> {
  for await (const entry of readFailedEntries(path)) yield entry.record
}

/** A failed record, with its stream record's JSON text exactly as it was stored. */
export interface FailedEntry {
  readonly record: FailedRecord
  /** The stored line. */
  readonly text: string
  readonly mappedText?: string
}

/**
 * Reads the failed records with their stream records' text, for a retry: JSON.parse would
 * change the digits of whole numbers beyond 2^53 (long values), the text keeps them.
 */
export async function* readFailedEntries(path: string): AsyncGenerator<FailedEntry> {
  for await (const line of readLogLines<FailedRecord>(path)) {
    if (!line.ok) continue
    const mappedText =
      line.value.mapped === undefined ? undefined : topLevelText(line.text, 'mapped')
    yield {
      record: line.value,
      text: line.text,
      ...(mappedText === undefined ? {} : { mappedText }),
    }
  }
}

/** The JSON text of a top-level field of an object's text (undefined when not found). */
function topLevelText(text: string, key: string): string | undefined {
  const bytes = Buffer.from(text)
  const name = Buffer.from(key)
  const scanner = new JsonScanner()
  scanner.bytes = bytes
  const end = bytes.length
  let i = scanner.skipWhitespace(0, end)
  if (bytes[i] !== 0x7b) return undefined
  i = scanner.skipWhitespace(i + 1, end)
  while (i < end && bytes[i] === 0x22) {
    const keyEnd = scanner.string(i, end)
    if (keyEnd === FAIL) return undefined
    const found = bytes.subarray(i + 1, keyEnd - 1).equals(name)
    i = scanner.skipWhitespace(keyEnd, end)
    if (bytes[i] !== 0x3a) return undefined
    const valueStart = scanner.skipWhitespace(i + 1, end)
    const valueEnd = scanner.value(valueStart, end, 1)
    if (valueEnd === FAIL) return undefined
    if (found) return bytes.toString('utf8', valueStart, valueEnd)
    i = scanner.skipWhitespace(valueEnd, end)
    if (bytes[i] !== 0x2c) return undefined
    i = scanner.skipWhitespace(i + 1, end)
  }
  return undefined
}

/** Failed records grouped by cause, with an example message for each group. */
export interface FailedGroup {
  readonly cause: FailureCause
  readonly count: number
  readonly exampleMessage: string
  readonly statuses: readonly number[]
}

/** Counts failed records per cause (for the UI's grouped view and the CLI). */
export async function groupFailedRecords(path: string): Promise<FailedGroup[]> {
  const groups = new Map<FailureCause, { count: number; message: string; statuses: Set<number> }>()
  for await (const record of readFailedRecords(path)) {
    let group = groups.get(record.cause)
    if (group === undefined) {
      group = { count: 0, message: record.message, statuses: new Set() }
      groups.set(record.cause, group)
    }
    group.count += 1
    if (record.status !== undefined) group.statuses.add(record.status)
  }
  return [...groups.entries()]
    .map(([cause, group]) => ({
      cause,
      count: group.count,
      exampleMessage: group.message,
      statuses: [...group.statuses].sort((a, b) => a - b),
    }))
    .sort((a, b) => b.count - a.count)
}

/** One page of failed records, for a list in the UI. */
export interface FailedPage {
  readonly records: readonly FailedRecord[]
  /** Records matching the filter in the whole store. */
  readonly total: number
}

/**
 * A page of failed records (`offset`, `limit`), optionally of one cause, with the total count.
 * Streams the store, so only the page is held in memory.
 */
export async function listFailedRecords(
  path: string,
  options: {
    readonly offset?: number
    readonly limit?: number
    readonly cause?: FailureCause
  } = {},
): Promise<FailedPage> {
  const offset = Math.max(0, options.offset ?? 0)
  const limit = Math.max(0, options.limit ?? 100)
  const records: FailedRecord[] = []
  let total = 0
  for await (const record of readFailedRecords(path)) {
    if (options.cause !== undefined && record.cause !== options.cause) continue
    if (total >= offset && records.length < limit) records.push(record)
    total += 1
  }
  return { records, total }
}

/**
 * Removes the failed records `remove` picks from a job's store (the person deleted them), by
 * writing the rest to a temporary file and renaming it over the store, so a reader sees the old
 * or the new store, never half of one. Every other record is kept as its stored text; a line
 * that is not JSON (a torn tail a crash left) is not carried over, as no reader ever showed it.
 * Answers how many records were removed. The job must not be running.
 */
export async function removeFailedRecords(
  path: string,
  remove: (record: FailedRecord) => boolean,
): Promise<number> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  const out = createWriteStream(temp, { mode: 0o600 })
  let removed = 0
  try {
    for await (const line of readLogLines<FailedRecord>(path)) {
      if (line.ok && remove(line.value)) {
        removed += 1
        continue
      }
      if (!line.ok) continue
      if (!out.write(`${line.text}\n`)) await once(out, 'drain')
    }
    out.end()
    await once(out, 'finish')
    if (removed > 0) await rename(temp, path)
    else await rm(temp, { force: true })
  } catch (error) {
    out.destroy()
    await rm(temp, { force: true })
    throw error
  }
  return removed
}
