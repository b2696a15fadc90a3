import { describe, expect, it } from 'vitest'
import { errorData } from '../../../../shared/errors/app-error'
import type { StreamColumn } from '../../../../shared/mapping/mapping-schema'
import type { FileEntry, FileId } from '../../../../shared/models/files'
import type { UploadProgress as Progress, UploadSummary } from '../../../../shared/models/history'
import type { ChosenTarget } from '../target/target-store'
import { draftFromSuggestions } from '../mapping/mapping-draft'
import { INITIAL_MAPPING_STATE, mappingReducer } from '../mapping/mapping-state'
import {
  canUpload,
  planSteps,
  startRequest,
  uploadLabel,
  type PlanShape,
  type UploadPlanInput,
} from './upload-plan'
import { INITIAL_UPLOAD_STATE, currentRun, uploadReducer } from './upload-state'

const COLUMNS: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Message', type: 'string' },
]

function id(n: number): FileId {
  return `f-${String(n).padStart(24, '0')}`
}

function entry(n: number, rejected = false): FileEntry {
  return {
    id: id(n),
    name: `file-${n}.ndjson`,
    size: 10,
    origin: 'local',
    addedAt: '2026-01-01T00:00:00Z',
    detected: null,
    options: {},
    headers: ['time', 'msg'],
    headerSignature: 'sig',
    rejection: rejected ? errorData('parse/binary-file') : null,
    profileMatch: null,
  }
}

const CHOSEN: ChosenTarget = {
  target: {
    endpoint: 'https://localhost:8443',
    dcrImmutableId: 'dcr-00000000000000000000000000000001',
    streamName: 'Custom-Ops',
  },
  label: 'dcr-ops',
  source: 'discovered',
  dcrId:
    '/subscriptions/4ac0f407-1d46-445b-8650-fabb9569b755/resourceGroups/rg/providers/Microsoft.Insights/dataCollectionRules/dcr-ops',
  dcr: null,
  stream: {
    name: 'Custom-Ops',
    columns: COLUMNS,
    flows: [
      {
        naming: { inputStream: 'Custom-Ops', outputStream: 'Custom-Ops_CL', table: 'Ops_CL' },
        transformKql: 'source',
        workspace: {
          destinationName: 'law',
          workspaceResourceId:
            '/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law',
          workspaceName: 'law',
          workspaceId: 'f8b7d980-73bd-4fa8-9a6c-01fa0d440777',
        },
      },
    ],
  },
}

function shape(files: FileEntry[]): PlanShape {
  const automatic = draftFromSuggestions({
    stream: 'Custom-Ops',
    columns: COLUMNS,
    sources: ['time', 'msg'],
    samples: [{ time: '2026-01-01T00:00:00Z', msg: 'hello' }],
  })
  return {
    key: 'sig',
    label: files[0]?.name ?? '',
    files,
    state: mappingReducer(INITIAL_MAPPING_STATE, { type: 'opened', key: 'k', automatic }),
    columns: COLUMNS,
    declared: true,
  }
}

function input(patch: Partial<UploadPlanInput> = {}): UploadPlanInput {
  const files = [entry(1), entry(2), entry(3, true)]
  return {
    signedIn: true,
    chosen: CHOSEN,
    checkStatus: 'ready',
    entries: files,
    copying: 0,
    shapes: [shape(files.slice(0, 2))],
    ...patch,
  }
}

describe('the upload plan', () => {
  it('needs every step done before the button works', () => {
    expect(canUpload(planSteps(input()))).toBe(true)
    const unchecked = planSteps(input({ checkStatus: 'unchecked' }))
    expect(unchecked.find((s) => s.id === 'check')?.status).toBe('todo')
    expect(canUpload(unchecked)).toBe(false)
    expect(
      planSteps(input({ checkStatus: 'checking' })).find((s) => s.id === 'check')?.status,
    ).toBe('working')
    expect(canUpload(planSteps(input({ signedIn: false })))).toBe(false)
    expect(canUpload(planSteps(input({ chosen: null })))).toBe(false)
    expect(planSteps(input({ copying: 1 })).find((s) => s.id === 'files')?.status).toBe('working')
    expect(planSteps(input({ shapes: [] })).find((s) => s.id === 'mapping')?.status).toBe('working')
    const noFiles = planSteps(input({ entries: [], shapes: [] })).find((s) => s.id === 'mapping')
    expect(noFiles).toMatchObject({ status: 'todo', detail: 'Add files to map first.' })
    const noTarget = planSteps(input({ chosen: null, shapes: [] })).find((s) => s.id === 'mapping')
    expect(noTarget?.status).toBe('todo')
  })

  it('blocks a mapping that does not fit and says why', () => {
    const bad = shape([entry(1), entry(2)])
    const broken: PlanShape = {
      ...bad,
      state: mappingReducer(bad.state, {
        type: 'source-changed',
        column: 'Message',
        source: { kind: 'constant', text: '' },
      }),
    }
    const step = planSteps(input({ shapes: [broken] })).find((s) => s.id === 'mapping')
    expect(step?.status).toBe('todo')
    expect(step?.detail).toContain('type the constant value')
  })

  it('builds jobs:start with a mapping per usable file, the columns and the destination', () => {
    const request = startRequest(input(), 'acct-1')
    expect(request).not.toBeNull()
    if (request === null) return
    expect(request.files.map((f) => f.fileId)).toEqual([id(1), id(2)])
    expect(request.files[0]?.mapping).toMatchObject({
      stream: 'Custom-Ops',
      columns: { TimeGenerated: { source: { kind: 'field', path: 'time' } } },
    })
    expect(request.target).toEqual({
      endpoint: 'https://localhost:8443',
      dcrImmutableId: 'dcr-00000000000000000000000000000001',
      streamName: 'Custom-Ops',
    })
    expect(request.streamColumns).toEqual(COLUMNS)
    expect(request.destination).toEqual({
      workspaceId: 'f8b7d980-73bd-4fa8-9a6c-01fa0d440777',
      table: 'Ops_CL',
    })
    expect(request.dcrId).toBe(CHOSEN.dcrId)
    expect(request.accountId).toBe('acct-1')
    expect(request.label).toBe('file-1.ndjson and 1 more → Custom-Ops')
    expect(startRequest(input({ checkStatus: 'not-ready' }), null)).toBeNull()
  })

  it('does not call a mapping ready when the kept edits were replaced', () => {
    const steps = planSteps(
      input({ shapes: [{ ...shape([entry(1), entry(2)]), discarded: true }] }),
    )
    const mapping = steps.find((s) => s.id === 'mapping')
    expect(mapping?.status).toBe('todo')
    expect(mapping?.detail).toMatch(/edits were made for other columns/)
  })

  it('does not call a mapping ready when no column takes a value from the file', () => {
    const base = shape([entry(1), entry(2)])
    const draft = base.state.draft
    if (draft === null) throw new Error('no draft')
    const constantsOnly = {
      ...base,
      state: {
        ...base.state,
        draft: {
          ...draft,
          columns: draft.columns.map((row) =>
            row.column === 'TimeGenerated'
              ? { ...row, source: { kind: 'now' as const } }
              : { ...row, source: { kind: 'none' as const } },
          ),
        },
      },
    }
    const mapping = planSteps(input({ shapes: [constantsOnly] })).find((s) => s.id === 'mapping')
    expect(mapping?.status).toBe('todo')
    expect(mapping?.detail).toMatch(/every record would be empty/)
  })

  it('labels an upload by its files and stream', () => {
    expect(uploadLabel([entry(1)], 'Custom-X')).toBe('file-1.ndjson → Custom-X')
  })
})

function progress(patch: Partial<Progress> = {}): Progress {
  return {
    jobId: 'j1',
    label: 'x',
    state: 'running',
    elapsedMs: 1000,
    recordsRead: 10,
    recordsSent: 10,
    recordsAccepted: 5,
    recordsFailed: 0,
    recordsSkipped: 0,
    bytesRead: 100,
    bytesTotal: 1000,
    bytesWire: 20,
    requestsInFlight: 1,
    concurrencyLimit: 4,
    gzipLevel: 6,
    bytesPerSecond: 100,
    recordsPerSecond: 10,
    etaMs: 9000,
    files: [],
    ...patch,
  }
}

describe('uploadReducer', () => {
  it('follows an upload from start to summary', () => {
    let state = uploadReducer(INITIAL_UPLOAD_STATE, { type: 'start-requested' })
    expect(state.starting).toBe(true)
    state = uploadReducer(state, { type: 'started', jobId: 'j1' })
    expect(state.current).toBe('j1')
    state = uploadReducer(state, { type: 'progress', progress: progress() })
    state = uploadReducer(state, {
      type: 'progress',
      progress: progress({ elapsedMs: 2000, bytesWire: 220 }),
    })
    expect(currentRun(state)?.wire?.wirePerSecond).toBe(200)
    const summary = { jobId: 'j1', state: 'completed' } as UploadSummary
    state = uploadReducer(state, { type: 'finished', summary })
    expect(currentRun(state)?.progress?.state).toBe('completed')
    expect(currentRun(state)?.summary).toBe(summary)
  })

  it('picks up a running upload after a reload, and restarts the rate on a resumed run', () => {
    let state = uploadReducer(INITIAL_UPLOAD_STATE, {
      type: 'active',
      list: [progress({ jobId: 'j2', state: 'paused' })],
    })
    expect(state.current).toBe('j2')
    state = uploadReducer(state, {
      type: 'progress',
      progress: progress({ jobId: 'j2', elapsedMs: 5000, bytesWire: 500 }),
    })
    state = uploadReducer(state, {
      type: 'progress',
      progress: progress({ jobId: 'j2', elapsedMs: 100, bytesWire: 10 }),
    })
    expect(state.runs['j2']?.wire?.wirePerSecond).toBeNull()
  })

  it('applies a pause right away and reports a refused control', () => {
    let state = uploadReducer(INITIAL_UPLOAD_STATE, { type: 'progress', progress: progress() })
    state = uploadReducer(state, { type: 'control-requested', jobId: 'j1', kind: 'pause' })
    expect(state.control).toEqual({ jobId: 'j1', kind: 'pause' })
    state = uploadReducer(state, {
      type: 'control-done',
      result: { ok: true, value: { jobId: 'j1', state: 'paused' } },
    })
    expect(state.control).toBeNull()
    expect(state.runs['j1']?.progress?.state).toBe('paused')
    state = uploadReducer(state, {
      type: 'control-done',
      result: { ok: false, error: errorData('jobs/not-running') },
    })
    expect(state.controlError?.code).toBe('jobs/not-running')
    state = uploadReducer(state, {
      type: 'start-failed',
      error: errorData('jobs/connection-failed'),
    })
    expect(state.startError?.code).toBe('jobs/connection-failed')
    expect(uploadReducer(state, { type: 'error-dismissed' })).toMatchObject({
      startError: null,
      controlError: null,
    })
  })
})

describe('uploadReducer after a host restart', () => {
  it('shows an upload the main side no longer runs as interrupted, never still uploading', () => {
    let state = uploadReducer(INITIAL_UPLOAD_STATE, { type: 'started', jobId: 'j1' })
    state = uploadReducer(state, { type: 'progress', progress: progress() })
    state = uploadReducer(state, { type: 'active', list: [] })
    expect(currentRun(state)?.progress?.state).toBe('interrupted')
    expect(currentRun(state)?.progress?.recordsAccepted).toBe(5)
  })

  it('keeps an upload that still runs, and a finished one as it ended', () => {
    let state = uploadReducer(INITIAL_UPLOAD_STATE, {
      type: 'progress',
      progress: progress({ jobId: 'done', state: 'completed' }),
    })
    state = uploadReducer(state, { type: 'progress', progress: progress({ jobId: 'live' }) })
    state = uploadReducer(state, {
      type: 'active',
      list: [progress({ jobId: 'live', recordsAccepted: 7 })],
    })
    expect(state.runs['done']?.progress?.state).toBe('completed')
    expect(state.runs['live']?.progress).toMatchObject({ state: 'running', recordsAccepted: 7 })
  })
})
