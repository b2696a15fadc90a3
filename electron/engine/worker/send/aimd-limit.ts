/** Tuning for the adaptive concurrency limit. */
export interface AimdOptions {
  /** The user's setting: the limit never goes above it. */
  readonly max: number
  readonly min?: number
  /** Throttles closer together than this count as "repeated". */
  readonly windowMs?: number
  /** After a decrease, ignore throttles for this long (they were in flight already). */
  readonly cooldownMs?: number
}

/**
 * Additive-increase / multiplicative-decrease limit on requests in flight (TCP's congestion
 * rule applied to 429s).
 *
 * Repeated throttling (two 429s within `windowMs`) halves the limit, at most once per
 * `cooldownMs`, because a burst of 429s from requests that were all in flight together is one
 * signal, not many. Each accepted request adds 1/limit, so the limit grows by about one per
 * round of requests and recovers to `max` when the service stops throttling.
 */
export class AimdLimit {
  private value: number
  private readonly min: number
  private readonly windowMs: number
  private readonly cooldownMs: number
  private lastThrottleAt = Number.NEGATIVE_INFINITY
  private lastDecreaseAt = Number.NEGATIVE_INFINITY
  /** How many times the limit went down, for the summary. */
  decreases = 0

  constructor(private readonly options: AimdOptions) {
    this.min = Math.max(1, options.min ?? 1)
    this.value = Math.max(this.min, options.max)
    this.windowMs = options.windowMs ?? 10_000
    this.cooldownMs = options.cooldownMs ?? 1_000
  }

  /** The whole number of requests allowed in flight now. */
  get current(): number {
    return Math.max(this.min, Math.floor(this.value))
  }

  /** An accepted request: grow by 1/limit, up to max. */
  onAccepted(nowMs: number): void {
    if (nowMs - this.lastDecreaseAt < this.cooldownMs) return
    this.value = Math.min(this.options.max, this.value + 1 / Math.max(1, this.value))
  }

  /** A 429. Returns true when this one lowered the limit. */
  onThrottled(nowMs: number): boolean {
    const repeated = nowMs - this.lastThrottleAt <= this.windowMs
    this.lastThrottleAt = nowMs
    if (!repeated || nowMs - this.lastDecreaseAt < this.cooldownMs) return false
    const next = Math.max(this.min, Math.floor(this.value / 2))
    if (next >= this.current) return false
    this.value = next
    this.lastDecreaseAt = nowMs
    this.decreases += 1
    return true
  }
}
