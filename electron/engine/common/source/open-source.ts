import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import type { JobFile } from '../../../../shared/models/upload-job'
import { openSource } from '../parse/parse-input'
import { DEFAULT_READ_CHUNK_BYTES, type ParseEvent } from '../parse/parse-types'
import type { OpenedSource } from './source-types'

/**
 * Opens a job's file through the streaming parsers (gzip, encoding and format detection, with
 * the job's format and delimiter when set), counting the bytes read from disk for progress.
 */
export function openJobSource(
  file: Pick<JobFile, 'path' | 'format' | 'delimiter'>,
  signal: AbortSignal,
): OpenedSource {
  let bytes = 0
  async function* counted(): AsyncGenerator<Buffer> {
    const stream = createReadStream(file.path, { highWaterMark: DEFAULT_READ_CHUNK_BYTES, signal })
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length
      yield chunk
    }
  }
  async function* items(): AsyncGenerator<ParseEvent[]> {
    const opened = await openSource(counted(), basename(file.path), {
      ...(file.format === undefined ? {} : { format: file.format }),
      ...(file.delimiter === undefined ? {} : { delimiter: file.delimiter }),
    })
    yield* opened.batches
  }
  return { items: items(), bytesRead: () => bytes }
}
