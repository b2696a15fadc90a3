import { describe, expect, it } from 'vitest'
import { BodyPool } from './body-pool'

describe('BodyPool', () => {
  it('reuses a body given back, and never hands out one buffer twice', () => {
    const pool = new BodyPool(100, 2)
    const first = pool.take(60)
    expect(first.length).toBe(60)
    pool.give(first)
    pool.give(first)
    const again = pool.take(80)
    expect(again.buffer).toBe(first.buffer)
    expect(again.length).toBe(80)
    expect(pool.take(10).buffer).not.toBe(first.buffer)
  })

  it('keeps at most its number of buffers, and none it did not make', () => {
    const pool = new BodyPool(100, 1)
    const a = pool.take(10)
    const b = pool.take(10)
    pool.give(a)
    pool.give(b)
    pool.give(Buffer.alloc(100))
    expect(pool.take(10).buffer).toBe(a.buffer)
    expect([a.buffer, b.buffer]).not.toContain(pool.take(10).buffer)
    // Larger than the pooled size: a buffer of its own.
    expect(pool.take(101).length).toBe(101)
  })
})
