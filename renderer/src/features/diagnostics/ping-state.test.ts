import { describe, expect, it } from 'vitest'
import { errorData } from '../../../../shared/errors/app-error'
import { INITIAL_PING, describePing, pingReducer } from './ping-state'

const reply = { message: 'hello', receivedAt: '2025-01-01T00:00:00.000Z' }

describe('pingReducer', () => {
  it('measures the round trip of a successful ping', () => {
    const sent = pingReducer(INITIAL_PING, { type: 'sent', message: 'hello', at: 1000 })
    expect(describePing(sent)).toBe('Waiting for the answer…')
    const done = pingReducer(sent, {
      type: 'answered',
      attempt: sent.attempt,
      result: { ok: true, value: reply },
      at: 1012.4,
    })
    expect(done).toMatchObject({ status: 'done', roundTripMs: 12, reply })
    expect(describePing(done)).toBe(
      'Round trip OK in 12 ms: the service echoed "hello" at 2025-01-01T00:00:00.000Z.',
    )
  })

  it('says so when the echo differs from what was sent', () => {
    const sent = pingReducer(INITIAL_PING, { type: 'sent', message: 'a', at: 0 })
    const done = pingReducer(sent, {
      type: 'answered',
      attempt: 1,
      result: { ok: true, value: { ...reply, message: 'b' } },
      at: 3,
    })
    expect(describePing(done)).toMatch(/echoed "b" instead of "a"/)
  })

  it('keeps the error of a failed ping', () => {
    const error = errorData('ipc/disconnected')
    const sent = pingReducer(INITIAL_PING, { type: 'sent', message: 'x', at: 0 })
    const failed = pingReducer(sent, {
      type: 'answered',
      attempt: 1,
      result: { ok: false, error },
      at: 5,
    })
    expect(failed).toMatchObject({ status: 'failed', error })
    expect(describePing(failed)).toBe('The test failed after 5 ms.')
  })

  it('ignores a late answer to an earlier attempt', () => {
    const first = pingReducer(INITIAL_PING, { type: 'sent', message: 'one', at: 0 })
    const second = pingReducer(first, { type: 'sent', message: 'two', at: 10 })
    const late = pingReducer(second, {
      type: 'answered',
      attempt: first.attempt,
      result: { ok: true, value: reply },
      at: 20,
    })
    expect(late).toBe(second)
    expect(describePing(INITIAL_PING)).toBe('Not tested yet.')
  })
})
