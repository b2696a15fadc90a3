import { describe, expect, it } from 'vitest'
import {
  INITIAL_CONNECTION,
  connectionLabel,
  connectionReducer,
  describeReconnect,
  isOffline,
  type ConnectionAction,
} from './connection-state'

function run(...actions: ConnectionAction[]) {
  return actions.reduce(connectionReducer, INITIAL_CONNECTION)
}

describe('connectionReducer', () => {
  it('starts connecting and is not offline while the first attempt runs', () => {
    const state = run({ type: 'attempt-started' })
    expect(state.status).toBe('connecting')
    expect(isOffline(state)).toBe(false)
  })

  it('counts generations so data can reload after a reconnect', () => {
    const state = run(
      { type: 'attempt-started' },
      { type: 'opened' },
      { type: 'failed', retryAt: 1000 },
      { type: 'attempt-started' },
      { type: 'opened' },
    )
    expect(state).toEqual({ status: 'open', failedAttempts: 0, generation: 2, retryAt: null })
  })

  it('is offline with a retry time after a drop, and during the retry itself', () => {
    const dropped = run(
      { type: 'attempt-started' },
      { type: 'opened' },
      { type: 'failed', retryAt: 5 },
    )
    expect(dropped).toMatchObject({ status: 'reconnecting', failedAttempts: 1, retryAt: 5 })
    expect(isOffline(dropped)).toBe(true)
    const retrying = connectionReducer(dropped, { type: 'attempt-started' })
    expect(retrying).toMatchObject({ status: 'reconnecting', retryAt: null })
  })

  it('a first attempt that fails is already a reconnect, and giving up closes', () => {
    const state = run(
      { type: 'attempt-started' },
      { type: 'failed', retryAt: 10 },
      { type: 'attempt-started' },
      { type: 'failed', retryAt: null },
    )
    expect(state).toEqual({ status: 'closed', failedAttempts: 2, generation: 0, retryAt: null })
    expect(isOffline(state)).toBe(true)
  })
})

describe('connection wording', () => {
  it('tells the user what the link is doing', () => {
    const waiting = run({ type: 'attempt-started' }, { type: 'failed', retryAt: 10 })
    expect(connectionLabel(waiting)).toBe('Reconnecting…')
    expect(describeReconnect(waiting)).toBe('Trying again automatically (attempt 2).')
    const trying = connectionReducer(waiting, { type: 'attempt-started' })
    expect(describeReconnect(trying)).toBe('Reconnecting…')
    const closed = connectionReducer(trying, { type: 'failed', retryAt: null })
    expect(connectionLabel(closed)).toBe('Disconnected')
    expect(describeReconnect(closed)).toBe('LogDrop stopped trying to reconnect.')
    expect(connectionLabel(connectionReducer(closed, { type: 'opened' }))).toBe('Connected')
  })
})
