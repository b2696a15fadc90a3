import { describe, expect, it } from 'vitest'
import { externalOriginsFor, isAllowedExternalUrl } from './external-url'

const PUBLIC = externalOriginsFor('AzurePublic')

describe('externalOriginsFor', () => {
  it('lists the sign-in authority of each cloud', () => {
    expect(PUBLIC).toEqual(['https://login.microsoftonline.com'])
    expect(externalOriginsFor('AzureUSGovernment')).toEqual(['https://login.microsoftonline.us'])
    expect(externalOriginsFor('AzureChina')).toContain('https://login.chinacloudapi.cn')
  })

  it('takes the emulator authority from the caller, https only', () => {
    expect(externalOriginsFor('LocalEmulator', 'https://localhost:8443/tenant')).toEqual([
      'https://localhost:8443',
    ])
    expect(externalOriginsFor('LocalEmulator', 'http://localhost:8443')).toEqual([])
    expect(externalOriginsFor('LocalEmulator')).toEqual([])
  })
})

describe('isAllowedExternalUrl', () => {
  it('allows https URLs on an allow-listed origin', () => {
    const url =
      'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=x&state=y'
    expect(isAllowedExternalUrl(url, PUBLIC)).toBe(true)
  })

  it('refuses other schemes, look-alike hosts, other ports and embedded credentials', () => {
    for (const url of [
      'http://login.microsoftonline.com/',
      'https://login.microsoftonline.com.evil.example/',
      'https://evil.example/https://login.microsoftonline.com/',
      'https://login.microsoftonline.com:444/',
      'https://user:pass@login.microsoftonline.com/',
      'https://evil.example@login.microsoftonline.com/',
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'ms-settings:',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url, PUBLIC), url).toBe(false)
    }
  })

  it('refuses everything when the allow-list is empty', () => {
    expect(isAllowedExternalUrl('https://login.microsoftonline.com/', [])).toBe(false)
  })
})
