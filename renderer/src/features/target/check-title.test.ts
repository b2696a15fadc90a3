import { describe, expect, it } from 'vitest'
import { notReadyTitle } from './check-title'

describe('notReadyTitle', () => {
  it('names the refusal by its HTTP status', () => {
    expect(notReadyTitle({ httpStatus: 403 })).toBe('Not allowed to send (403)')
    expect(notReadyTitle({ httpStatus: 401 })).toBe('Sign-in not accepted (401)')
    expect(notReadyTitle({ httpStatus: 404 })).toBe('Not found (404)')
    expect(notReadyTitle({ httpStatus: 429 })).toBe('Busy (429)')
    expect(notReadyTitle({ httpStatus: 503 })).toBe('The service failed (503)')
    expect(notReadyTitle({ httpStatus: 400 })).toBe('Refused (400)')
    expect(notReadyTitle({ httpStatus: null })).toBe('Could not reach the endpoint')
  })
})
