import { describe, expect, it } from 'vitest'
import { audienceKindOf, parseScopes } from './resources'

describe('parseScopes', () => {
  const parse = (raw: string) => parseScopes(raw, 'Contoso')

  it('keeps the requested spelling as the audience (both Monitor forms)', () => {
    const single = parse('https://monitor.azure.com/.default openid profile offline_access')
    const double = parse('https://monitor.azure.com//.default')
    expect(single.ok && single.value.resource).toMatchObject({
      kind: 'monitor',
      audience: 'https://monitor.azure.com',
      scopes: ['https://monitor.azure.com/.default'],
    })
    expect(single.ok && [...single.value.oidc].sort()).toEqual([
      'offline_access',
      'openid',
      'profile',
    ])
    expect(double.ok && double.value.resource.audience).toBe('https://monitor.azure.com/')
  })

  it('knows ARM by both identifiers and Log Analytics', () => {
    for (const [scope, kind] of [
      ['https://management.azure.com/.default', 'arm'],
      ['https://management.core.windows.net//.default', 'arm'],
      ['https://management.azure.com/user_impersonation', 'arm'],
      ['https://api.loganalytics.io/.default', 'loganalytics'],
    ] as const) {
      const parsed = parse(scope)
      expect(parsed.ok && parsed.value.resource.kind).toBe(kind)
    }
  })

  it('gives a Microsoft Graph token when only OpenID scopes are asked for', () => {
    const parsed = parse('openid profile offline_access')
    expect(parsed.ok && parsed.value.resource.kind).toBe('graph')
  })

  it('refuses two resources (AADSTS700022) and unknown ones (AADSTS500011)', () => {
    const two = parse('https://management.azure.com/.default https://monitor.azure.com/.default')
    expect(!two.ok && two.error).toMatchObject({ error: 'invalid_scope', code: 700022 })
    const unknown = parse('https://storage.azure.com/.default')
    expect(!unknown.ok && unknown.error).toMatchObject({ error: 'invalid_resource', code: 500011 })
  })
})

describe('audienceKindOf', () => {
  it('maps token audiences to the API they are for', () => {
    expect(audienceKindOf('https://management.core.windows.net/')).toBe('arm')
    expect(audienceKindOf('https://monitor.azure.com/')).toBe('monitor')
    expect(audienceKindOf('https://api.loganalytics.io')).toBe('loganalytics')
    expect(audienceKindOf('https://vault.azure.net')).toBeUndefined()
  })
})
