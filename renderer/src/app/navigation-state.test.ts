import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SCREEN,
  hashForScreen,
  initialNavigation,
  navigationReducer,
  screenFromHash,
} from './navigation-state'
import { SCREEN_IDS } from './screens'

describe('navigation state', () => {
  it('opens at the screen in the URL fragment without stealing focus', () => {
    expect(initialNavigation('#/settings')).toEqual({ current: 'settings', focusHeading: false })
    expect(initialNavigation('')).toEqual({ current: DEFAULT_SCREEN, focusHeading: false })
    expect(initialNavigation('#/nowhere').current).toBe(DEFAULT_SCREEN)
  })

  it('moves to another screen and asks for focus on its heading once', () => {
    const moved = navigationReducer(initialNavigation(''), { type: 'navigate', screen: 'history' })
    expect(moved).toEqual({ current: 'history', focusHeading: true })
    const focused = navigationReducer(moved, { type: 'heading-focused' })
    expect(focused).toEqual({ current: 'history', focusHeading: false })
    expect(navigationReducer(focused, { type: 'heading-focused' })).toBe(focused)
  })

  it('keeps the same state when navigating to the current screen', () => {
    const state = initialNavigation('#/map')
    expect(navigationReducer(state, { type: 'navigate', screen: 'map' })).toBe(state)
  })

  it('round-trips every screen through the URL fragment', () => {
    for (const id of SCREEN_IDS) expect(screenFromHash(hashForScreen(id))).toBe(id)
    expect(screenFromHash('#upload')).toBe('upload')
    expect(screenFromHash('#/')).toBeNull()
  })
})
