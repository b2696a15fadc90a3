import { describe, expect, it } from 'vitest'
import { THEMES } from '../../../shared/models/settings'
import { THEME_LABELS, resolveTheme } from './theme-choice'

const os = (prefersDark: boolean, forcedColors: boolean) => ({ prefersDark, forcedColors })

describe('resolveTheme', () => {
  it('follows the OS colour scheme for "system"', () => {
    expect(resolveTheme('system', os(false, false))).toBe('light')
    expect(resolveTheme('system', os(true, false))).toBe('dark')
  })

  it('uses high contrast for "system" when the OS forces colours, even if it prefers dark', () => {
    expect(resolveTheme('system', os(true, true))).toBe('high-contrast')
  })

  it('honours an explicit choice whatever the OS says', () => {
    expect(resolveTheme('light', os(true, true))).toBe('light')
    expect(resolveTheme('dark', os(false, false))).toBe('dark')
    expect(resolveTheme('high-contrast', os(false, false))).toBe('high-contrast')
  })

  it('has a label for every theme setting', () => {
    expect(Object.keys(THEME_LABELS).sort()).toEqual([...THEMES].sort())
  })
})
