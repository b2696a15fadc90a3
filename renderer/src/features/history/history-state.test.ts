import { describe, expect, it } from 'vitest'
import { errorData } from '../../../../shared/errors/app-error'
import type { HistoryEntry, VerifyResult } from '../../../../shared/models/history'
import {
  INITIAL_HISTORY_STATE,
  canVerify,
  historyReducer,
  verifyIntent,
  verifySentence,
  withFailures,
} from './history-state'

function entry(patch: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    jobId: 'j1',
    label: 'sample.csv → Custom-AppEvents',
    createdAt: '2026-01-01T10:00:00Z',
    state: 'completed',
    target: { endpoint: 'https://x', dcrImmutableId: 'dcr-1', streamName: 'Custom-AppEvents' },
    files: [{ name: 'sample.csv', size: 10 }],
    records: { read: 10, accepted: 8, failed: 2, skipped: 0, notSent: 0 },
    failedByCause: { validation: 2 },
    startedAt: '2026-01-01T10:00:00Z',
    finishedAt: '2026-01-01T10:00:05Z',
    resumable: false,
    hasFailed: true,
    retryOf: null,
    destination: { workspaceId: 'f8b7d980-73bd-4fa8-9a6c-01fa0d440777', table: 'AppEvents_CL' },
    error: null,
    summary: null,
    ...patch,
  }
}

function verify(landed: number, expected: number): VerifyResult {
  return {
    jobId: 'j1',
    landed,
    expected,
    duplicatesPossible: 0,
    workspaceId: 'w',
    table: 'AppEvents_CL',
    query: 'AppEvents_CL | count',
    windows: [],
    overlapping: [],
    checkedAt: '2026-01-01T10:01:00Z',
    note: 'A brand-new table can take minutes to show data.',
  }
}

describe('historyReducer', () => {
  it('keeps the last list when a reload fails', () => {
    const loaded = historyReducer(INITIAL_HISTORY_STATE, {
      type: 'listed',
      result: { ok: true, value: [entry()] },
    })
    const failed = historyReducer(loaded, {
      type: 'listed',
      result: { ok: false, error: errorData('ipc/disconnected') },
    })
    expect(failed.load).toBe('ready')
    expect(failed.entries).toHaveLength(1)
    expect(failed.error?.code).toBe('ipc/disconnected')
    const never = historyReducer(INITIAL_HISTORY_STATE, {
      type: 'listed',
      result: { ok: false, error: errorData('ipc/disconnected') },
    })
    expect(never.load).toBe('failed')
  })

  it('tracks a verify per upload', () => {
    let state = historyReducer(INITIAL_HISTORY_STATE, { type: 'verify-started', jobId: 'j1' })
    expect(state.verify['j1']?.status).toBe('running')
    state = historyReducer(state, {
      type: 'verified',
      jobId: 'j1',
      result: { ok: true, value: verify(8, 8) },
    })
    expect(state.verify['j1']).toMatchObject({ status: 'done', result: { landed: 8 } })
    state = historyReducer(state, {
      type: 'verified',
      jobId: 'j2',
      result: { ok: false, error: errorData('history/query-forbidden') },
    })
    expect(state.verify['j2']?.error?.code).toBe('history/query-forbidden')
  })

  it('tracks resumes and their errors', () => {
    let state = historyReducer(INITIAL_HISTORY_STATE, { type: 'resume-started', jobId: 'j1' })
    expect(state.resuming).toEqual(['j1'])
    state = historyReducer(state, {
      type: 'resumed',
      jobId: 'j1',
      error: errorData('jobs/not-resumable'),
    })
    expect(state.resuming).toEqual([])
    expect(state.resumeError?.jobId).toBe('j1')
  })
})

describe('history helpers', () => {
  it('verifies only finished uploads that sent something', () => {
    expect(canVerify(entry())).toBe(true)
    expect(canVerify(entry({ state: 'running' }))).toBe(false)
    expect(canVerify(entry({ records: null }))).toBe(false)
    expect(canVerify(entry({ state: 'interrupted' }))).toBe(true)
  })

  it('says how the landed count compares', () => {
    expect(verifySentence(verify(8, 8))).toBe('All 8 accepted records are in AppEvents_CL.')
    expect(verifySentence(verify(3, 8))).toBe('3 of 8 accepted records are in AppEvents_CL so far.')
    expect(verifySentence(verify(9, 8))).toMatch(/^9 rows found in AppEvents_CL: 1 more than/)
  })

  it('shows extra rows as a warning, never as success', () => {
    expect(verifyIntent(verify(8, 8))).toBe('success')
    expect(verifyIntent(verify(6_576 + 8, 8))).toBe('warning')
    expect(verifyIntent(verify(3, 8))).toBe('info')
    expect(verifySentence(verify(12_000, 1_000))).toMatch(/^12,000 rows found/)
  })

  it('lists uploads with failures for the Failed records picker', () => {
    expect(
      withFailures([entry(), entry({ jobId: 'j2', hasFailed: false })]).map((e) => e.jobId),
    ).toEqual(['j1'])
  })
})
