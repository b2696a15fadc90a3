import { createContext, use, useCallback, useMemo, useReducer, type ReactNode } from 'react'
import { useApi } from '../../app/api-context'
import { INITIAL_DISCOVERY, discoveryReducer, type DiscoveryState } from './discovery-state'

export interface DiscoveryValue {
  readonly state: DiscoveryState
  /** (Re)loads the subscriptions of an account; another account starts over. */
  loadSubscriptions(accountId: string): void
  searchSubscriptions(text: string): void
  /** Picks a subscription and loads its DCRs. */
  chooseSubscription(subscriptionId: string): void
  reloadDcrs(): void
  searchDcrs(text: string): void
  chooseDcr(dcrId: string): void
  chooseStream(streamName: string): void
}

const DiscoveryContext = createContext<DiscoveryValue | null>(null)

/**
 * Browsing Azure for a target, kept above the screens so leaving the Target screen and coming
 * back finds the same subscription, DCR and stream.
 */
export function DiscoveryProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi()
  const [state, dispatch] = useReducer(discoveryReducer, INITIAL_DISCOVERY)
  const { subscriptionsAttempt, dcrsAttempt, accountId, subscriptionId } = state

  const loadSubscriptions = useCallback(
    (forAccount: string) => {
      const attempt = subscriptionsAttempt + 1
      dispatch({ type: 'subscriptions-requested', accountId: forAccount })
      void api
        .invoke('target:list-subscriptions', { accountId: forAccount })
        .then((result) => dispatch({ type: 'subscriptions-answered', attempt, result }))
    },
    [api, subscriptionsAttempt],
  )

  const fetchDcrs = useCallback(
    (forSubscription: string, attempt: number) => {
      void api
        .invoke('target:list-dcrs', {
          subscriptionId: forSubscription,
          ...(accountId === null ? {} : { accountId }),
        })
        .then((result) => dispatch({ type: 'dcrs-answered', attempt, result }))
    },
    [api, accountId],
  )

  const chooseSubscription = useCallback(
    (chosen: string) => {
      if (chosen === subscriptionId) return
      dispatch({ type: 'subscription-chosen', subscriptionId: chosen })
      fetchDcrs(chosen, dcrsAttempt + 1)
    },
    [subscriptionId, dcrsAttempt, fetchDcrs],
  )

  const reloadDcrs = useCallback(() => {
    if (subscriptionId === null) return
    dispatch({ type: 'dcrs-requested' })
    fetchDcrs(subscriptionId, dcrsAttempt + 1)
  }, [subscriptionId, dcrsAttempt, fetchDcrs])

  const value = useMemo<DiscoveryValue>(
    () => ({
      state,
      loadSubscriptions,
      searchSubscriptions: (text) => dispatch({ type: 'subscription-searched', text }),
      chooseSubscription,
      reloadDcrs,
      searchDcrs: (text) => dispatch({ type: 'dcr-searched', text }),
      chooseDcr: (dcrId) => dispatch({ type: 'dcr-chosen', dcrId }),
      chooseStream: (streamName) => dispatch({ type: 'stream-chosen', streamName }),
    }),
    [state, loadSubscriptions, chooseSubscription, reloadDcrs],
  )

  return <DiscoveryContext value={value}>{children}</DiscoveryContext>
}

/** Discovery state and the requests that move it along. */
export function useDiscovery(): DiscoveryValue {
  const value = use(DiscoveryContext)
  if (value === null) throw new Error('useDiscovery() needs a <DiscoveryProvider> above it')
  return value
}
