import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors/app-error'
import { toAuthAppError } from './auth-errors'

describe('toAuthAppError', () => {
  it('a refused refresh token on a silent call means "sign in again"', () => {
    const revoked = new ServerError('invalid_grant', 'AADSTS50173: The grant was revoked.')
    expect(toAuthAppError(revoked, 'auth/sign-in-failed', 'silent').code).toBe(
      'auth/sign-in-required',
    )
    // During an interactive sign-in the same code is a failed sign-in (e.g. a reused code).
    expect(toAuthAppError(revoked, 'auth/sign-in-failed').code).toBe('auth/sign-in-failed')
    const interaction = new InteractionRequiredAuthError('interaction_required', 'MFA')
    expect(toAuthAppError(interaction, 'auth/sign-in-failed').code).toBe('auth/sign-in-required')
  })

  it('maps a declined sign-in page, network failures, and passes AppErrors through', () => {
    expect(
      toAuthAppError(new ServerError('access_denied', 'declined'), 'auth/sign-in-failed').code,
    ).toBe('auth/cancelled')
    const offline = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })
    expect(toAuthAppError(offline, 'auth/sign-in-failed').code).toBe('auth/network')
    const network = Object.assign(new Error('Network request failed'), {
      errorCode: 'network_error',
    })
    expect(toAuthAppError(network, 'auth/sign-in-failed').code).toBe('auth/network')
    const own = new AppError('auth/emulator-not-running', 'x')
    expect(toAuthAppError(own, 'auth/sign-in-failed')).toBe(own)
  })
})
