/**
 * Where focus goes in a vertical list for a key press (roving tab stop): arrows move and wrap,
 * Home/End jump; null when the key is not a navigation key or the list is empty.
 */
export function rovingTarget(key: string, from: number, count: number): number | null {
  if (count === 0) return null
  switch (key) {
    case 'ArrowDown':
      return from < 0 ? 0 : (from + 1) % count
    case 'ArrowUp':
      return from < 0 ? count - 1 : (from - 1 + count) % count
    case 'Home':
      return 0
    case 'End':
      return count - 1
    default:
      return null
  }
}
