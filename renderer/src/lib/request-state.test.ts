import { describe, expect, it } from 'vitest'
import { errorData } from '../../../shared/errors/app-error'
import { initialRequest, settleRequest } from './request-state'

describe('settleRequest', () => {
  it('holds the value of a successful answer', () => {
    expect(settleRequest(initialRequest<number>(), { ok: true, value: 7 })).toEqual({
      status: 'ready',
      value: 7,
      error: null,
    })
  })

  it('fails when nothing was ever loaded', () => {
    const error = errorData('ipc/disconnected')
    expect(settleRequest(initialRequest<number>(), { ok: false, error })).toEqual({
      status: 'failed',
      value: null,
      error,
    })
  })

  it('keeps the last good value, with the error, when a reload fails', () => {
    const error = errorData('internal/bug')
    const loaded = settleRequest(initialRequest<number>(), { ok: true, value: 1 })
    expect(settleRequest(loaded, { ok: false, error })).toEqual({
      status: 'ready',
      value: 1,
      error,
    })
  })
})
