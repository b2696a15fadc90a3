/**
 * UTF-8 byte length of a string, in pure TypeScript (shared/ has no TextEncoder or Buffer).
 *
 * Only called for long strings (see isOverByteLimit), so a plain loop is fine.
 */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

/** True when the text takes more than `limit` bytes as UTF-8; cheap for short strings. */
export function isOverByteLimit(text: string, limit: number): boolean {
  if (text.length * 3 <= limit) return false
  if (text.length > limit) return true
  return utf8Length(text) > limit
}
