/** What happened during one measurement window. */
export interface GzipWindow {
  /** Wall-clock length of the window. */
  readonly windowMs: number
  /** Time the producer spent waiting for a free request slot. */
  readonly producerWaitMs: number
  /** Time spent compressing (summed over requests; it runs on the thread pool). */
  readonly compressMs: number
  /** Time requests spent on the network, from first byte out to the answer. */
  readonly networkMs: number
  readonly requests: number
}

export interface GzipBounds {
  readonly min: number
  readonly max: number
}

/**
 * `auto` stays within 0..6. Above 6, zlib costs much more CPU for a percent or two of bytes.
 * Level 0 means no compression at all (no Content-Encoding): when the link is fast and the CPU
 * is what limits (a LAN, the local emulator), compressing only burns cycles on both ends. The
 * service takes plain JSON too, and a request is at most 1,000,000 bytes either way.
 */
export const AUTO_GZIP_BOUNDS: GzipBounds = { min: 0, max: 6 }
/**
 * Where `auto` starts: no compression, the cheapest for the CPU; it climbs a level per window
 * while the network is the bottleneck. Starting at 1 cost a window of compressing on both ends
 * when the CPU is what limits: about 15 % of the benchmark's NDJSON throughput at 50 ms
 * (alternating runs); on a slow link, starting at 0 costs one window of plain bodies.
 */
export const AUTO_GZIP_START = 0

/** A window needs this much evidence before it moves the level. */
const MIN_WINDOW_MS = 1_000
const MIN_REQUESTS = 4

/**
 * The gzip level for the next window.
 *
 * Network-bound: every request slot is busy and the producer waits for one most of the time
 * (≥ 50 %), and compression is a small part of a request's life (< 25 %): spend more CPU to
 * put fewer bytes on the wire, one level up. CPU-bound: the producer hardly waits (≤ 10 %), or
 * compression is more than half of a request's life: one level down, since the official SDK's
 * fixed level 6 costs about 2.5 times the CPU of level 1 for about 15 % fewer bytes. Dropping
 * from 1 to 0 (no compression) asks for more: the producer almost never waits (≤ 5 %). In
 * between, keep the level (hysteresis, so it does not flap).
 */
export function nextGzipLevel(current: number, window: GzipWindow, bounds: GzipBounds): number {
  if (window.windowMs < MIN_WINDOW_MS || window.requests < MIN_REQUESTS) return current
  const waitShare = window.producerWaitMs / window.windowMs
  const requestMs = window.compressMs + window.networkMs
  const compressShare = requestMs > 0 ? window.compressMs / requestMs : 0
  if (waitShare >= 0.5 && compressShare < 0.25) return Math.min(bounds.max, current + 1)
  const cpuBound = waitShare <= (current <= 1 ? 0.05 : 0.1) || compressShare > 0.5
  if (cpuBound) return Math.max(bounds.min, current - 1)
  return current
}

/**
 * Collects the measurements and moves the level at the end of each window. A fixed level (a
 * number in the settings) never moves.
 */
export class GzipTuner {
  private level: number
  private windowStart: number
  private waitAtStart: number
  private compressMs = 0
  private networkMs = 0
  private requests = 0
  /** Levels used, in order of change (for the summary; capped). */
  readonly history: number[]

  constructor(
    private readonly choice: 'auto' | number,
    nowMs: number,
    waitedMs: number,
  ) {
    this.level = choice === 'auto' ? AUTO_GZIP_START : choice
    this.history = [this.level]
    this.windowStart = nowMs
    this.waitAtStart = waitedMs
  }

  get current(): number {
    return this.level
  }

  /** Records one finished request. */
  record(compressMs: number, networkMs: number): void {
    this.compressMs += compressMs
    this.networkMs += networkMs
    this.requests += 1
  }

  /** Closes the window when it is long enough; `waitedMs` is the gate's running total. */
  tick(nowMs: number, waitedMs: number): void {
    if (this.choice !== 'auto') return
    const window: GzipWindow = {
      windowMs: nowMs - this.windowStart,
      producerWaitMs: waitedMs - this.waitAtStart,
      compressMs: this.compressMs,
      networkMs: this.networkMs,
      requests: this.requests,
    }
    if (window.windowMs < MIN_WINDOW_MS || window.requests < MIN_REQUESTS) return
    const next = nextGzipLevel(this.level, window, AUTO_GZIP_BOUNDS)
    if (next !== this.level) {
      this.level = next
      if (this.history.length < 64) this.history.push(next)
    }
    this.windowStart = nowMs
    this.waitAtStart = waitedMs
    this.compressMs = 0
    this.networkMs = 0
    this.requests = 0
  }
}
