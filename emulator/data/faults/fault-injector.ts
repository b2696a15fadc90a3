import type { FaultSettings } from './fault-settings'
import { seededRandom } from './seeded-random'

/** Seed used when the settings give none, so runs are reproducible by default. */
export const DEFAULT_FAULT_SEED = 20_240_101

/** What to do to one ingestion request. */
export interface FaultDecision {
  /** Extra delay before answering (constant latency plus any spike). */
  readonly delayMs: number
  readonly spiked: boolean
  readonly action:
    | { readonly kind: 'none' }
    | { readonly kind: 'reset' }
    | { readonly kind: 'status5xx'; readonly status: number }
    | { readonly kind: 'status429'; readonly retryAfterSeconds: number }
    | { readonly kind: 'failAfterN'; readonly status: number }
}

/**
 * Decides faults per ingestion request from the current settings. Every request draws the same
 * four numbers in the same order (spike, reset, 5xx, 429), so a seed fixes the whole sequence.
 */
export class FaultInjector {
  private settings: FaultSettings = {}
  private random = seededRandom(DEFAULT_FAULT_SEED)
  private seen = 0

  /** Replaces the settings and restarts the PRNG and the fail-after-N count. */
  set(settings: FaultSettings): void {
    this.settings = settings
    this.random = seededRandom(settings.seed ?? DEFAULT_FAULT_SEED)
    this.seen = 0
  }

  /** The current settings. */
  get current(): FaultSettings {
    return this.settings
  }

  /** Decides what happens to the next ingestion request. */
  next(): FaultDecision {
    const s = this.settings
    const spikeDraw = this.random()
    const resetDraw = this.random()
    const errorDraw = this.random()
    const throttleDraw = this.random()
    this.seen++
    const spiked = (s.latencySpikeRate ?? 0) > spikeDraw && (s.latencySpikeMs ?? 0) > 0
    const delayMs = (s.latencyMs ?? 0) + (spiked ? (s.latencySpikeMs ?? 0) : 0)
    const base = { delayMs, spiked }
    if (s.failAfterN !== undefined && this.seen > s.failAfterN.count) {
      return { ...base, action: { kind: 'failAfterN', status: s.failAfterN.status } }
    }
    if ((s.resetRate ?? 0) > resetDraw) return { ...base, action: { kind: 'reset' } }
    if ((s.rate5xx ?? 0) > errorDraw) return { ...base, action: { kind: 'status5xx', status: 503 } }
    if ((s.rate429 ?? 0) > throttleDraw) {
      return {
        ...base,
        action: { kind: 'status429', retryAfterSeconds: s.retryAfterSeconds ?? 1 },
      }
    }
    return { ...base, action: { kind: 'none' } }
  }
}
