import type {
  DcrSummary,
  StreamInfo,
  SubscriptionList,
  SubscriptionSummary,
} from '../../../../shared/models/target'
import { matchesSearch } from '../../../../shared/models/target-search'
import type { Result } from '../../../../shared/util/result'
import { initialRequest, settleRequest, type RequestState } from '../../lib/request-state'

/**
 * Browsing Azure on the Target screen: subscriptions → DCRs of one → streams of one DCR.
 * Pure; lists are fetched whole (the main side follows every ARM page) and searched here.
 */
export interface DiscoveryState {
  /** The account these lists belong to; another active account starts over. */
  readonly accountId: string | null
  /** null until asked for. */
  readonly subscriptions: RequestState<SubscriptionList> | null
  readonly subscriptionsAttempt: number
  readonly subscriptionSearch: string
  readonly subscriptionId: string | null
  /** DCRs of the chosen subscription (null until one is chosen; loading once it is). */
  readonly dcrs: RequestState<readonly DcrSummary[]> | null
  readonly dcrsAttempt: number
  readonly dcrSearch: string
  readonly dcrId: string | null
  readonly streamName: string | null
}

export type DiscoveryAction =
  | { readonly type: 'subscriptions-requested'; readonly accountId: string }
  | {
      readonly type: 'subscriptions-answered'
      readonly attempt: number
      readonly result: Result<SubscriptionList>
    }
  | { readonly type: 'subscription-searched'; readonly text: string }
  | { readonly type: 'subscription-chosen'; readonly subscriptionId: string }
  /** Loads the chosen subscription's DCRs again. */
  | { readonly type: 'dcrs-requested' }
  | {
      readonly type: 'dcrs-answered'
      readonly attempt: number
      readonly result: Result<{ readonly dcrs: readonly DcrSummary[] }>
    }
  | { readonly type: 'dcr-searched'; readonly text: string }
  | { readonly type: 'dcr-chosen'; readonly dcrId: string }
  | { readonly type: 'stream-chosen'; readonly streamName: string }

export const INITIAL_DISCOVERY: DiscoveryState = {
  accountId: null,
  subscriptions: null,
  subscriptionsAttempt: 0,
  subscriptionSearch: '',
  subscriptionId: null,
  dcrs: null,
  dcrsAttempt: 0,
  dcrSearch: '',
  dcrId: null,
  streamName: null,
}

export function discoveryReducer(state: DiscoveryState, action: DiscoveryAction): DiscoveryState {
  switch (action.type) {
    case 'subscriptions-requested': {
      const attempt = state.subscriptionsAttempt + 1
      if (action.accountId !== state.accountId) {
        // Another account sees other resources: nothing of the last one's choice carries over.
        return {
          ...INITIAL_DISCOVERY,
          accountId: action.accountId,
          subscriptions: initialRequest(),
          subscriptionsAttempt: attempt,
          dcrsAttempt: state.dcrsAttempt + 1,
        }
      }
      return {
        ...state,
        subscriptions: { ...(state.subscriptions ?? initialRequest()), status: 'loading' },
        subscriptionsAttempt: attempt,
      }
    }
    case 'subscriptions-answered': {
      if (action.attempt !== state.subscriptionsAttempt || state.subscriptions === null)
        return state
      return { ...state, subscriptions: settleRequest(state.subscriptions, action.result) }
    }
    case 'subscription-searched':
      return { ...state, subscriptionSearch: action.text }
    case 'subscription-chosen':
      // Choosing a subscription asks for its DCRs at once: the list is loading from here on.
      if (action.subscriptionId === state.subscriptionId) return state
      return {
        ...state,
        subscriptionId: action.subscriptionId,
        dcrs: initialRequest(),
        dcrsAttempt: state.dcrsAttempt + 1,
        dcrSearch: '',
        dcrId: null,
        streamName: null,
      }
    case 'dcrs-requested':
      if (state.subscriptionId === null) return state
      return {
        ...state,
        dcrs: { ...(state.dcrs ?? initialRequest()), status: 'loading' },
        dcrsAttempt: state.dcrsAttempt + 1,
      }
    case 'dcrs-answered': {
      if (action.attempt !== state.dcrsAttempt || state.dcrs === null) return state
      const result = action.result.ok
        ? { ok: true as const, value: action.result.value.dcrs }
        : action.result
      const dcrs = settleRequest(state.dcrs, result)
      // A reload may drop the chosen DCR (deleted meanwhile): drop the choice with it.
      const stillThere = dcrs.value?.some((d) => d.id === state.dcrId) ?? false
      return stillThere ? { ...state, dcrs } : { ...state, dcrs, dcrId: null, streamName: null }
    }
    case 'dcr-searched':
      return { ...state, dcrSearch: action.text }
    case 'dcr-chosen': {
      if (action.dcrId === state.dcrId) return state
      return { ...state, dcrId: action.dcrId, streamName: null }
    }
    case 'stream-chosen':
      return { ...state, streamName: action.streamName }
  }
}

/** True when the lists must be (re)loaded for this account. */
export function needsSubscriptions(state: DiscoveryState, accountId: string | null): boolean {
  if (accountId === null) return false
  return state.accountId !== accountId || state.subscriptions === null
}

/** Subscriptions matching the search (name or id). */
export function visibleSubscriptions(state: DiscoveryState): readonly SubscriptionSummary[] {
  const list = state.subscriptions?.value?.subscriptions ?? []
  return list.filter((s) =>
    matchesSearch(state.subscriptionSearch, s.displayName, s.subscriptionId),
  )
}

/** DCRs matching the search (name, resource group, location, immutable id or a stream). */
export function visibleDcrs(state: DiscoveryState): readonly DcrSummary[] {
  const list = state.dcrs?.value ?? []
  return list.filter((d) =>
    matchesSearch(
      state.dcrSearch,
      d.name,
      d.resourceGroup,
      d.location,
      d.immutableId,
      ...d.streams.map((s) => s.name),
    ),
  )
}

export function chosenSubscription(state: DiscoveryState): SubscriptionSummary | null {
  const list = state.subscriptions?.value?.subscriptions ?? []
  return list.find((s) => s.subscriptionId === state.subscriptionId) ?? null
}

export function chosenDcr(state: DiscoveryState): DcrSummary | null {
  return state.dcrs?.value?.find((d) => d.id === state.dcrId) ?? null
}

export function chosenStream(state: DiscoveryState): StreamInfo | null {
  return chosenDcr(state)?.streams.find((s) => s.name === state.streamName) ?? null
}
