import { isUtf8 } from 'node:buffer'

/**
 * Where a body stops being valid UTF-8: the offset of the byte that makes it invalid, or
 * undefined when it is all valid. Only invalid bodies pay for the search (a binary search over
 * prefixes decoded in streaming mode, which accepts a character cut at the end of a prefix).
 */
export function firstInvalidUtf8(body: Uint8Array): number | undefined {
  if (isUtf8(body)) return undefined
  let valid = 0
  let invalid = body.length
  while (invalid - valid > 1) {
    const middle = Math.floor((valid + invalid) / 2)
    if (decodesAsPrefix(body.subarray(0, middle))) valid = middle
    else invalid = middle
  }
  return invalid - 1
}

function decodesAsPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
    return true
  } catch {
    return false
  }
}
