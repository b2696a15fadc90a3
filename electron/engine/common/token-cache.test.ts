import { describe, expect, it } from 'vitest'
import { TokenCache, type AccessTokenData } from './token-cache'

describe('TokenCache', () => {
  it('fetches once for concurrent callers and reuses the token until near expiry', async () => {
    let now = 0
    const calls: boolean[] = []
    const cache = new TokenCache(
      async (force) => {
        calls.push(force)
        return { token: `t${calls.length}`, expiresOnMs: now + 600_000 }
      },
      120_000,
      () => now,
    )
    const [a, b] = await Promise.all([cache.get(), cache.get()])
    expect(a.token).toBe('t1')
    expect(b.token).toBe('t1')
    now = 400_000
    expect((await cache.get()).token).toBe('t1')
    now = 490_000
    expect((await cache.get()).token).toBe('t2')
    expect(calls).toEqual([false, false])
  })

  it('forces a refresh after a 401, once for all requests that held the stale token', async () => {
    const calls: boolean[] = []
    const cache = new TokenCache(async (force) => {
      calls.push(force)
      return { token: `t${calls.length}`, expiresOnMs: Date.now() + 3_600_000 }
    })
    const stale = await cache.get()
    const refreshed = await Promise.all([cache.refresh(stale.token), cache.refresh(stale.token)])
    expect(refreshed.map((t: AccessTokenData) => t.token)).toEqual(['t2', 't2'])
    expect((await cache.refresh(stale.token)).token).toBe('t2')
    expect(calls).toEqual([false, true])
  })

  it('passes a failure on and asks again next time', async () => {
    let fail = true
    const cache = new TokenCache(async () => {
      if (fail) throw new Error('signed out')
      return { token: 'ok', expiresOnMs: Date.now() + 3_600_000 }
    })
    await expect(cache.get()).rejects.toThrow('signed out')
    fail = false
    expect((await cache.get()).token).toBe('ok')
  })
})
