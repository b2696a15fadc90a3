/** Per-DCR throughput limits; Azure's defaults are 12,000 requests and 2 GB per minute. */
export interface RateLimits {
  readonly requestsPerMinute: number
  readonly bytesPerMinute: number
}

/** The service defaults (reference §2.1). */
export const DEFAULT_LIMITS: RateLimits = {
  requestsPerMinute: 12_000,
  bytesPerMinute: 2 * 1024 * 1024 * 1024,
}

/** Why a request was throttled and when to come back. */
export interface Throttle {
  readonly reason: 'requests' | 'bytes'
  readonly limit: number
  readonly retryAfterSeconds: number
}

const WINDOW_MS = 60_000

class Window {
  private readonly times: number[] = []
  private readonly sizes: number[] = []
  private head = 0
  bytes = 0

  get count(): number {
    return this.times.length - this.head
  }

  evict(now: number): void {
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - WINDOW_MS) {
      this.bytes -= this.sizes[this.head] as number
      this.head++
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head)
      this.sizes.splice(0, this.head)
      this.head = 0
    }
  }

  add(now: number, bytes: number): void {
    this.times.push(now)
    this.sizes.push(bytes)
    this.bytes += bytes
  }

  /** Milliseconds until `excess` entries (requests) or `excessBytes` bytes have left the window. */
  waitFor(now: number, excessRequests: number, excessBytes: number): number {
    let freedBytes = 0
    let i = this.head
    let freedRequests = 0
    while (i < this.times.length && (freedRequests < excessRequests || freedBytes < excessBytes)) {
      freedBytes += this.sizes[i] as number
      freedRequests++
      i++
    }
    const last = this.times[i - 1] ?? now
    return last + WINDOW_MS - now
  }
}

/**
 * Sliding one-minute windows per DCR. A request is throttled when the window is already at a
 * limit; accepted requests are recorded with their (uncompressed) size. `Retry-After` is the
 * time until enough of the window has expired.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>()

  /** Checks whether a new request for `key` may go ahead. */
  check(key: string, limits: RateLimits, now: number): Throttle | undefined {
    const window = this.windows.get(key)
    if (window === undefined) return undefined
    window.evict(now)
    if (window.count >= limits.requestsPerMinute) {
      const wait = window.waitFor(now, window.count - limits.requestsPerMinute + 1, 0)
      return {
        reason: 'requests',
        limit: limits.requestsPerMinute,
        retryAfterSeconds: seconds(wait),
      }
    }
    if (window.bytes >= limits.bytesPerMinute) {
      const wait = window.waitFor(now, 0, window.bytes - limits.bytesPerMinute + 1)
      return { reason: 'bytes', limit: limits.bytesPerMinute, retryAfterSeconds: seconds(wait) }
    }
    return undefined
  }

  /** Records an accepted request of `bytes` bytes. */
  record(key: string, bytes: number, now: number): void {
    let window = this.windows.get(key)
    if (window === undefined) {
      window = new Window()
      this.windows.set(key, window)
    }
    window.add(now, bytes)
  }

  /** Forgets every window. */
  reset(): void {
    this.windows.clear()
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000))
}
