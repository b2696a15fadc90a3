import { basename } from 'node:path'
import { describeFileError, regularFileProblem } from '../source/file-check'
import { decodeToUtf8, fileChunks, gunzipChunks, peek, skipBytes } from './byte-streams'
import { readCsv } from './csv-reader'
import { readJsonArray } from './json-array-reader'
import { readNdjson } from './ndjson-reader'
import {
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_READ_CHUNK_BYTES,
  type DetectedInput,
  type ErrorEvent,
  type ParseEvent,
  type ParseOptions,
  type ReaderContext,
} from './parse-types'
import {
  binaryReason,
  detectDelimiter,
  detectEncoding,
  detectFormat,
  isGzipMagic,
  SNIFF_BYTES,
} from './sniff'

/**
 * The entry point for reading a source: gzip → encoding → "is it text" → format → reader.
 *
 * Nothing here throws for a bad file: unreadable, empty, binary or damaged files become one
 * `error` event with `fatal: true`, and everything read before the damage still arrives.
 */

/** A source ready to read, with what was detected about it. */
export interface OpenedSource {
  /** Undefined when the file could not be read far enough to tell (see the fatal event). */
  readonly detected: DetectedInput | undefined
  /** Events in batches (one per read), in file order. Iterate once. */
  readonly batches: AsyncIterable<ParseEvent[]>
  /** CSV/TSV: the header names (after renaming), once the header row has been read. */
  readonly headers: () => readonly string[] | undefined
}

function fatalSource(file: string, code: ErrorEvent['code'], reason: string): OpenedSource {
  async function* one(): AsyncGenerator<ParseEvent[]> {
    yield [{ kind: 'error', code, file, source: { line: 1, byteOffset: 0 }, reason, fatal: true }]
  }
  return { detected: undefined, batches: one(), headers: () => undefined }
}

/** Opens a stream of bytes (any chunking) as a source. `file` names it in reports. */
export async function openSource(
  input: AsyncIterable<Buffer>,
  file: string,
  options: ParseOptions = {},
): Promise<OpenedSource> {
  let raw
  try {
    raw = await peek(input, 2)
  } catch (error) {
    const problem = describeFileError(file, error)
    return fatalSource(file, problem.code, problem.reason)
  }
  const gzip = isGzipMagic(raw.head) || (options.gzip === true && raw.head.length > 0)
  if (raw.head.length === 0) {
    return /\.gz$/i.test(file) || options.gzip === true
      ? fatalSource(file, 'parse/gzip-empty', `${file} is 0 bytes: an empty file, not gzip data.`)
      : fatalSource(file, 'parse/empty-file', `${file} is empty (0 bytes).`)
  }
  const content = gzip ? gunzipChunks(raw.stream) : raw.stream
  let peeked
  try {
    peeked = await peek(content, SNIFF_BYTES)
  } catch (error) {
    const problem = describeFileError(file, error)
    return gzip
      ? fatalSource(
          file,
          'parse/gzip-corrupt',
          `${file} is not valid gzip data: ${(error as Error).message}.`,
        )
      : fatalSource(file, problem.code, problem.reason)
  }
  const sniffed = detectEncoding(peeked.head)
  const encoding = options.encoding ?? sniffed.encoding
  const bomLength =
    options.encoding === undefined || options.encoding === sniffed.encoding ? sniffed.bomLength : 0
  let text: Buffer
  let stream: AsyncIterable<Buffer>
  if (encoding === 'utf-8') {
    text = peeked.head.subarray(bomLength)
    stream = bomLength > 0 ? skipBytes(peeked.stream, bomLength) : peeked.stream
  } else {
    text = Buffer.from(new TextDecoder(encoding).decode(peeked.head.subarray(bomLength)), 'utf8')
    stream = decodeToUtf8(peeked.stream, encoding)
  }
  if (/^\s*$/.test(text.toString('latin1'))) {
    return fatalSource(
      file,
      'parse/empty-file',
      gzip
        ? `${file} holds no records (the compressed data is empty).`
        : `${file} holds no records (only blank space).`,
    )
  }
  const binary = binaryReason(text)
  if (binary !== undefined) {
    return fatalSource(file, 'parse/binary-file', `${file} is not a text file: ${binary}.`)
  }
  const headText = text.toString('utf8')
  const detectedFormat = options.format
    ? { format: options.format, reason: 'chosen by you' }
    : detectFormat(file, headText, peeked.complete)
  const ctx: ReaderContext = {
    file,
    maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    reportOffsets: encoding === 'utf-8',
  }
  const base = { encoding, gzip, bom: bomLength > 0 }
  let detected: DetectedInput
  let batches: AsyncIterable<ParseEvent[]>
  let headers: readonly string[] | undefined
  switch (detectedFormat.format) {
    case 'json':
      detected = { ...base, format: 'json', formatReason: detectedFormat.reason }
      batches = readJsonArray(stream, ctx)
      break
    case 'ndjson':
      detected = { ...base, format: 'ndjson', formatReason: detectedFormat.reason }
      batches = readNdjson(stream, ctx)
      break
    default: {
      const sniffedDelimiter = detectDelimiter(headText, peeked.complete)
      const delimiter =
        options.delimiter ??
        (detectedFormat.format === 'tsv' && !sniffedDelimiter.sepLine
          ? '\t'
          : sniffedDelimiter.delimiter)
      const format = options.format ?? (delimiter === '\t' ? 'tsv' : detectedFormat.format)
      detected = {
        ...base,
        format,
        delimiter,
        sepLine: sniffedDelimiter.sepLine,
        formatReason: options.delimiter
          ? `${detectedFormat.reason}; delimiter chosen by you`
          : `${detectedFormat.reason}; ${sniffedDelimiter.reason}`,
      }
      batches = readCsv(stream, ctx, {
        delimiter,
        skipFirstLine: sniffedDelimiter.sepLine,
        onHeaders: (names) => {
          headers = names
        },
      })
    }
  }
  return { detected, batches: guard(batches, file, gzip), headers: () => headers }
}

/** Turns a read failure in the middle of the file into one fatal event after what was read. */
async function* guard(
  batches: AsyncIterable<ParseEvent[]>,
  file: string,
  gzip: boolean,
): AsyncGenerator<ParseEvent[]> {
  let lastLine = 1
  try {
    for await (const batch of batches) {
      const last = batch[batch.length - 1]
      if (last !== undefined && last.source !== undefined) lastLine = last.source.line
      yield batch
    }
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error
    const zlib =
      typeof (error as { errno?: unknown }).errno === 'number' &&
      /^Z_/.test(String((error as NodeJS.ErrnoException).code))
    yield [
      {
        kind: 'error',
        code: gzip && zlib ? 'parse/gzip-corrupt' : 'parse/file-unreadable',
        file,
        source: { line: lastLine },
        reason:
          gzip && zlib
            ? `The compressed data of ${file} is damaged or cut off after line ${lastLine} (${(error as Error).message}); the records before it were read.`
            : `${file} could not be read past line ${lastLine}: ${describeFileError(file, error).reason}`,
        fatal: true,
      },
    ]
  }
}

/** Opens a file on disk as a source; a path that is not a readable file is refused at once. */
export async function openFile(path: string, options: ParseOptions = {}): Promise<OpenedSource> {
  const problem = await regularFileProblem(path, basename(path))
  if (problem !== undefined) return fatalSource(basename(path), problem.code, problem.reason)
  return openSource(
    fileChunks(path, options.readChunkBytes ?? DEFAULT_READ_CHUNK_BYTES),
    basename(path),
    options,
  )
}

/** Every event of a file, one at a time (convenient; batches are faster for the engine). */
export async function* parseFile(
  path: string,
  options: ParseOptions = {},
): AsyncGenerator<ParseEvent> {
  const opened = await openFile(path, options)
  for await (const batch of opened.batches) yield* batch
}
