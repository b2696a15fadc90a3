import { describe, expect, it } from 'vitest'
import {
  createHostSecret,
  isAllowedHost,
  isAllowedOrigin,
  isLoopbackAddress,
  secretMatches,
  splitSecretPath,
} from './request-guard'

describe('createHostSecret', () => {
  it('makes 32 random bytes as base64url, different every launch', () => {
    const a = createHostSecret()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(a, 'base64url')).toHaveLength(32)
    expect(createHostSecret()).not.toBe(a)
  })
})

describe('secretMatches', () => {
  it('matches only the exact secret', () => {
    const secret = createHostSecret()
    expect(secretMatches(secret, secret)).toBe(true)
    expect(secretMatches(undefined, secret)).toBe(false)
    expect(secretMatches('', secret)).toBe(false)
    expect(secretMatches(secret.slice(0, -1), secret)).toBe(false)
    expect(secretMatches(`${secret}x`, secret)).toBe(false)
    expect(secretMatches(secret.toUpperCase(), secret)).toBe(false)
  })
})

describe('isLoopbackAddress', () => {
  it('accepts IPv4 and IPv6 loopback in every spelling', () => {
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
    ]) {
      expect(isLoopbackAddress(address), address).toBe(true)
    }
  })

  it('refuses everything else', () => {
    for (const address of [
      undefined,
      '',
      '10.0.0.5',
      '192.168.1.20',
      '0.0.0.0',
      '128.0.0.1',
      '::',
      '::2',
      'fe80::1',
      '::ffff:10.0.0.1',
      'localhost',
    ]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false)
    }
  })
})

describe('isAllowedHost', () => {
  it('accepts this server on 127.0.0.1 or localhost, case-insensitively', () => {
    expect(isAllowedHost('127.0.0.1:5217', 5217)).toBe(true)
    expect(isAllowedHost('localhost:5217', 5217)).toBe(true)
    expect(isAllowedHost('LocalHost:5217', 5217)).toBe(true)
  })

  it('refuses other names (DNS rebinding), ports and a missing header', () => {
    for (const host of [
      undefined,
      '',
      '127.0.0.1',
      'localhost',
      '127.0.0.1:5218',
      'evil.example:5217',
      'localhost.evil.example:5217',
      '127.0.0.1.nip.io:5217',
      '[::1]:5217',
      '0.0.0.0:5217',
    ]) {
      expect(isAllowedHost(host, 5217), String(host)).toBe(false)
    }
  })
})

describe('isAllowedOrigin', () => {
  it('accepts only pages this server served', () => {
    expect(isAllowedOrigin('http://127.0.0.1:5217', 5217)).toBe(true)
    expect(isAllowedOrigin('http://localhost:5217', 5217)).toBe(true)
    for (const origin of [
      undefined,
      'null',
      'https://127.0.0.1:5217',
      'http://127.0.0.1:5218',
      'http://evil.example',
      'http://127.0.0.1:5217.evil.example',
      'file://',
    ]) {
      expect(isAllowedOrigin(origin, 5217), String(origin)).toBe(false)
    }
  })
})

describe('splitSecretPath', () => {
  it('splits the first segment from the rest and drops the query', () => {
    expect(splitSecretPath('/abc/assets/x.js?v=1')).toEqual({ secret: 'abc', rest: '/assets/x.js' })
    expect(splitSecretPath('/abc/')).toEqual({ secret: 'abc', rest: '/' })
    expect(splitSecretPath('/abc')).toEqual({ secret: 'abc', rest: '' })
    expect(splitSecretPath('/')).toEqual({ secret: '', rest: '' })
    expect(splitSecretPath(undefined)).toEqual({ secret: undefined, rest: '' })
    expect(splitSecretPath('http://evil/abc/')).toEqual({ secret: undefined, rest: '' })
  })
})
