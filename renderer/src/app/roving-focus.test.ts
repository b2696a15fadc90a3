import { describe, expect, it } from 'vitest'
import { rovingTarget } from './roving-focus'

describe('rovingTarget', () => {
  it('moves down and up, wrapping at both ends', () => {
    expect(rovingTarget('ArrowDown', 0, 3)).toBe(1)
    expect(rovingTarget('ArrowDown', 2, 3)).toBe(0)
    expect(rovingTarget('ArrowUp', 0, 3)).toBe(2)
    expect(rovingTarget('ArrowUp', 2, 3)).toBe(1)
  })

  it('jumps to the ends with Home and End', () => {
    expect(rovingTarget('Home', 2, 9)).toBe(0)
    expect(rovingTarget('End', 0, 9)).toBe(8)
  })

  it('starts from an end when focus is not on an item yet', () => {
    expect(rovingTarget('ArrowDown', -1, 4)).toBe(0)
    expect(rovingTarget('ArrowUp', -1, 4)).toBe(3)
  })

  it('ignores other keys and empty lists', () => {
    expect(rovingTarget('Enter', 1, 3)).toBeNull()
    expect(rovingTarget('ArrowDown', 0, 0)).toBeNull()
  })
})
