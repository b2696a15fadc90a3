import { describe, expect, it } from 'vitest'
import { recentTitle } from './recent-title'

describe('recentTitle', () => {
  it('names the rule and the stream once each', () => {
    expect(recentTitle({ label: 'dcr-ops', streamName: 'Custom-AppEvents' })).toBe(
      'dcr-ops · Custom-AppEvents',
    )
    expect(recentTitle({ label: 'Custom-AppEvents', streamName: 'Custom-AppEvents' })).toBe(
      'Custom-AppEvents',
    )
  })

  it('does not show an upload’s label as the target’s name', () => {
    expect(
      recentTitle({
        label: 'nomatch.csv and 1 more → Custom-AppEvents',
        streamName: 'Custom-AppEvents',
      }),
    ).toBe('Custom-AppEvents')
  })
})
