import { describe, expect, it } from 'vitest'
import { page, pageOffset } from './arm-paging'

const origin = 'https://localhost:4000'
const request = (query: string) => ({
  url: new URL(`/subscriptions/s/providers/Microsoft.Insights/dataCollectionRules${query}`, origin),
  origin,
  pageSize: 5,
})

describe('ARM paging', () => {
  const items = Array.from({ length: 12 }, (_, i) => i)

  it('walks every item once through nextLinks', () => {
    const seen: number[] = []
    let query = '?api-version=2023-03-11'
    for (let guard = 0; guard < 10; guard++) {
      const r = request(query)
      const offset = pageOffset(r.url)
      expect(offset).toBeDefined()
      const result = page(items, offset ?? 0, r)
      seen.push(...result.value)
      if (result.nextLink === undefined) break
      expect(result.nextLink.startsWith(`${origin}/subscriptions/s/providers/`)).toBe(true)
      expect(result.nextLink).toContain('api-version=2023-03-11&$skipToken=')
      query = new URL(result.nextLink).search
    }
    expect(seen).toEqual(items)
  })

  it('refuses a skip token it did not issue', () => {
    expect(pageOffset(request('?api-version=1&$skipToken=not-ours').url)).toBeUndefined()
  })
})
