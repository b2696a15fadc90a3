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

  it('sends sign-in and target to issue 5, the rest of the journey to issue 6', () => {
    const issues = Object.fromEntries(
      Object.entries(PENDING_SCREENS).map(([id, work]) => [id, work.issue]),
    )
    expect(issues).toEqual({
      'sign-in': 5,
      target: 5,
      files: 6,
      map: 6,
      upload: 6,
      'failed-records': 6,
      history: 6,
    })
  })

  it('says plainly which issue a pending screen waits for', () => {
    expect(pendingNotice('sign-in')).toBe(
      'The Sign in screen arrives with issue #5 (Sign-in with an Azure account and discovery).',
    )
    expect(pendingNotice('upload')).toMatch(/issue #6 .*upload engine from issue #4\.$/)
  })

  it('has no notice for built screens', () => {
    expect(pendingNotice('settings')).toBeNull()
    expect(pendingNotice('diagnostics')).toBeNull()
  })

  it('recognises screen ids', () => {
    expect(isScreenId('failed-records')).toBe(true)
    expect(isScreenId('admin')).toBe(false)
    expect(screenInfo('map').label).toBe('Map')
  })
})
