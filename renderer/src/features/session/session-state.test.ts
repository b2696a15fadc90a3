import { describe, expect, it } from 'vitest'
import { errorData } from '../../../../shared/errors/app-error'
import type { SessionState } from '../../../../shared/models/session'
import { INITIAL_SESSION_VIEW, applyPatch, sessionReducer } from './session-state'

const TARGET = {
  target: {
    endpoint: 'https://logs.example.com',
    dcrImmutableId: 'dcr-0123456789abcdef0123456789abcdef',
    streamName: 'Custom-AppEvents',
  },
  label: 'my-dcr',
  source: 'manual' as const,
  dcrId: null,
}
const SAVED: SessionState = { target: TARGET, mappings: {}, uploadJobId: 'j1' }

describe('sessionReducer', () => {
  it('counts each load, so each connect restores once', () => {
    let state = sessionReducer(INITIAL_SESSION_VIEW, {
      type: 'loaded',
      result: { ok: true, value: SAVED },
    })
    expect(state).toMatchObject({ saved: SAVED, loads: 1, error: null })
    state = sessionReducer(state, { type: 'loaded', result: { ok: true, value: SAVED } })
    expect(state.loads).toBe(2)
  })

  it('starts empty and says so when the session cannot be read', () => {
    const error = errorData('session/unwritable')
    const state = sessionReducer(INITIAL_SESSION_VIEW, {
      type: 'loaded',
      result: { ok: false, error },
    })
    expect(state.saved).toEqual({ target: null, mappings: {}, uploadJobId: null })
    expect(state.error?.code).toBe('session/unwritable')
  })

  it('lays a change over the saved session at once, and ignores one before the load', () => {
    expect(
      sessionReducer(INITIAL_SESSION_VIEW, { type: 'patched', patch: { uploadJobId: 'x' } }),
    ).toBe(INITIAL_SESSION_VIEW)
    const loaded = sessionReducer(INITIAL_SESSION_VIEW, {
      type: 'loaded',
      result: { ok: true, value: SAVED },
    })
    const patched = sessionReducer(loaded, { type: 'patched', patch: { target: null } })
    expect(patched.saved).toEqual({ target: null, mappings: {}, uploadJobId: 'j1' })
  })

  it('keeps a failed save visible until dismissed', () => {
    const failed = sessionReducer(INITIAL_SESSION_VIEW, {
      type: 'save-failed',
      error: errorData('session/unwritable'),
    })
    expect(failed.error?.code).toBe('session/unwritable')
    expect(sessionReducer(failed, { type: 'error-dismissed' }).error).toBeNull()
  })
})

describe('applyPatch', () => {
  it('replaces only the fields given; null clears', () => {
    expect(applyPatch(SAVED, {})).toEqual(SAVED)
    expect(applyPatch(SAVED, { uploadJobId: null })).toEqual({ ...SAVED, uploadJobId: null })
  })
})
