import { describe, expect, it } from 'vitest'
import { describeCountdown, earliest, formatCountdown, secondsLeft } from './countdown'

describe('countdown', () => {
  const now = Date.parse('2025-01-01T10:00:00.000Z')

  it('counts whole seconds up to the instant, rounding up and never below zero', () => {
    expect(secondsLeft('2025-01-01T10:15:00.000Z', now)).toBe(900)
    expect(secondsLeft('2025-01-01T10:00:00.400Z', now)).toBe(1)
    expect(secondsLeft('2025-01-01T09:59:00.000Z', now)).toBe(0)
    expect(secondsLeft('not a date', now)).toBe(0)
  })

  it('formats like a clock', () => {
    expect(formatCountdown(0)).toBe('0:00')
    expect(formatCountdown(65)).toBe('1:05')
    expect(formatCountdown(900)).toBe('15:00')
    expect(formatCountdown(3725)).toBe('1:02:05')
    expect(formatCountdown(-3)).toBe('0:00')
  })

  it('says the time in words for screen readers', () => {
    expect(describeCountdown(0)).toBe('no time')
    expect(describeCountdown(1)).toBe('1 second')
    expect(describeCountdown(59)).toBe('59 seconds')
    expect(describeCountdown(60)).toBe('1 minute')
    expect(describeCountdown(125)).toBe('2 minutes 5 seconds')
    expect(describeCountdown(61)).toBe('1 minute 1 second')
  })

  it('picks the earlier deadline, ignoring an unreadable one', () => {
    const five = '2025-01-01T10:05:00.000Z'
    const fifteen = '2025-01-01T10:15:00.000Z'
    expect(earliest(five, fifteen)).toBe(five)
    expect(earliest(fifteen, five)).toBe(five)
    expect(earliest('soon', five)).toBe(five)
    expect(earliest(fifteen, 'later')).toBe(fifteen)
  })
})
