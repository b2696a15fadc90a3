import {
  Button,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
} from '@fluentui/react-components'
import { useEffect } from 'react'
import { useAuth } from '../sign-in/auth-provider'
import { activeAccount } from '../sign-in/auth-state'
import { useDiscovery } from './discovery-provider'
import { chosenDcr, needsSubscriptions } from './discovery-state'
import { DcrPicker } from './dcr-picker'
import { StreamPicker } from './stream-picker'
import { SubscriptionPicker } from './subscription-picker'
import { useTargetStyles } from './target-styles'

/**
 * "Browse Azure": subscriptions of the active account, then the DCRs of one, then a stream.
 * Without an account it says how to get one (or to type the target instead).
 */
export function BrowsePanel({ onEnterManually }: { readonly onEnterManually: () => void }) {
  const styles = useTargetStyles()
  const { state: authState } = useAuth()
  const discovery = useDiscovery()
  const account = activeAccount(authState.auth)
  const accountId = account?.id ?? null
  const needed = needsSubscriptions(discovery.state, accountId)
  const { loadSubscriptions } = discovery

  useEffect(() => {
    if (needed && accountId !== null) loadSubscriptions(accountId)
  }, [needed, accountId, loadSubscriptions])

  if (authState.auth === null) {
    return <Spinner className={styles.spinner} size="tiny" label="Reading the sign-in state…" />
  }
  if (account === null) {
    return (
      <MessageBar intent="info" layout="multiline" data-testid="browse-needs-sign-in">
        <MessageBarBody>
          <MessageBarTitle>Sign in to browse Azure</MessageBarTitle>
          LogDrop lists your subscriptions, data collection rules and streams once you are signed
          in. <Link href="#/sign-in">Go to Sign in</Link>, or enter the endpoint, DCR immutable ID
          and stream yourself.
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={onEnterManually}>Enter manually</Button>
        </MessageBarActions>
      </MessageBar>
    )
  }

  const dcr = chosenDcr(discovery.state)
  return (
    <>
      <Text data-testid="browse-account">
        Browsing as <strong>{account.name}</strong> ({account.username}).{' '}
        <Link href="#/sign-in">Switch account</Link>
      </Text>
      {account.needsSignIn ? (
        <MessageBar intent="warning" data-testid="browse-account-needs-sign-in">
          <MessageBarBody>
            This account needs to sign in again before LogDrop can read Azure.{' '}
            <Link href="#/sign-in">Sign in again</Link>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <SubscriptionPicker onEnterManually={onEnterManually} />
      {discovery.state.subscriptionId === null ? null : <DcrPicker />}
      {dcr === null ? null : <StreamPicker dcr={dcr} />}
    </>
  )
}
