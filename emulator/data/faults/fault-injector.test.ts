import { describe, expect, it } from 'vitest'
import { FaultInjector } from './fault-injector'
import { faultSettingsSchema } from './fault-settings'

function kinds(injector: FaultInjector, n: number): string[] {
  return Array.from({ length: n }, () => injector.next().action.kind)
}

describe('FaultInjector', () => {
  it('does nothing without settings', () => {
    expect(kinds(new FaultInjector(), 5)).toEqual(['none', 'none', 'none', 'none', 'none'])
  })

  it('repeats the same decisions for the same seed and differs for another', () => {
    const a = new FaultInjector()
    const b = new FaultInjector()
    a.set({ rate429: 0.3, rate5xx: 0.2, resetRate: 0.1, seed: 9 })
    b.set({ rate429: 0.3, rate5xx: 0.2, resetRate: 0.1, seed: 9 })
    const sequence = kinds(a, 50)
    expect(kinds(b, 50)).toEqual(sequence)
    expect(new Set(sequence)).toEqual(new Set(['none', 'status429', 'status5xx', 'reset']))
    b.set({ rate429: 0.3, rate5xx: 0.2, resetRate: 0.1, seed: 10 })
    expect(kinds(b, 50)).not.toEqual(sequence)
  })

  it('adds spikes on top of constant latency at the spike rate', () => {
    const injector = new FaultInjector()
    injector.set({ latencyMs: 5, latencySpikeMs: 100, latencySpikeRate: 1 })
    expect(injector.next()).toMatchObject({ delayMs: 105, spiked: true })
  })

  it('rejects out-of-range and unknown settings', () => {
    expect(faultSettingsSchema.safeParse({ rate5xx: 1.5 }).success).toBe(false)
    expect(faultSettingsSchema.safeParse({ failAfterN: { count: 1, status: 200 } }).success).toBe(
      false,
    )
    expect(faultSettingsSchema.safeParse({ unknown: 1 }).success).toBe(false)
    expect(faultSettingsSchema.safeParse({ failAfterN: { count: 1, status: 503 } }).success).toBe(
      true,
    )
  })
})
