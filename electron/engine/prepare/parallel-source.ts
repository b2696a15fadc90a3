import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import type { JobFile } from '../../../shared/models/upload-job'
import { gunzipChunks, skipBytes } from '../parse/byte-streams'
import { openSource } from '../parse/parse-input'
import { splitIntoBlocks, type TextBlock } from './block-splitter'

/** What the parallel path needs to know about a file. */
export interface NdjsonPlan {
  readonly gzip: boolean
  readonly bomLength: number
}

/** Blocks handed to the helpers: about 1 MiB, big enough to keep message overhead small. */
export const BLOCK_BYTES = 1024 * 1024

/**
 * Whether a file can take the parallel path: UTF-8 NDJSON (gzip'd or not), as the shared
 * detection sees it (a chosen format wins). Other formats, UTF-16 and unreadable files take the
 * sequential path, which reports their problems.
 */
export async function planParallelNdjson(file: JobFile): Promise<NdjsonPlan | undefined> {
  if (file.format !== undefined && file.format !== 'ndjson') return undefined
  const stream = createReadStream(file.path, { highWaterMark: 64 * 1024 })
  try {
    const opened = await openSource(stream, basename(file.path), {
      ...(file.format === undefined ? {} : { format: file.format }),
    })
    const detected = opened.detected
    if (detected?.format !== 'ndjson' || detected.encoding !== 'utf-8') return undefined
    return { gzip: detected.gzip, bomLength: detected.bom ? 3 : 0 }
  } catch {
    return undefined
  } finally {
    stream.destroy()
  }
}

/**
 * Reads a file as line-aligned blocks of text (after gunzip and without the BOM), counting the
 * bytes read from disk. Read errors (a damaged gzip member, a vanished file) end the iteration
 * with the error.
 */
export function readNdjsonBlocks(
  file: JobFile,
  plan: NdjsonPlan,
  signal: AbortSignal,
  onDiskBytes: (bytes: number) => void,
): AsyncIterable<TextBlock> {
  async function* disk(): AsyncGenerator<Buffer> {
    const stream = createReadStream(file.path, { highWaterMark: 256 * 1024, signal })
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onDiskBytes(chunk.length)
      yield chunk
    }
  }
  const text = plan.gzip ? gunzipChunks(disk()) : disk()
  const content = plan.bomLength > 0 ? skipBytes(text, plan.bomLength) : text
  return splitIntoBlocks(content, BLOCK_BYTES)
}
