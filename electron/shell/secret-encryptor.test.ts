import { describe, expect, it } from 'vitest'
import { hasRealKeyStore } from './secret-encryptor'

describe('hasRealKeyStore', () => {
  it('trusts the keystore on Windows and macOS when encryption is available', () => {
    expect(hasRealKeyStore(true, 'win32', undefined)).toBe(true)
    expect(hasRealKeyStore(true, 'darwin', undefined)).toBe(true)
    expect(hasRealKeyStore(false, 'win32', undefined)).toBe(false)
  })

  it("refuses Linux's basic_text fallback, whose key is hard-coded", () => {
    expect(hasRealKeyStore(true, 'linux', 'gnome_libsecret')).toBe(true)
    expect(hasRealKeyStore(true, 'linux', 'kwallet6')).toBe(true)
    expect(hasRealKeyStore(true, 'linux', 'basic_text')).toBe(false)
    expect(hasRealKeyStore(true, 'linux', 'unknown')).toBe(false)
    expect(hasRealKeyStore(true, 'linux', undefined)).toBe(false)
    expect(hasRealKeyStore(false, 'linux', 'gnome_libsecret')).toBe(false)
  })
})
