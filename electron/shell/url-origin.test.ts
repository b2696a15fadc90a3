import { describe, expect, it } from 'vitest'
import { originOf, sameOrigin } from './url-origin'

describe('originOf', () => {
  it('gives http(s) origins as the URL parser does', () => {
    expect(originOf('https://login.microsoftonline.com/common/oauth2')).toBe(
      'https://login.microsoftonline.com',
    )
    expect(originOf('http://localhost:5173/index.html')).toBe('http://localhost:5173')
  })

  it('gives standard custom schemes a real origin, unlike Node (which says "null")', () => {
    expect(new URL('app://logdrop/index.html').origin).toBe('null')
    expect(originOf('app://logdrop/index.html')).toBe('app://logdrop')
    expect(originOf('APP://LogDrop/x')).toBe('app://logdrop')
  })

  it('has no origin for junk, opaque URLs and host-less URLs', () => {
    expect(originOf('not a url')).toBeNull()
    expect(originOf('javascript:alert(1)')).toBeNull()
    expect(originOf('data:text/html,hi')).toBeNull()
    expect(originOf('about:blank')).toBeNull()
  })
})

describe('sameOrigin', () => {
  it('compares whole origins, never prefixes', () => {
    expect(sameOrigin('app://logdrop/a/b', 'app://logdrop')).toBe(true)
    expect(sameOrigin('app://logdrop.evil/a', 'app://logdrop')).toBe(false)
    expect(sameOrigin('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false)
    expect(sameOrigin('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(sameOrigin('junk', 'junk')).toBe(false)
  })
})
