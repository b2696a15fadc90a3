import { describe, expect, it } from 'vitest'
import { errorData } from '../../../../shared/errors/app-error'
import type { DcrSummary, SubscriptionList } from '../../../../shared/models/target'
import { err, ok, type Result } from '../../../../shared/util/result'
import {
  INITIAL_DISCOVERY,
  chosenDcr,
  chosenStream,
  chosenSubscription,
  discoveryReducer,
  needsSubscriptions,
  visibleDcrs,
  visibleSubscriptions,
  type DiscoveryAction,
  type DiscoveryState,
} from './discovery-state'

const MAIN = '4ac0f407-1d46-445b-8650-fabb9569b755'
const SANDBOX = 'c448f737-13cb-46f1-83fb-c424619fc223'

const subscriptions: SubscriptionList = {
  subscriptions: [
    { subscriptionId: MAIN, displayName: 'Contoso Logging', tenantId: 't1', state: 'Enabled' },
    { subscriptionId: SANDBOX, displayName: 'Contoso Sandbox', tenantId: 't1', state: 'Enabled' },
  ],
  tenantIds: ['t1', 't2'],
  tenantFailures: [{ tenantId: 't2', problem: errorData('target/arm-forbidden') }],
}

function dcr(name: string, stream: string, group = 'rg-logdrop'): DcrSummary {
  return {
    id: `/subscriptions/${MAIN}/resourceGroups/${group}/providers/Microsoft.Insights/dataCollectionRules/${name}`,
    name,
    subscriptionId: MAIN,
    resourceGroup: group,
    location: 'westeurope',
    kind: null,
    immutableId: `dcr-${name.length.toString(16).padStart(32, '0')}`,
    description: null,
    ingestion: {
      endpoint: 'https://e',
      source: 'dce',
      dataCollectionEndpointId: 'x',
      problem: null,
    },
    streams: [{ name: stream, columns: [{ name: 'Message', type: 'string' }], flows: [] }],
  }
}

const dcrs = [
  dcr('dcr-appevents', 'Custom-AppEvents'),
  dcr('dcr-audit', 'Custom-Audit'),
  dcr('dcr-traces', 'Custom-Traces', 'rg-logdrop-ops'),
]

/** An action, or one built from the state so far (answers carry the attempt they answer). */
type Step = DiscoveryAction | ((state: DiscoveryState) => DiscoveryAction)

function run(steps: readonly Step[], from: DiscoveryState = INITIAL_DISCOVERY) {
  return steps.reduce(
    (state, step) => discoveryReducer(state, typeof step === 'function' ? step(state) : step),
    from,
  )
}

function dcrsAnswer(result: Result<{ readonly dcrs: readonly DcrSummary[] }>): Step {
  return (state) => ({ type: 'dcrs-answered', attempt: state.dcrsAttempt, result })
}

const loaded = run([
  { type: 'subscriptions-requested', accountId: 'adele' },
  { type: 'subscriptions-answered', attempt: 1, result: ok(subscriptions) },
])

describe('discovery state', () => {
  it('loads subscriptions once per account, keeping tenant failures beside them', () => {
    expect(needsSubscriptions(INITIAL_DISCOVERY, null)).toBe(false)
    expect(needsSubscriptions(INITIAL_DISCOVERY, 'adele')).toBe(true)
    expect(loaded.subscriptions?.status).toBe('ready')
    expect(needsSubscriptions(loaded, 'adele')).toBe(false)
    expect(needsSubscriptions(loaded, 'ben')).toBe(true)
    expect(loaded.subscriptions?.value?.tenantFailures).toHaveLength(1)
    expect(visibleSubscriptions(loaded)).toHaveLength(2)
  })

  it('searches subscriptions by name or id', () => {
    expect(
      visibleSubscriptions(
        discoveryReducer(loaded, { type: 'subscription-searched', text: ' sandBOX ' }),
      ).map((s) => s.subscriptionId),
    ).toEqual([SANDBOX])
    expect(
      visibleSubscriptions(
        discoveryReducer(loaded, { type: 'subscription-searched', text: MAIN.slice(0, 8) }),
      ).map((s) => s.displayName),
    ).toEqual(['Contoso Logging'])
  })

  it('walks subscription → DCR → stream, and a new subscription resets what was below it', () => {
    const picked = run(
      [
        { type: 'subscription-chosen', subscriptionId: MAIN },
        dcrsAnswer(ok({ dcrs })),
        { type: 'dcr-chosen', dcrId: dcrs[2]!.id },
        { type: 'stream-chosen', streamName: 'Custom-Traces' },
      ],
      loaded,
    )
    expect(chosenSubscription(picked)?.displayName).toBe('Contoso Logging')
    expect(chosenDcr(picked)?.name).toBe('dcr-traces')
    expect(chosenStream(picked)?.columns).toEqual([{ name: 'Message', type: 'string' }])

    const otherDcr = discoveryReducer(picked, { type: 'dcr-chosen', dcrId: dcrs[0]!.id })
    expect(otherDcr.streamName).toBeNull()

    const moved = discoveryReducer(picked, { type: 'subscription-chosen', subscriptionId: SANDBOX })
    expect(moved.dcrs).toEqual({ status: 'loading', value: null, error: null })
    expect(moved.dcrId).toBeNull()
    expect(moved.streamName).toBeNull()
  })

  it('drops answers to requests that were superseded', () => {
    const first = run([{ type: 'subscription-chosen', subscriptionId: MAIN }], loaded)
    const second = run([{ type: 'subscription-chosen', subscriptionId: SANDBOX }], first)
    const late = discoveryReducer(second, {
      type: 'dcrs-answered',
      attempt: first.dcrsAttempt,
      result: ok({ dcrs }),
    })
    expect(late).toBe(second)
    expect(late.dcrs?.status).toBe('loading')
  })

  it('searches DCRs by name, resource group or stream', () => {
    const listed = run(
      [{ type: 'subscription-chosen', subscriptionId: MAIN }, dcrsAnswer(ok({ dcrs }))],
      loaded,
    )
    const names = (text: string) =>
      visibleDcrs(discoveryReducer(listed, { type: 'dcr-searched', text })).map((d) => d.name)
    expect(names('')).toHaveLength(3)
    expect(names('AUDIT')).toEqual(['dcr-audit'])
    expect(names('ops')).toEqual(['dcr-traces'])
    expect(names('custom-appevents')).toEqual(['dcr-appevents'])
  })

  it('keeps the last lists when a reload fails, and forgets a DCR that disappeared', () => {
    const chosen = run(
      [
        { type: 'subscription-chosen', subscriptionId: MAIN },
        dcrsAnswer(ok({ dcrs })),
        { type: 'dcr-chosen', dcrId: dcrs[1]!.id },
      ],
      loaded,
    )
    const failed = run(
      [{ type: 'dcrs-requested' }, dcrsAnswer(err(errorData('target/arm-failed')))],
      chosen,
    )
    expect(failed.dcrs?.value).toHaveLength(3)
    expect(failed.dcrs?.error?.code).toBe('target/arm-failed')
    expect(chosenDcr(failed)?.name).toBe('dcr-audit')

    const gone = run([{ type: 'dcrs-requested' }, dcrsAnswer(ok({ dcrs: [dcrs[0]!] }))], failed)
    expect(gone.dcrId).toBeNull()
  })

  it('starts over for another account', () => {
    const chosen = run([{ type: 'subscription-chosen', subscriptionId: MAIN }], loaded)
    const ben = discoveryReducer(chosen, { type: 'subscriptions-requested', accountId: 'ben' })
    expect(ben.accountId).toBe('ben')
    expect(ben.subscriptionId).toBeNull()
    expect(ben.subscriptions?.value).toBeNull()
    expect(ben.subscriptions?.status).toBe('loading')
    // The same account reloading keeps what it had while the answer comes.
    const again = discoveryReducer(loaded, { type: 'subscriptions-requested', accountId: 'adele' })
    expect(again.subscriptions?.value).toEqual(subscriptions)
    expect(again.subscriptions?.status).toBe('loading')
  })
})
