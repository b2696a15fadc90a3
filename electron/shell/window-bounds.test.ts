import { describe, expect, it } from 'vitest'
import {
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  parseSavedBounds,
  restoreBounds,
} from './window-bounds'

const laptop = { x: 0, y: 0, width: 1920, height: 1040 }
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1400 }

describe('restoreBounds', () => {
  it('uses the default size, centred, the first time', () => {
    expect(restoreBounds(undefined, [laptop])).toEqual(DEFAULT_WINDOW_SIZE)
  })

  it('keeps a remembered place that is still on a display', () => {
    const saved = { x: 2100, y: 100, width: 1400, height: 900, maximized: true }
    expect(restoreBounds(saved, [laptop, rightMonitor])).toEqual(saved)
  })

  it('drops the place when its monitor is gone, keeping the size', () => {
    const saved = { x: 2100, y: 100, width: 1400, height: 900 }
    expect(restoreBounds(saved, [laptop])).toEqual({ width: 1400, height: 900 })
  })

  it('drops the place when the title bar is off-screen', () => {
    expect(restoreBounds({ x: 100, y: -500, width: 1000, height: 800 }, [laptop])).toEqual({
      width: 1000,
      height: 800,
    })
  })

  it('clamps the size between the minimum and the largest display', () => {
    expect(restoreBounds({ width: 100, height: 50 }, [laptop])).toEqual(MIN_WINDOW_SIZE)
    expect(restoreBounds({ width: 9000, height: 9000 }, [laptop])).toEqual({
      width: 1920,
      height: 1040,
    })
  })
})

describe('parseSavedBounds', () => {
  it('accepts what was saved and forgets anything malformed', () => {
    expect(parseSavedBounds({ x: 1, y: 2, width: 800, height: 600 })).toEqual({
      x: 1,
      y: 2,
      width: 800,
      height: 600,
    })
    expect(parseSavedBounds({ width: 'wide', height: 600 })).toBeUndefined()
    expect(parseSavedBounds(null)).toBeUndefined()
    expect(parseSavedBounds({ width: -5, height: 600 })).toBeUndefined()
  })
})
