import {
  Badge,
  Card,
  CardHeader,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { AuthState } from '../../../../shared/models/auth'
import { presentError } from '../../components/present-error'
import { useAppInfo } from '../app-info/app-info-provider'
import { emulatorStatus } from './auth-state'

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  title: { margin: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  row: { display: 'contents' },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, wordBreak: 'break-all' },
})

/**
 * Where sign-in goes: the cloud and tenant from Settings (with a way there), and for the Local
 * emulator whether one is running.
 */
export function CloudCard({ auth }: { readonly auth: AuthState }) {
  const styles = useStyles()
  const emulator = emulatorStatus(auth)
  // The desktop app trusts the emulator's CA in its sign-in window; a browser does not.
  const isBrowserHost = useAppInfo().value?.host === 'browser'
  return (
    <Card className={styles.card} data-testid="cloud-card">
      <CardHeader
        header={
          <Subtitle2 as="h2" className={styles.title}>
            Cloud
          </Subtitle2>
        }
        description={<Text size={200}>Where sign-in, discovery and uploads go.</Text>}
      />
      <dl className={styles.facts}>
        <div className={styles.row}>
          <dt className={styles.term}>Cloud</dt>
          <dd className={styles.value} data-testid="auth-cloud">
            {auth.cloudName}
          </dd>
        </div>
        <div className={styles.row}>
          <dt className={styles.term}>Tenant</dt>
          <dd className={styles.value} data-testid="auth-tenant">
            {auth.tenant}
          </dd>
        </div>
        {emulator === null ? null : (
          <div className={styles.row}>
            <dt className={styles.term}>Emulator</dt>
            <dd className={styles.value}>
              <Badge
                appearance="tint"
                color={emulator === 'running' ? 'success' : 'warning'}
                data-testid="emulator-status"
                data-state={emulator}
              >
                {emulator === 'running' ? 'Running' : 'Not running'}
              </Badge>
            </dd>
          </div>
        )}
      </dl>
      {emulator === 'running' ? (
        <Text size={200}>
          You are using the local emulator: test accounts and fake Azure resources on this computer.
          Nothing reaches Azure.
          {isBrowserHost
            ? ' Its sign-in page uses a certificate from the emulator’s own CA: your browser warns about it until you trust that CA (emulator/README.md, “Sign-in pages without a certificate warning”).'
            : null}
        </Text>
      ) : null}
      {auth.problem === null ? null : emulator === 'not-running' ? (
        <MessageBar intent="warning" layout="multiline" data-testid="emulator-not-running">
          <MessageBarBody>
            <MessageBarTitle>The local emulator is not running</MessageBarTitle>
            {auth.problem.message}
          </MessageBarBody>
        </MessageBar>
      ) : (
        presentError(auth.problem, { title: 'Sign-in cannot start', testId: 'auth-problem' })
      )}
      <Link href="#/settings" data-testid="change-cloud">
        Change the cloud or tenant in Settings
      </Link>
    </Card>
  )
}
