/**
 * Rates over a sliding window (default 5 s), so the speed and ETA a person sees follow the
 * recent pace instead of the average since the start (Storage Explorer's rate complaints).
 */
export class RateMeter {
  private samples: Array<{ at: number; bytes: number; records: number }> = []

  constructor(private readonly windowMs = 5_000) {}

  /** Adds a sample of the running totals. */
  sample(atMs: number, bytes: number, records: number): void {
    this.samples.push({ at: atMs, bytes, records })
    while (this.samples.length > 2 && (this.samples[0]?.at ?? atMs) < atMs - this.windowMs) {
      this.samples.shift()
    }
  }

  /** Bytes and records per second over the window; zero until two samples exist. */
  rates(): { bytesPerSecond: number; recordsPerSecond: number } {
    const first = this.samples[0]
    const last = this.samples[this.samples.length - 1]
    if (first === undefined || last === undefined || last.at - first.at < 200) {
      return { bytesPerSecond: 0, recordsPerSecond: 0 }
    }
    const seconds = (last.at - first.at) / 1000
    return {
      bytesPerSecond: (last.bytes - first.bytes) / seconds,
      recordsPerSecond: (last.records - first.records) / seconds,
    }
  }
}

/** Time left at the current rate, or null when the rate is unknown. */
export function estimateEtaMs(remainingBytes: number, bytesPerSecond: number): number | null {
  if (remainingBytes <= 0) return 0
  if (bytesPerSecond <= 0) return null
  return Math.round((remainingBytes / bytesPerSecond) * 1000)
}

/**
 * Lets through at most one event per interval (10 per second by default); `force` passes the
 * final one regardless.
 */
export class Throttle {
  private last = Number.NEGATIVE_INFINITY

  constructor(private readonly intervalMs = 100) {}

  shouldEmit(nowMs: number, force = false): boolean {
    if (!force && nowMs - this.last < this.intervalMs) return false
    this.last = nowMs
    return true
  }
}
