import { createHash } from 'node:crypto'

/** Header names as compared for profiles: trimmed, lower case. */
export function normaliseHeader(name: string): string {
  return name.trim().toLowerCase()
}

/**
 * A stable signature of a file's headers, ignoring order, case and surrounding spaces, so a file
 * exported again with its columns shuffled still finds its profile. `h1-` + 16 hex digits.
 */
export function headerSignature(headers: readonly string[]): string {
  const names = [...new Set(headers.map(normaliseHeader))].sort()
  return `h1-${createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 16)}`
}

/** Share of header names two files have in common (Jaccard index, case-insensitive). */
export function headerSimilarity(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a.map(normaliseHeader))
  const right = new Set(b.map(normaliseHeader))
  if (left.size === 0 && right.size === 0) return 1
  let common = 0
  for (const name of left) if (right.has(name)) common++
  return common / (left.size + right.size - common)
}
