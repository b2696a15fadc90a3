import { describe, expect, it } from 'vitest'
import {
  PENDING_SCREENS,
  SCREENS,
  SCREEN_IDS,
  isScreenId,
  pendingNotice,
  screenInfo,
} from './screens'

describe('screen registry', () => {
  it('lists every screen id exactly once, in navigation order', () => {
    expect(SCREENS.map((screen) => screen.id)).toEqual([...SCREEN_IDS])
  })

  it('has every screen built: none is pending', () => {
    expect(PENDING_SCREENS).toEqual({})
    for (const id of SCREEN_IDS) expect(pendingNotice(id)).toBeNull()
  })

  it('recognises screen ids', () => {
    expect(isScreenId('failed-records')).toBe(true)
    expect(isScreenId('admin')).toBe(false)
    expect(screenInfo('map').label).toBe('Map')
  })
})
