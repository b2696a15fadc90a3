import { describe, expect, it } from 'vitest'
import { resourceName } from './resource-name'

describe('resourceName', () => {
  it('takes the last segment of an ARM id', () => {
    expect(
      resourceName(
        '/subscriptions/4ac0f407-1d46-445b-8650-fabb9569b755/resourceGroups/rg/providers/Microsoft.Insights/dataCollectionEndpoints/dce-logdrop-weu',
      ),
    ).toBe('dce-logdrop-weu')
    expect(resourceName('/a/b/')).toBe('b')
    expect(resourceName('')).toBe('')
  })
})
