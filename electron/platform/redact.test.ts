import { describe, expect, it } from 'vitest'
import { redactSecrets } from './redact'

describe('redactSecrets', () => {
  it('removes JWTs, bearer tokens and OAuth secrets in form, JSON and escaped JSON', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlX2hlcmU'
    const line = [
      `Authorization: Bearer opaque-token-123`,
      `token=${jwt}`,
      `grant_type=refresh_token&refresh_token=RT-SECRET&client_secret=CS-SECRET&code=AUTHCODE`,
      JSON.stringify({ refresh_token: 'RT2-SECRET', clientSecret: 'CS2-SECRET' }),
      JSON.stringify({ inner: JSON.stringify({ access_token: 'AT3-SECRET' }) }),
    ].join('\n')
    const out = redactSecrets(line)
    for (const secret of [
      'opaque-token-123',
      jwt,
      'RT-SECRET',
      'CS-SECRET',
      'AUTHCODE',
      'RT2-SECRET',
      'CS2-SECRET',
      'AT3-SECRET',
    ]) {
      expect(out).not.toContain(secret)
    }
  })

  it('keeps harmless fields such as error codes', () => {
    const line = JSON.stringify({ code: 'ipc/invalid-payload', message: 'kept' })
    expect(redactSecrets(line)).toBe(line)
  })
})
