import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  admin,
  ingest,
  startDataPlaneHarness,
  type DataPlaneHarness,
} from '../../../test/helpers/data-plane-harness'
import { RequestLatch } from './request-latch'

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0)
const record = { Time: new Date(NOW - 60_000).toISOString(), Host: 'held', Level: 1 }

describe('RequestLatch', () => {
  it('holds exactly the next n requests and lets the oldest go first', async () => {
    const latch = new RequestLatch()
    latch.hold(2)
    const order: string[] = []
    const a = latch.pass(() => undefined).then((held) => order.push(`a:${held}`))
    const b = latch.pass(() => undefined).then((held) => order.push(`b:${held}`))
    await latch.pass(() => undefined).then((held) => order.push(`c:${held}`))
    expect(order).toEqual(['c:false'])
    expect(latch.state()).toEqual({ holding: 0, held: 2, released: 0 })
    latch.release(1)
    await a
    expect(order).toEqual(['c:false', 'a:true'])
    latch.release()
    await b
    expect(latch.state()).toEqual({ holding: 0, held: 0, released: 2 })
  })

  it('lets a request whose client left go, and a waiter give up on its signal', async () => {
    const latch = new RequestLatch()
    latch.hold(5)
    let leave: () => void = () => undefined
    const held = latch.pass((onLeave) => (leave = onLeave))
    const controller = new AbortController()
    const waiting = latch.whenHeld(2, controller.signal)
    leave()
    expect(await held).toBe(true)
    expect(latch.state().held).toBe(0)
    controller.abort()
    expect(await waiting).toBeUndefined()
  })
})

describe('/_emulator/hold and /_emulator/release', () => {
  let harness: DataPlaneHarness
  beforeAll(async () => {
    harness = await startDataPlaneHarness({ now: () => new Date(NOW) })
  })
  afterAll(async () => {
    await harness.dispose()
  })

  it('holds ingestion until released, and the long-poll answers when they are held', async () => {
    expect((await admin(harness, 'POST', 'hold', { requests: 2 })).body).toEqual({
      holding: 2,
      held: 0,
      released: 0,
    })
    const first = ingest(harness, [record])
    const second = ingest(harness, [record])
    const waited = await admin(harness, 'GET', 'hold?held=2&timeoutMs=60000')
    expect(waited).toEqual({ status: 200, body: { holding: 0, held: 2, released: 0 } })
    // Not held: the hold was for two requests only.
    expect((await ingest(harness, [record])).status).toBe(204)
    expect((await admin(harness, 'POST', 'release', { requests: 1 })).body).toMatchObject({
      held: 1,
    })
    expect((await first).status).toBe(204)
    await admin(harness, 'POST', 'release')
    expect((await second).status).toBe(204)
    const counters = (await admin(harness, 'GET', 'counters')).body as {
      faults: { held: number }
    }
    expect(counters.faults.held).toBe(2)
  })

  it('answers 408 with the state when the long-poll times out, and 400 for a bad count', async () => {
    expect(await admin(harness, 'GET', 'hold?held=1&timeoutMs=0')).toEqual({
      status: 408,
      body: { holding: 0, held: 0, released: 2 },
    })
    expect((await admin(harness, 'POST', 'hold', { requests: 0 })).status).toBe(400)
    expect((await admin(harness, 'POST', 'hold')).status).toBe(400)
  })

  it('a reset lets every held request go', async () => {
    await admin(harness, 'POST', 'hold', { requests: 1 })
    const held = ingest(harness, [record])
    await admin(harness, 'GET', 'hold?held=1')
    await admin(harness, 'POST', 'reset')
    expect((await held).status).toBeLessThan(500)
    expect((await admin(harness, 'GET', 'hold')).body).toEqual({ holding: 0, held: 0, released: 0 })
  })
})
