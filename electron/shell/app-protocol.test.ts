import { describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_ORIGIN, appRequestPath } from './app-protocol'
import { originOf } from './url-origin'

describe('app protocol', () => {
  it('has one origin that the entry page belongs to', () => {
    expect(APP_ORIGIN).toBe('app://logdrop')
    expect(originOf(APP_ENTRY_URL)).toBe(APP_ORIGIN)
  })

  it('gives the encoded path of requests for our host, and nothing for others', () => {
    expect(appRequestPath('app://logdrop/assets/app.js?v=1')).toBe('/assets/app.js')
    // The URL parser already folds `..` and `%2e%2e` segments at the root; readRendererFile
    // checks again whatever remains.
    expect(appRequestPath('app://logdrop/%2e%2e/secret')).toBe('/secret')
    expect(appRequestPath('app://logdrop/a/../../b')).toBe('/b')
    expect(appRequestPath('app://logdrop/a/..%2f..%2fb')).toBe('/a/..%2f..%2fb')
    expect(appRequestPath('app://other/index.html')).toBeNull()
    expect(appRequestPath('https://logdrop/index.html')).toBeNull()
    expect(appRequestPath('junk')).toBeNull()
  })
})
