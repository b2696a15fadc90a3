import { isUtf8 } from 'node:buffer'

export { isUtf8 }

/**
 * The end of the last complete UTF-8 sequence in a buffer: a read can stop in the middle of a
 * multi-byte character, and only the bytes before it can be checked on their own.
 */
export function completeUtf8End(buf: Uint8Array): number {
  const end = buf.length
  for (let back = 1; back <= 3 && back <= end; back++) {
    const byte = buf[end - back] as number
    if ((byte & 0xc0) === 0x80) continue
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return need > back ? end - back : end
  }
  return end
}

/** How many bytes of a character cut at the end of `buf` are still to come in the next read. */
export function owedUtf8Bytes(buf: Uint8Array): number {
  const end = completeUtf8End(buf)
  if (end === buf.length) return 0
  const lead = buf[end] as number
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2
  return need - (buf.length - end)
}

/** Index of the first byte that is not valid UTF-8, or -1 (only called for invalid text). */
export function firstInvalidUtf8(buf: Uint8Array, start = 0, end = buf.length): number {
  let i = start
  while (i < end) {
    const byte = buf[i] as number
    if (byte < 0x80) {
      i++
      continue
    }
    const need = byte >= 0xf0 && byte <= 0xf4 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 ? 2 : 0
    if (need === 0 || byte > 0xf4 || i + need > end) return i
    if (!isUtf8(buf.subarray(i, i + need))) return i
    i += need
  }
  return -1
}

/** Shortens text for a report. */
export function shorten(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}

/**
 * The reason to give for a record whose text holds a NUL byte, or undefined when it holds none
 * (`what`: "Line 7", "The item at line 7"). JSON.parse would only say "Unexpected token".
 */
export function nulReason(text: string, what: string): string | undefined {
  const at = text.indexOf('\u0000')
  if (at === -1) return undefined
  return `${what} holds NUL (zero) bytes (the first at character ${at + 1}), as a crash or a disk fault leaves behind; it was not sent.`
}
