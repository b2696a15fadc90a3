import { open } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import type { BenchFile } from './generate-data'

/** How much of a file the ratio is measured on, and the size of each body. */
const SAMPLE_BYTES = 8 * 1024 * 1024
const BODY_BYTES = 1_000_000

/**
 * The ratio gzip reaches on a file's records at `level` (6: zlib's default, the SDK's), sent as
 * JSON-array bodies of about 1 MB, measured on its first 8 MiB. A link's limit for the file is
 * its byte rate times this.
 */
export async function gzipRatio(file: BenchFile, level = 6): Promise<number> {
  const handle = await open(file.path, 'r')
  const buffer = Buffer.alloc(SAMPLE_BYTES)
  const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0)
  await handle.close()
  // Records one per line in every generated format: the lines make the bodies.
  const lines = buffer
    .subarray(0, bytesRead)
    .toString('utf8')
    .split('\n')
    .slice(1, -1)
    .map((line) => line.replace(/,$/, ''))
  let plain = 0
  let packed = 0
  for (let at = 0; at < lines.length;) {
    const body: string[] = []
    let size = 2
    while (at < lines.length && size + (lines[at]?.length ?? 0) + 1 <= BODY_BYTES) {
      size += (lines[at]?.length ?? 0) + 1
      body.push(lines[at] ?? '')
      at += 1
    }
    if (body.length === 0) break
    const json = Buffer.from(`[${body.join(',')}]`)
    plain += json.length
    packed += gzipSync(json, { level }).length
  }
  return packed === 0 ? 1 : plain / packed
}
