/** An inclusive range of record ordinals in one file: `[fileIndex, first, last]`. */
export type OrdinalRange = readonly [fileIndex: number, first: number, last: number]

/** How many records the ranges cover. */
export function countRanges(ranges: readonly OrdinalRange[]): number {
  let total = 0
  for (const [, first, last] of ranges) total += last - first + 1
  return total
}

/**
 * Record ordinals already handled, per file, as merged sorted ranges.
 *
 * Built from the ledger and the failed store when a job resumes; `has` is asked in increasing
 * order while the file is re-read, so a cursor makes each question O(1).
 */
export class OrdinalSet {
  private readonly pending = new Map<number, Array<[number, number]>>()
  private readonly merged = new Map<number, Array<[number, number]>>()
  private readonly cursors = new Map<number, number>()

  add(fileIndex: number, first: number, last: number = first): void {
    let list = this.pending.get(fileIndex)
    if (list === undefined) {
      list = []
      this.pending.set(fileIndex, list)
    }
    list.push([first, last])
    this.merged.delete(fileIndex)
  }

  addRanges(ranges: readonly OrdinalRange[]): void {
    for (const [file, first, last] of ranges) this.add(file, first, last)
  }

  /** True when the record was handled. Fastest when asked in increasing order per file. */
  has(fileIndex: number, ordinal: number): boolean {
    const list = this.rangesOf(fileIndex)
    if (list.length === 0) return false
    let cursor = this.cursors.get(fileIndex) ?? 0
    if (cursor >= list.length || (list[cursor]?.[0] ?? 0) > ordinal) cursor = 0
    while (cursor < list.length && (list[cursor]?.[1] ?? 0) < ordinal) cursor += 1
    this.cursors.set(fileIndex, cursor)
    const range = list[cursor]
    return range !== undefined && range[0] <= ordinal && ordinal <= range[1]
  }

  /** True when every ordinal in [0, total) was handled. */
  coversAll(fileIndex: number, total: number): boolean {
    if (total === 0) return true
    const first = this.rangesOf(fileIndex)[0]
    return first !== undefined && first[0] <= 0 && first[1] >= total - 1
  }

  /** How many ordinals of the file were handled. */
  count(fileIndex: number): number {
    let total = 0
    for (const [first, last] of this.rangesOf(fileIndex)) total += last - first + 1
    return total
  }

  /** How many of the given ranges' ordinals are not in the set. */
  countMissing(ranges: readonly OrdinalRange[]): number {
    let missing = 0
    for (const [file, first, last] of ranges) {
      for (let ordinal = first; ordinal <= last; ordinal++) {
        if (!this.has(file, ordinal)) missing += 1
      }
      this.cursors.delete(file)
    }
    return missing
  }

  private rangesOf(fileIndex: number): ReadonlyArray<[number, number]> {
    const ready = this.merged.get(fileIndex)
    if (ready !== undefined) return ready
    const raw = [...(this.pending.get(fileIndex) ?? [])].sort((a, b) => a[0] - b[0])
    const out: Array<[number, number]> = []
    for (const [first, last] of raw) {
      const previous = out[out.length - 1]
      if (previous !== undefined && first <= previous[1] + 1) {
        previous[1] = Math.max(previous[1], last)
      } else {
        out.push([first, last])
      }
    }
    this.pending.set(
      fileIndex,
      out.map(([a, b]) => [a, b]),
    )
    this.merged.set(fileIndex, out)
    this.cursors.delete(fileIndex)
    return out
  }
}
