import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import type { JobFile } from '../../../../shared/models/upload-job'
import { gunzipChunks, skipBytes } from '../../common/parse/byte-streams'
import { readCsv } from '../../common/parse/csv-reader'
import { detectLineBreak } from '../../common/parse/csv-tokenizer'
import { openSource } from '../../common/parse/parse-input'
import { ARRAY_START, type JsonArrayState } from '../../common/parse/json-array-reader'
import {
  DEFAULT_MAX_RECORD_BYTES,
  type ReaderContext,
  type SourceWarning,
} from '../../common/parse/parse-types'
import {
  afterLastNewline,
  maxBlockBytesFor,
  splitIntoBlocks,
  type CutFinder,
  type TextBlock,
} from '../../helpers/block-splitter'
import { CsvRowScanner } from './csv-row-scanner'
import { fileBlocks, reusedFileChunks, type FileBlockOptions } from '../../helpers/file-blocks'
import { jsonItemBlocks } from '../../helpers/json-item-blocks'
import { jsonCutFinder, jsonLineCut, jsonLineFormat, type JsonLineCut } from './json-line-blocks'
import { countLines } from '../../helpers/prepare-block'
import type { BlockFormat } from '../../helpers/prepare-protocol'

/** What the parallel path needs to know about a file. */
export type ParallelPlan =
  | { readonly kind: 'ndjson'; readonly gzip: boolean; readonly bomLength: number }
  | {
      readonly kind: 'json'
      readonly gzip: boolean
      readonly bomLength: number
      /** How blocks are cut after line breaks (json-line-blocks.ts); undefined: not at all. */
      readonly lineCut: JsonLineCut | undefined
    }
  | {
      readonly kind: 'csv'
      readonly gzip: boolean
      readonly bomLength: number
      readonly delimiter: string
      /** The file's row ending, from its first line break outside quotes. */
      readonly lineBreak: '\n' | '\r\n'
      /** Column names from the header row (renamed as the reader renames them). */
      readonly headers: readonly string[]
      /** Bytes (after the BOM) up to the first data row: `sep=` line, blank lines, header. */
      readonly headerBytes: number
      /** Line breaks in those bytes: data lines are numbered after them. */
      readonly headerLines: number
      /** The reader's warnings about the header (renamed or unnamed columns). */
      readonly warnings: readonly SourceWarning[]
    }

/** Blocks handed to the helpers: about 1 MiB, big enough to keep message overhead small. */
export const BLOCK_BYTES = 1024 * 1024

/** Reads of a plain JSON array file (its item scanner takes any chunk size). */
const JSON_READ_BYTES = 256 * 1024

/** The header part of a CSV file is looked for in this many bytes at most. */
const MAX_HEADER_SEARCH_BYTES = DEFAULT_MAX_RECORD_BYTES

function textChunks(
  file: JobFile,
  gzip: boolean,
  bomLength: number,
  signal?: AbortSignal,
  onDiskBytes?: (bytes: number) => void,
): AsyncIterable<Buffer> {
  async function* disk(): AsyncGenerator<Buffer> {
    const stream = createReadStream(file.path, {
      highWaterMark: 256 * 1024,
      ...(signal === undefined ? {} : { signal }),
    })
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onDiskBytes?.(chunk.length)
      yield chunk
    }
  }
  const text = gzip ? gunzipChunks(disk()) : disk()
  return bomLength > 0 ? skipBytes(text, bomLength) : text
}

/**
 * The header part of a UTF-8 CSV file: where the first data row starts, and the column names
 * and warnings the shared reader gives for it. Undefined when it cannot be told simply (no
 * header within the search limit, a header row of empty fields): the sequential path then
 * reads the file.
 */
async function planCsvHeader(
  file: JobFile,
  gzip: boolean,
  bomLength: number,
  delimiter: string,
  sepLine: boolean,
): Promise<Extract<ParallelPlan, { kind: 'csv' }> | undefined> {
  // Finding the header's end needs only \n; the file's own line break is checked below.
  const scanner = new CsvRowScanner(delimiter.charCodeAt(0), '\n')
  const parts: Buffer[] = []
  let size = 0
  let headerEnd = -1
  let rowStart = 0
  let skipLine = sepLine
  const controller = new AbortController()
  try {
    for await (const chunk of textChunks(file, gzip, bomLength, controller.signal)) {
      const base = size
      parts.push(chunk)
      size += chunk.length
      let at = 0
      while (headerEnd === -1 && at < chunk.length) {
        const newline = chunk.indexOf(10, at)
        const end = newline === -1 ? chunk.length : newline + 1
        const cut = skipLine ? -1 : scanner.scan(chunk.subarray(at, end))
        if (skipLine && newline !== -1) {
          skipLine = false
          rowStart = base + end
        } else if (cut !== -1) {
          const row = Buffer.concat(parts).subarray(rowStart, base + end)
          if (/^[\s]*$/.test(row.toString('latin1'))) rowStart = base + end
          else headerEnd = base + end
        }
        at = end
      }
      if (headerEnd !== -1 || size > MAX_HEADER_SEARCH_BYTES) break
    }
  } finally {
    controller.abort()
  }
  if (headerEnd === -1) return undefined
  const headerText = Buffer.concat(parts).subarray(0, headerEnd)
  const lineBreak = detectLineBreak(headerText.toString('utf8'), delimiter)
  // A lone \r as the row ending (old Mac files) is left to the sequential reader.
  if (lineBreak !== '\n' && lineBreak !== '\r\n') return undefined
  let headers: readonly string[] | undefined
  const warnings: SourceWarning[] = []
  async function* once(): AsyncGenerator<Buffer> {
    yield headerText
  }
  const ctx = {
    file: basename(file.path),
    maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
    reportOffsets: true,
  }
  for await (const events of readCsv(once(), ctx, {
    delimiter,
    skipFirstLine: sepLine,
    onHeaders: (names) => (headers = names),
  })) {
    for (const event of events) {
      if (event.kind === 'warning') warnings.push({ code: event.code, reason: event.reason })
      else return undefined
    }
  }
  if (headers === undefined) return undefined
  const format = { kind: 'csv', delimiter, headers, lineBreak } as const
  return {
    kind: 'csv',
    gzip,
    bomLength,
    delimiter,
    lineBreak,
    headers,
    headerLines: countLines(headerText, format),
    headerBytes: headerEnd,
    warnings,
  }
}

/**
 * Whether a file can take the parallel path, and how: UTF-8 NDJSON, JSON arrays or CSV/TSV (gzip'd or not),
 * as the shared detection sees it (a chosen format or delimiter wins). Other formats, UTF-16,
 * multi-byte delimiters and unreadable files take the sequential path, which reports their
 * problems.
 */
export async function planParallel(file: JobFile): Promise<ParallelPlan | undefined> {
  const stream = createReadStream(file.path, { highWaterMark: 64 * 1024 })
  let detected
  try {
    const opened = await openSource(stream, basename(file.path), {
      ...(file.format === undefined ? {} : { format: file.format }),
      ...(file.delimiter === undefined ? {} : { delimiter: file.delimiter }),
      ...(file.encoding === undefined ? {} : { encoding: file.encoding }),
    })
    detected = opened.detected
  } catch {
    return undefined
  } finally {
    stream.destroy()
  }
  if (detected === undefined || detected.encoding !== 'utf-8') return undefined
  const bomLength = detected.bom ? 3 : 0
  if (detected.format === 'ndjson') return { kind: 'ndjson', gzip: detected.gzip, bomLength }
  if (detected.format === 'json') {
    const controller = new AbortController()
    try {
      const text = textChunks(file, detected.gzip, bomLength, controller.signal)
      const lineCut = await jsonLineCut(text, jsonContext(file))
      return { kind: 'json', gzip: detected.gzip, bomLength, lineCut }
    } catch {
      return undefined
    } finally {
      controller.abort()
    }
  }
  const delimiter = detected.delimiter
  if ((detected.format !== 'csv' && detected.format !== 'tsv') || delimiter === undefined) {
    return undefined
  }
  // The row scanner compares single bytes; a delimiter outside ASCII is read sequentially.
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127) return undefined
  try {
    return await planCsvHeader(file, detected.gzip, bomLength, delimiter, detected.sepLine === true)
  } catch {
    return undefined
  }
}

/** Where the first block of a plan starts in the text, and the lines before it. */
export function planStart(plan: ParallelPlan): { offset: number; lines: number } {
  return plan.kind === 'csv'
    ? { offset: plan.headerBytes, lines: plan.headerLines }
    : { offset: 0, lines: 0 }
}

/** A block for the helpers: bytes, where they start in the text, and how to read them. */
export interface PlannedBlock extends TextBlock {
  readonly format: BlockFormat
  /** Line of the block's first byte in the file (JSON items carry their own lines). */
  readonly firstLine: number
  /** Lines the block spans, as its reader counts them (0 for JSON items). */
  readonly lineCount: number
}

/**
 * Reads a file as record-aligned blocks (after gunzip, without the BOM and, for CSV, after the
 * header), counting the bytes read from disk. Block offsets count from the start of the text
 * (JSON item blocks carry absolute positions and offset 0). Read errors (a damaged gzip member,
 * a vanished file) end the iteration with the error.
 */
/** Options for reading the blocks of a file that is not compressed, from byte `start`. */
function plainFile(
  start: number,
  findCut: CutFinder,
  signal: AbortSignal,
  onDiskBytes: (bytes: number) => void,
  buffers: FileBlockOptions['buffers'],
): FileBlockOptions {
  return {
    start,
    targetBytes: BLOCK_BYTES,
    maxBlockBytes: maxBlockBytesFor(BLOCK_BYTES),
    findCut,
    signal,
    onDiskBytes,
    ...(buffers === undefined ? {} : { buffers }),
  }
}

function jsonContext(file: JobFile): ReaderContext {
  return { file: file.path, maxRecordBytes: DEFAULT_MAX_RECORD_BYTES, reportOffsets: true }
}

/**
 * A JSON array's items as blocks found by the scanner on this thread, from `from` (the start
 * of the text, or where blocks cut after line breaks stopped following on).
 */
export async function* readJsonItems(
  file: JobFile,
  plan: Extract<ParallelPlan, { kind: 'json' }>,
  from: JsonArrayState,
  signal: AbortSignal,
  onDiskBytes: (bytes: number) => void,
  onWarning: (warning: SourceWarning) => void,
  buffers?: FileBlockOptions['buffers'],
): AsyncGenerator<PlannedBlock> {
  const chunks = plan.gzip
    ? skipBytes(textChunks(file, true, plan.bomLength, signal, onDiskBytes), from.offset)
    : reusedFileChunks(file.path, {
        start: plan.bomLength + from.offset,
        chunkBytes: JSON_READ_BYTES,
        signal,
        onDiskBytes,
      })
  for await (const block of jsonItemBlocks(chunks, jsonContext(file), onWarning, buffers, from)) {
    yield { ...block, firstLine: 1, lineCount: 0 }
  }
}

export async function* readBlocks(
  file: JobFile,
  plan: ParallelPlan,
  signal: AbortSignal,
  onDiskBytes: (bytes: number) => void,
  onWarning: (warning: SourceWarning) => void,
  /** Buffers for the blocks of a plain file (shared slots); see FileBlockOptions. */
  buffers?: FileBlockOptions['buffers'],
): AsyncGenerator<PlannedBlock> {
  const text = textChunks(file, plan.gzip, plan.bomLength, signal, onDiskBytes)
  switch (plan.kind) {
    case 'ndjson':
    case 'json': {
      if (plan.kind === 'json' && plan.lineCut === undefined) {
        yield* readJsonItems(file, plan, ARRAY_START, signal, onDiskBytes, onWarning, buffers)
        return
      }
      const findCut =
        plan.kind === 'json' && plan.lineCut !== undefined
          ? jsonCutFinder(plan.lineCut)
          : afterLastNewline
      let line = 1
      const blocks = plan.gzip
        ? splitIntoBlocks(text, BLOCK_BYTES, undefined, findCut)
        : fileBlocks(file.path, plainFile(plan.bomLength, findCut, signal, onDiskBytes, buffers))
      for await (const block of blocks) {
        const format: BlockFormat =
          plan.kind === 'ndjson'
            ? { kind: 'ndjson' }
            : jsonLineFormat(block.bytes, line, block.offset, block.offset === 0)
        const lineCount = countLines(block.bytes, format)
        yield { ...block, format, firstLine: line, lineCount }
        line += lineCount
      }
      return
    }
    case 'csv': {
      for (const warning of plan.warnings) onWarning(warning)
      const format: BlockFormat = {
        kind: 'csv',
        delimiter: plan.delimiter,
        headers: plan.headers,
        lineBreak: plan.lineBreak,
      }
      const scanner = new CsvRowScanner(plan.delimiter.charCodeAt(0), plan.lineBreak)
      const findCut: CutFinder = (chunk) => scanner.scan(chunk)
      const start = plan.headerBytes
      let line = plan.headerLines + 1
      const blocks = plan.gzip
        ? splitIntoBlocks(skipBytes(text, start), BLOCK_BYTES, undefined, findCut)
        : fileBlocks(
            file.path,
            plainFile(plan.bomLength + start, findCut, signal, onDiskBytes, buffers),
          )
      for await (const block of blocks) {
        const lineCount = countLines(block.bytes, format)
        yield {
          bytes: block.bytes,
          offset: block.offset + start,
          format,
          firstLine: line,
          lineCount,
        }
        line += lineCount
      }
    }
  }
}
