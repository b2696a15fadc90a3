/**
 * Receive-time windows for the verify: when an upload's rows reached the service.
 *
 * A run's rows are received between its start and its end. The windows are widened a little
 * (clock differences before, the service's own delay after), but never into another upload's
 * runs to the same table, so back-to-back uploads do not count each other's rows.
 */

/** A closed interval of epoch milliseconds. */
export interface Window {
  readonly from: number
  readonly to: number
}

/** Widening before a run starts (client and service clocks differ a little). */
export const BEFORE_MS = 2_000
/** Widening after a run ends (the service may stamp a row a little after answering). */
export const AFTER_MS = 120_000

/** Sorted, merged intervals. */
export function union(windows: readonly Window[]): Window[] {
  const sorted = windows.filter((w) => w.to >= w.from).sort((a, b) => a.from - b.from)
  const out: Window[] = []
  for (const w of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && w.from <= last.to)
      out[out.length - 1] = { from: last.from, to: Math.max(last.to, w.to) }
    else out.push({ ...w })
  }
  return out
}

/** True when two sets of windows share any moment. */
export function intersects(a: readonly Window[], b: readonly Window[]): boolean {
  return a.some((x) => b.some((y) => x.from <= y.to && y.from <= x.to))
}

/**
 * The windows to count: the upload's own runs, each widened (BEFORE_MS before, AFTER_MS after)
 * up to, not into or past, the nearest run of another upload to the same table. Another run
 * that overlaps the upload's own is not cut out (its rows are counted; the caller says so).
 */
export function verifyWindows(own: readonly Window[], others: readonly Window[]): Window[] {
  const holes = union(others)
  return union(
    union(own).map((w) => {
      let from = w.from - BEFORE_MS
      let to = w.to + AFTER_MS
      for (const hole of holes) {
        if (hole.to < w.from && hole.to >= from) from = hole.to + 1
        if (hole.from > w.to && hole.from <= to) to = hole.from - 1
      }
      return { from, to }
    }),
  )
}
