import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'

/**
 * Reads the complete lines of the first `length` bytes of a file, calling `onLine` for each;
 * stops early when it returns false. A trailing piece without a newline is ignored (a write in
 * progress or a torn write). Memory stays at one chunk, whatever the file size.
 */
export async function readLines(
  path: string,
  length: number,
  onLine: (line: string) => boolean,
): Promise<void> {
  if (length <= 0) return
  const stream = createReadStream(path, { start: 0, end: length - 1, highWaterMark: 1 << 20 })
  const decoder = new StringDecoder('utf8')
  let carry = ''
  try {
    for await (const chunk of stream) {
      const text = carry + decoder.write(chunk as Buffer)
      let start = 0
      for (;;) {
        const newline = text.indexOf('\n', start)
        if (newline < 0) break
        if (newline > start && !onLine(text.slice(start, newline))) return
        start = newline + 1
      }
      carry = text.slice(start)
    }
  } finally {
    stream.destroy()
  }
}

/**
 * Counts complete lines and finds where the last one ends, so a torn final write can be cut off
 * when a table file is reopened.
 */
export async function scanLineEnds(path: string): Promise<{ lines: number; validLength: number }> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 })
  let lines = 0
  let offset = 0
  let validLength = 0
  for await (const chunk of stream) {
    const buffer = chunk as Buffer
    let at = buffer.indexOf(10)
    while (at >= 0) {
      lines++
      validLength = offset + at + 1
      at = buffer.indexOf(10, at + 1)
    }
    offset += buffer.length
  }
  return { lines, validLength }
}
