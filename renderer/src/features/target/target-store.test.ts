import { describe, expect, it } from 'vitest'
import { errorData } from '../../../../shared/errors/app-error'
import type { ConnectionCheck, DcrSummary, RecentTarget } from '../../../../shared/models/target'
import { err, ok, type Result } from '../../../../shared/util/result'
import {
  INITIAL_TARGET_STORE,
  checkForAccount,
  chosenFromManual,
  chosenFromSaved,
  chosenFromRecent,
  chosenFromStream,
  sameTarget,
  savedFromChosen,
  targetStoreReducer,
  type TargetStoreAction,
  type TargetStoreState,
} from './target-store'

const ORIGIN = 'https://localhost:4443'

const dcr: DcrSummary = {
  id: '/subscriptions/4ac0f407-1d46-445b-8650-fabb9569b755/resourceGroups/rg/providers/Microsoft.Insights/dataCollectionRules/dcr-requests',
  name: 'dcr-requests',
  subscriptionId: '4ac0f407-1d46-445b-8650-fabb9569b755',
  resourceGroup: 'rg',
  location: 'westeurope',
  kind: 'Direct',
  immutableId: 'dcr-b72e07813db989decdb1f1aaad566832',
  description: null,
  ingestion: { endpoint: ORIGIN, source: 'dcr', dataCollectionEndpointId: null, problem: null },
  streams: [
    {
      name: 'Custom-Requests',
      columns: [
        { name: 'Timestamp', type: 'datetime' },
        { name: 'Url', type: 'string' },
      ],
      flows: [],
    },
  ],
}
const stream = dcr.streams[0]!

function check(ready: boolean, target = chosenFromStream(dcr, stream)!.target): ConnectionCheck {
  return ready
    ? { ready: true, target, checkedAt: '2025-01-01T10:00:00Z', requestId: 'r1' }
    : {
        ready: false,
        target,
        checkedAt: '2025-01-01T10:00:00Z',
        problem: errorData('target/forbidden'),
        httpStatus: 403,
        serviceCode: 'Forbidden',
        serviceMessage: 'no',
        requestId: 'r2',
      }
}

/** An action, or one built from the state so far (answers carry the attempt they answer). */
type Step = TargetStoreAction | ((state: TargetStoreState) => TargetStoreAction)

function run(steps: readonly Step[], from: TargetStoreState = INITIAL_TARGET_STORE) {
  return steps.reduce(
    (state, step) => targetStoreReducer(state, typeof step === 'function' ? step(state) : step),
    from,
  )
}

function answer(result: Result<ConnectionCheck>): Step {
  return (state) => ({ type: 'check-finished', attempt: state.check.attempt, result })
}

describe('target store', () => {
  it('turns a discovered stream into a target with its endpoint, DCR and columns', () => {
    const chosen = chosenFromStream(dcr, stream)
    expect(chosen).toEqual({
      target: { endpoint: ORIGIN, dcrImmutableId: dcr.immutableId, streamName: 'Custom-Requests' },
      label: 'dcr-requests',
      source: 'discovered',
      dcrId: dcr.id,
      dcr,
      stream,
    })
    const noEndpoint = {
      ...dcr,
      ingestion: { ...dcr.ingestion, endpoint: null, source: 'none' as const },
    }
    expect(chosenFromStream(noEndpoint, stream)).toBeNull()
  })

  it('runs a check for the active account and keeps its answer', () => {
    const chosen = chosenFromStream(dcr, stream)!
    const checking = run([
      { type: 'chosen', chosen },
      { type: 'check-started', accountId: 'adele' },
    ])
    expect(checking.check.status).toBe('checking')
    const ready = targetStoreReducer(checking, {
      type: 'check-finished',
      attempt: checking.check.attempt,
      result: ok(check(true)),
    })
    expect(ready.check.status).toBe('ready')
    expect(ready.check.result?.ready).toBe(true)
    expect(checkForAccount(ready, 'adele').status).toBe('ready')
    // Another account has not been checked: it shows as unchecked, not as ready.
    expect(checkForAccount(ready, 'ben').status).toBe('unchecked')

    const forbidden = run(
      [{ type: 'check-started', accountId: 'ben' }, answer(ok(check(false)))],
      ready,
    )
    expect(checkForAccount(forbidden, 'ben').status).toBe('not-ready')
    expect(forbidden.check.result?.ready === false && forbidden.check.result.httpStatus).toBe(403)
  })

  it('drops an answer that arrives after the target changed', () => {
    const first = chosenFromStream(dcr, stream)!
    const started = run([
      { type: 'chosen', chosen: first },
      { type: 'check-started', accountId: 'adele' },
    ])
    const other = chosenFromManual({ ...first.target, streamName: 'Custom-Other' })
    const moved = targetStoreReducer(started, { type: 'chosen', chosen: other })
    expect(moved.check.status).toBe('unchecked')
    const late = targetStoreReducer(moved, {
      type: 'check-finished',
      attempt: started.check.attempt,
      result: ok(check(true)),
    })
    expect(late).toBe(moved)
  })

  it('keeps the check and the columns when the same target is chosen again', () => {
    const chosen = chosenFromStream(dcr, stream)!
    const ready = run([
      { type: 'chosen', chosen },
      { type: 'check-started', accountId: 'adele' },
      answer(ok(check(true))),
    ])
    expect(ready.check.status).toBe('ready')
    const again = targetStoreReducer(ready, {
      type: 'chosen',
      chosen: { ...chosenFromManual(chosen.target) },
    })
    expect(again.check.status).toBe('ready')
    expect(again.chosen?.stream).toEqual(stream)
  })

  it('records a request that failed as such, not as a verdict on the target', () => {
    const failed = run([
      { type: 'chosen', chosen: chosenFromStream(dcr, stream)! },
      { type: 'check-started', accountId: null },
      answer(err(errorData('auth/not-signed-in'))),
    ])
    expect(failed.check.status).toBe('failed')
    expect(failed.check.error?.code).toBe('auth/not-signed-in')
    expect(failed.check.result).toBeNull()
  })

  it('ignores a check with nothing chosen, and clears', () => {
    expect(run([{ type: 'check-started', accountId: 'a' }])).toBe(INITIAL_TARGET_STORE)
    const cleared = run([
      { type: 'chosen', chosen: chosenFromStream(dcr, stream)! },
      { type: 'cleared' },
    ])
    expect(cleared.chosen).toBeNull()
  })

  it('fills in discovery details for a recent target, only when they match', () => {
    const recent: RecentTarget = {
      endpoint: ORIGIN,
      dcrImmutableId: dcr.immutableId,
      streamName: 'Custom-Requests',
      label: 'old label',
      source: 'discovered',
      dcrId: dcr.id,
      lastUsedAt: '2025-01-01T09:00:00Z',
    }
    const chosen = run([{ type: 'chosen', chosen: chosenFromRecent(recent) }])
    expect(chosen.chosen?.stream).toBeNull()
    const detailed = targetStoreReducer(chosen, { type: 'details-loaded', dcr })
    expect(detailed.chosen?.stream?.columns.map((c) => c.name)).toEqual(['Timestamp', 'Url'])
    expect(detailed.chosen?.label).toBe('dcr-requests')
    const otherDcr = { ...dcr, immutableId: 'dcr-00000000000000000000000000000000' }
    expect(targetStoreReducer(chosen, { type: 'details-loaded', dcr: otherDcr })).toBe(chosen)
  })

  it('compares targets on all three parts', () => {
    const a = { endpoint: ORIGIN, dcrImmutableId: dcr.immutableId, streamName: 'Custom-A' }
    expect(sameTarget(a, { ...a })).toBe(true)
    expect(sameTarget(a, { ...a, streamName: 'Custom-B' })).toBe(false)
    expect(sameTarget(a, { ...a, endpoint: 'https://other' })).toBe(false)
  })
})

describe('the chosen target in the session', () => {
  it('keeps where logs go and what to call it, and fetches discovery details again', () => {
    const chosen = chosenFromManual({
      endpoint: 'https://logs.example.com',
      dcrImmutableId: 'dcr-0123456789abcdef0123456789abcdef',
      streamName: 'Custom-AppEvents',
    })
    const saved = savedFromChosen({ ...chosen, dcrId: '/subscriptions/x', label: 'my-dcr' })
    expect(saved).toEqual({
      target: chosen.target,
      label: 'my-dcr',
      source: 'manual',
      dcrId: '/subscriptions/x',
    })
    expect(chosenFromSaved(saved)).toEqual({ ...saved, dcr: null, stream: null })
  })
})
