import { describe, expect, it } from 'vitest'
import { buildContentSecurityPolicy, SECURITY_HEADERS } from './content-security-policy'

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/)
      return [name, sources] as const
    }),
  )
}

describe('buildContentSecurityPolicy', () => {
  it('allows scripts only from the app and forbids plugins, framing, forms and <base>', () => {
    const policy = directives(buildContentSecurityPolicy())
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(policy.get('default-src')).toEqual(["'self'"])
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(policy.get('form-action')).toEqual(["'none'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
    expect(policy.get('frame-src')).toEqual(["'none'"])
    expect(policy.get('connect-src')).toEqual(["'self'"])
  })

  it('never allows eval or remote scripts', () => {
    const text = buildContentSecurityPolicy({ connectSources: ['ws://127.0.0.1:5217'] })
    expect(text).not.toContain('unsafe-eval')
    expect(directives(text).get('script-src')).toEqual(["'self'"])
    expect(text).not.toMatch(/https?:\/\//)
  })

  it('adds the browser host socket to connect-src only', () => {
    const policy = directives(
      buildContentSecurityPolicy({
        connectSources: ['ws://127.0.0.1:5217', 'ws://localhost:5217'],
      }),
    )
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'ws://127.0.0.1:5217',
      'ws://localhost:5217',
    ])
  })

  it('relaxes only what Vite dev needs in development', () => {
    const policy = directives(buildContentSecurityPolicy({ development: true }))
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-inline'"])
    expect(policy.get('connect-src')).toContain('ws://localhost:*')
    expect(policy.get('object-src')).toEqual(["'none'"])
  })

  it('comes with nosniff, no referrer and no framing', () => {
    expect(SECURITY_HEADERS).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
    })
  })
})
