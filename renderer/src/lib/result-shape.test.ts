import { describe, expect, it } from 'vitest'
import { disconnected, toResult } from './result-shape'

describe('toResult', () => {
  it('accepts a value, including an absent one (void answers lose it in JSON)', () => {
    expect(toResult({ ok: true, value: 3 })).toEqual({ ok: true, value: 3 })
    expect(toResult({ ok: true })).toEqual({ ok: true, value: undefined })
  })

  it('accepts well-formed error data', () => {
    const error = { code: 'settings/invalid', message: 'm', detail: 'd', retryable: false }
    expect(toResult({ ok: false, error })).toEqual({ ok: false, error })
  })

  it.each([
    ['null', null],
    ['a string', 'ok'],
    ['no ok flag', { value: 1 }],
    [
      'an error without a message',
      { ok: false, error: { code: 'internal/bug', retryable: false } },
    ],
    ['an unknown code', { ok: false, error: { code: 'x/y', message: 'm', retryable: false } }],
  ])('reports %s as a bug', (_name, raw) => {
    const result = toResult(raw)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.code).toBe('internal/bug')
  })
})

describe('disconnected', () => {
  it('carries the user message from shared/errors and is retryable', () => {
    const result = disconnected('socket closed')
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'ipc/disconnected',
        message: 'Lost the connection to the LogDrop service. Reload the page to reconnect.',
        detail: 'socket closed',
        retryable: true,
      },
    })
  })
})
