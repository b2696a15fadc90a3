import {
  Button,
  Card,
  CardHeader,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  SearchBox,
  Spinner,
  Subtitle2,
  Text,
} from '@fluentui/react-components'
import { ArrowClockwiseRegular } from '@fluentui/react-icons'
import { presentError } from '../../components/present-error'
import { useDiscovery } from './discovery-provider'
import { visibleSubscriptions } from './discovery-state'
import { useTargetStyles } from './target-styles'

/** Step 1 of browsing: the subscriptions of every tenant the account can reach, with search. */
export function SubscriptionPicker({ onEnterManually }: { readonly onEnterManually: () => void }) {
  const styles = useTargetStyles()
  const discovery = useDiscovery()
  const { state } = discovery
  const request = state.subscriptions
  const list = request?.value ?? null
  const error = request?.error ?? null
  const visible = visibleSubscriptions(state)
  const loading = request === null || request.status === 'loading'
  const reload = () => {
    if (state.accountId !== null) discovery.loadSubscriptions(state.accountId)
  }

  return (
    <Card className={styles.card} data-testid="subscriptions-card">
      <CardHeader
        header={
          <Subtitle2 as="h2" className={styles.title} id="subscriptions-heading">
            Subscription
          </Subtitle2>
        }
        description={
          <Text size={200}>Every subscription your account can see, across its tenants.</Text>
        }
        action={
          <Button
            appearance="subtle"
            icon={<ArrowClockwiseRegular />}
            disabledFocusable={loading}
            onClick={reload}
            data-testid="subscriptions-reload"
          >
            Refresh
          </Button>
        }
      />
      <Field label="Search subscriptions">
        <SearchBox
          value={state.subscriptionSearch}
          onChange={(_event, data) => discovery.searchSubscriptions(data.value)}
          placeholder="Name or subscription ID"
          data-testid="subscription-search"
        />
      </Field>
      {loading ? (
        <Spinner className={styles.spinner} size="tiny" label="Loading subscriptions…" />
      ) : null}
      {error === null
        ? null
        : presentError(error, {
            title: 'Could not list subscriptions',
            onRetry: reload,
            testId: 'subscriptions-error',
          })}
      {(list?.tenantFailures ?? []).map((failure) => (
        <MessageBar
          key={failure.tenantId}
          intent="warning"
          layout="multiline"
          data-testid="tenant-failure"
        >
          <MessageBarBody>
            Tenant {failure.tenantId} could not be listed; its subscriptions are missing below.{' '}
            {failure.problem.message}
          </MessageBarBody>
        </MessageBar>
      ))}
      {list !== null && list.subscriptions.length === 0 ? (
        <MessageBar intent="info" layout="multiline" data-testid="no-subscriptions">
          <MessageBarBody>
            This account sees no subscriptions. Ask for the Reader role on the subscription that
            holds your data collection rule, or{' '}
            <Link as="button" onClick={onEnterManually}>
              enter the target manually
            </Link>
            .
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {list !== null && list.subscriptions.length > 0 && visible.length === 0 ? (
        <Text>No subscription matches “{state.subscriptionSearch.trim()}”.</Text>
      ) : null}
      {visible.length === 0 ? null : (
        <div className={styles.scroll}>
          <RadioGroup
            aria-labelledby="subscriptions-heading"
            value={state.subscriptionId ?? ''}
            onChange={(_event, data) => discovery.chooseSubscription(data.value)}
            data-testid="subscription-list"
          >
            {visible.map((subscription) => (
              <Radio
                key={subscription.subscriptionId}
                value={subscription.subscriptionId}
                label={
                  <span className={styles.optionLabel}>
                    <span>{subscription.displayName}</span>
                    <Text size={200} className={styles.secondary}>
                      {subscription.subscriptionId}
                      {subscription.state === 'Enabled' ? '' : ` · ${subscription.state}`}
                    </Text>
                  </span>
                }
              />
            ))}
          </RadioGroup>
        </div>
      )}
    </Card>
  )
}
