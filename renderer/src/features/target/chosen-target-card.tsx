import {
  Button,
  Card,
  CardHeader,
  Link,
  Subtitle2,
  Text,
  mergeClasses,
} from '@fluentui/react-components'
import { PlugConnectedRegular } from '@fluentui/react-icons'
import { useAuth } from '../sign-in/auth-provider'
import { activeAccount } from '../sign-in/auth-state'
import { CheckResult } from './check-result'
import { useChosenTarget } from './target-store-provider'
import { useTargetStyles } from './target-styles'

/** The chosen target, and the check that the active account may send to it. */
export function ChosenTargetCard() {
  const styles = useTargetStyles()
  const { chosen, check, checkConnection } = useChosenTarget()
  const account = activeAccount(useAuth().state.auth)

  return (
    <Card
      className={styles.card}
      data-testid="chosen-target"
      data-stream={chosen?.target.streamName ?? ''}
    >
      <CardHeader
        header={
          <Subtitle2 as="h2" className={styles.title}>
            Chosen target
          </Subtitle2>
        }
        description={
          <Text size={200}>Where the next upload goes. Check it before you upload.</Text>
        }
      />
      {chosen === null ? (
        <Text data-testid="no-target">
          Nothing chosen yet: pick a stream above, enter one manually, or use a recent target.
        </Text>
      ) : (
        <dl className={styles.facts}>
          <div className={styles.factRow}>
            <dt className={styles.term}>Name</dt>
            <dd className={styles.value} data-testid="chosen-label">
              {chosen.label} ({chosen.source === 'manual' ? 'entered manually' : 'from Azure'})
            </dd>
          </div>
          <div className={styles.factRow}>
            <dt className={styles.term}>Stream</dt>
            <dd className={mergeClasses(styles.value, styles.mono)} data-testid="chosen-stream">
              {chosen.target.streamName}
            </dd>
          </div>
          <div className={styles.factRow}>
            <dt className={styles.term}>DCR immutable ID</dt>
            <dd className={mergeClasses(styles.value, styles.mono)}>
              {chosen.target.dcrImmutableId}
            </dd>
          </div>
          <div className={styles.factRow}>
            <dt className={styles.term}>Endpoint</dt>
            <dd className={mergeClasses(styles.value, styles.mono)}>{chosen.target.endpoint}</dd>
          </div>
          <div className={styles.factRow}>
            <dt className={styles.term}>Columns</dt>
            <dd className={styles.value}>
              {chosen.stream === null
                ? 'Not known (entered manually, or the rule cannot be read)'
                : `${chosen.stream.columns.length} declared`}
            </dd>
          </div>
        </dl>
      )}
      <Text size={200} data-testid="check-account">
        {account === null ? (
          <>
            The check needs an account: <Link href="#/sign-in">sign in</Link> first.
          </>
        ) : (
          `The check sends an empty request as ${account.name} (${account.username}); nothing is stored.`
        )}
      </Text>
      <div className={styles.row}>
        <Button
          appearance="primary"
          icon={<PlugConnectedRegular />}
          disabledFocusable={chosen === null || account === null || check.status === 'checking'}
          onClick={checkConnection}
          data-testid="check-connection"
        >
          Check connection
        </Button>
      </div>
      <CheckResult check={check} accountName={account?.name ?? null} />
    </Card>
  )
}
