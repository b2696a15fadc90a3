import { describe, expect, it } from 'vitest'
import { decidePermission } from './permissions'

const APP = 'app://logdrop'

describe('decidePermission', () => {
  it('denies every powerful permission, even to the app itself', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'display-capture',
      'openExternal',
      'clipboard-read',
      'fileSystem',
      'hid',
      'usb',
      'serial',
      'unknown',
    ]) {
      expect(decidePermission(permission, 'app://logdrop/index.html', APP), permission).toBe(false)
    }
  })

  it('lets only the app origin write to the clipboard', () => {
    expect(decidePermission('clipboard-sanitized-write', 'app://logdrop/index.html', APP)).toBe(
      true,
    )
    expect(decidePermission('clipboard-sanitized-write', 'https://evil.example/', APP)).toBe(false)
    expect(decidePermission('clipboard-sanitized-write', undefined, APP)).toBe(false)
  })
})
