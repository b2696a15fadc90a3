import { describe, expect, it } from 'vitest'
import { SlotGate } from './slot-gate'

describe('SlotGate', () => {
  it('grants up to the limit and queues the rest in order', async () => {
    let limit = 2
    const gate = new SlotGate(() => limit)
    await gate.acquire()
    await gate.acquire()
    const order: number[] = []
    const third = gate.acquire().then(() => order.push(3))
    const fourth = gate.acquire().then(() => order.push(4))
    await Promise.resolve()
    expect(gate.inFlight).toBe(2)
    gate.release()
    await third
    expect(order).toEqual([3])
    limit = 3
    gate.poke()
    await fourth
    expect(order).toEqual([3, 4])
    expect(gate.inFlight).toBe(3)
  })

  it('grants nothing while paused', async () => {
    const gate = new SlotGate(() => 4)
    gate.pause()
    let granted = false
    const waiting = gate.acquire().then(() => (granted = true))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(granted).toBe(false)
    gate.resume()
    await waiting
    expect(granted).toBe(true)
  })

  it('rejects waiters and later callers once closed', async () => {
    const gate = new SlotGate(() => 1)
    await gate.acquire()
    const waiting = gate.acquire()
    const error = new Error('cancelled')
    gate.close(error)
    await expect(waiting).rejects.toBe(error)
    await expect(gate.acquire()).rejects.toBe(error)
  })

  it('measures how long callers waited', async () => {
    let clock = 0
    const gate = new SlotGate(
      () => 1,
      () => clock,
    )
    await gate.acquire()
    const waiting = gate.acquire()
    clock = 250
    gate.release()
    await waiting
    expect(gate.waitedMs).toBe(250)
  })
})
