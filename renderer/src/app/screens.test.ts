import { describe, expect, it } from 'vitest'
import { SCREENS, SCREEN_IDS, isScreenId, screenInfo } from './screens'

describe('screen registry', () => {
  it('lists every screen id exactly once, in navigation order', () => {
    expect(SCREENS.map((screen) => screen.id)).toEqual([...SCREEN_IDS])
  })

  it('recognises screen ids', () => {
    expect(isScreenId('failed-records')).toBe(true)
    expect(isScreenId('admin')).toBe(false)
    expect(screenInfo('map').label).toBe('Map')
  })
})
