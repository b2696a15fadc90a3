import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { abortLoopback, isAllowedSignInUrl, loopbackFromAuthorizeUrl } from './sign-in-url'

const AUTHORITY = 'https://login.microsoftonline.com'

describe('isAllowedSignInUrl', () => {
  it('allows only https pages on the configured authority origin', () => {
    expect(
      isAllowedSignInUrl(`${AUTHORITY}/organizations/oauth2/v2.0/authorize?x=1`, AUTHORITY),
    ).toBe(true)
    expect(
      isAllowedSignInUrl(
        'https://localhost:8443/t/oauth2/v2.0/authorize',
        'https://localhost:8443',
      ),
    ).toBe(true)
  })

  it('refuses look-alike hosts, other ports, http, credentials and other schemes', () => {
    for (const url of [
      'https://login.microsoftonline.com.evil.example/organizations/oauth2/v2.0/authorize',
      'https://evil.example/?https://login.microsoftonline.com',
      'https://login.microsoftonline.com:8443/x',
      'http://login.microsoftonline.com/x',
      'https://user:pass@login.microsoftonline.com/x',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedSignInUrl(url, AUTHORITY), url).toBe(false)
    }
    expect(isAllowedSignInUrl('https://localhost:9999/x', 'https://localhost:8443')).toBe(false)
    expect(isAllowedSignInUrl(`${AUTHORITY}/x`, 'http://login.microsoftonline.com')).toBe(false)
  })
})

describe('loopbackFromAuthorizeUrl', () => {
  it('reads the loopback address and state msal put in the URL', () => {
    const url = `${AUTHORITY}/t/oauth2/v2.0/authorize?redirect_uri=${encodeURIComponent('http://localhost:51234')}&state=abc`
    expect(loopbackFromAuthorizeUrl(url)).toEqual({
      redirectUri: 'http://localhost:51234',
      state: 'abc',
    })
  })

  it('ignores redirects that are not plain-http loopback (cancel must never post elsewhere)', () => {
    for (const redirect of ['https://evil.example/', 'http://evil.example:80/', 'msal://auth']) {
      const url = `${AUTHORITY}/t?redirect_uri=${encodeURIComponent(redirect)}&state=abc`
      expect(loopbackFromAuthorizeUrl(url)).toBeNull()
    }
    expect(loopbackFromAuthorizeUrl(`${AUTHORITY}/t?redirect_uri=http://localhost:1`)).toBeNull()
  })
})

describe('abortLoopback', () => {
  it('posts access_denied with the state as a form, like the identity provider would', async () => {
    let received = ''
    let contentType = ''
    const server = createServer((req, res) => {
      contentType = req.headers['content-type'] ?? ''
      req.on('data', (chunk: Buffer) => (received += chunk.toString()))
      req.on('end', () => res.end('ok'))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      await abortLoopback(
        { redirectUri: `http://localhost:${port}`, state: 's1' },
        'user_cancelled',
      )
    } finally {
      server.close()
    }
    expect(contentType).toBe('application/x-www-form-urlencoded')
    expect(Object.fromEntries(new URLSearchParams(received))).toEqual({
      error: 'access_denied',
      error_description: 'user_cancelled',
      state: 's1',
    })
  })
})
