import { describe, expect, it } from 'vitest'
import { headerSignature, headerSimilarity } from './header-signature'

describe('header signatures', () => {
  it('ignore order, case and surrounding spaces', () => {
    expect(headerSignature(['Time', 'Host', ' Level'])).toBe(
      headerSignature(['level', 'time', 'HOST']),
    )
    expect(headerSignature(['Time', 'Host'])).not.toBe(headerSignature(['Time', 'Host', 'Level']))
    expect(headerSignature(['a'])).toMatch(/^h1-[0-9a-f]{16}$/)
  })

  it('measure the share of common headers', () => {
    expect(headerSimilarity(['a', 'b', 'c'], ['A', 'b', 'c'])).toBe(1)
    expect(headerSimilarity(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'e'])).toBeCloseTo(0.6, 5)
    expect(headerSimilarity(['a'], ['b'])).toBe(0)
  })
})
