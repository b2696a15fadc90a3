import {
  Button,
  Card,
  CardHeader,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { DismissRegular, KeyRegular, PhoneRegular, WindowNewRegular } from '@fluentui/react-icons'
import { useTransport } from '../../app/api-context'
import { presentError } from '../../components/present-error'
import { useAuth } from './auth-provider'
import {
  pendingBrowserUrl,
  pendingDeviceCode,
  pendingMethod,
  signInPhase,
  type AuthOutcome,
  type AuthViewState,
  type FailedWhat,
} from './auth-state'
import { describeCountdown, earliest, formatCountdown, secondsLeft } from './countdown'
import { DeviceCodePanel } from './device-code-panel'
import { useNow } from './use-now'

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  title: { margin: 0 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  pending: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  pendingActions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  timer: { fontVariantNumeric: 'tabular-nums' },
  spinner: { justifyContent: 'flex-start' },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0, 0, 0, 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
})

/** What screen readers hear when the sign-in moves on (the visible panel says more). */
function announcement(state: AuthViewState): string {
  const phase = signInPhase(state)
  if (phase === 'idle') return ''
  if (phase === 'starting') return 'Starting sign-in.'
  const code = pendingDeviceCode(state)
  return pendingMethod(state) === 'device-code' && code !== null
    ? `Sign-in code ready: ${code.userCode.split('').join(' ')}.`
    : 'Waiting for you to finish signing in in your browser.'
}

const FAILED_TITLES: Readonly<Record<FailedWhat, string>> = {
  'sign-in': 'Sign-in did not finish',
  cancel: 'Could not cancel the sign-in',
  developer: 'Could not use developer credentials',
  switch: 'Could not switch accounts',
  'sign-out': 'Could not sign out',
  'plaintext-cache': 'Could not change where your sign-in is kept',
}

/** The ways to add an account, the sign-in in progress (with Cancel), and how the last ended. */
export function SignInCard() {
  const styles = useStyles()
  const auth = useAuth()
  const { state } = auth
  const phase = signInPhase(state)
  const busy = phase !== 'idle' || state.task !== null

  return (
    <Card className={styles.card} data-testid="sign-in-card">
      <CardHeader
        header={
          <Subtitle2 as="h2" className={styles.title}>
            Add an account
          </Subtitle2>
        }
        description={
          <Text size={200}>
            Sign in the way Azure’s own tools do: in your browser, or with a code on another device.
          </Text>
        }
      />
      <div className={styles.actions}>
        <Button
          appearance="primary"
          icon={<WindowNewRegular />}
          disabledFocusable={busy}
          onClick={() => auth.signIn('interactive')}
          data-testid="sign-in-browser"
        >
          Sign in with browser
        </Button>
        <Button
          icon={<PhoneRegular />}
          disabledFocusable={busy}
          onClick={() => auth.signIn('device-code')}
          data-testid="sign-in-code"
        >
          Sign in with a code
        </Button>
        <Button
          appearance="subtle"
          icon={<KeyRegular />}
          disabledFocusable={busy}
          onClick={() => auth.addDeveloperCredentials()}
          data-testid="sign-in-developer"
        >
          Use my Azure CLI / environment credentials
        </Button>
      </div>
      <div data-testid="sign-in-status" data-state={phase}>
        {/* Announced once per change; the panel's timers tick silently. */}
        <span role="status" className={styles.visuallyHidden}>
          {announcement(state)}
        </span>
        {phase === 'idle' ? null : <PendingSignIn />}
      </div>
      {state.task?.kind === 'developer' ? (
        <Spinner
          className={styles.spinner}
          size="tiny"
          label="Looking for Azure CLI or environment credentials…"
        />
      ) : null}
      {state.outcome === null ? null : (
        <Outcome outcome={state.outcome} onDismiss={auth.dismissOutcome} />
      )}
    </Card>
  )
}

/** The sign-in that is waiting: the page or the code, the time left, and Cancel. */
function PendingSignIn() {
  const styles = useStyles()
  const auth = useAuth()
  const transport = useTransport()
  const { state } = auth
  const phase = signInPhase(state)
  const method = pendingMethod(state)
  const browserUrl = pendingBrowserUrl(state)
  const deviceCode = pendingDeviceCode(state)
  const expiresAt = state.auth?.pending?.expiresAt ?? null
  const now = useNow(expiresAt !== null)
  const left = expiresAt === null ? null : secondsLeft(expiresAt, now)

  return (
    <div className={styles.pending} data-testid="sign-in-pending" data-method={method ?? ''}>
      {phase === 'starting' ? (
        <Spinner
          className={styles.spinner}
          size="tiny"
          labelPosition="after"
          label={method === 'device-code' ? 'Asking for a code…' : 'Opening the sign-in page…'}
        />
      ) : null}
      {phase === 'waiting' && method === 'interactive' ? (
        <>
          <Spinner
            className={styles.spinner}
            size="tiny"
            labelPosition="after"
            label="Finish signing in in your browser."
          />
          <Text>
            {transport === 'socket'
              ? 'The sign-in page opened in a new tab. If it did not (a pop-up blocker may have stopped it), '
              : 'Your web browser opened the sign-in page. If it did not, '}
            {browserUrl === null ? (
              'start again.'
            ) : (
              <Link
                href={browserUrl}
                target="_blank"
                rel="noopener noreferrer"
                data-testid="sign-in-page-link"
              >
                open the sign-in page
              </Link>
            )}
            {browserUrl === null ? null : '.'}
          </Text>
        </>
      ) : null}
      {phase === 'waiting' && method === 'device-code' && deviceCode !== null ? (
        <DeviceCodePanel
          prompt={deviceCode}
          // The code is only useful while LogDrop still waits for it.
          deadline={
            expiresAt === null ? deviceCode.expiresAt : earliest(deviceCode.expiresAt, expiresAt)
          }
          now={now}
        />
      ) : null}
      <div className={styles.pendingActions}>
        <Button
          icon={<DismissRegular />}
          disabledFocusable={state.cancelling}
          onClick={auth.cancelSignIn}
          data-testid="sign-in-cancel"
        >
          {state.cancelling ? 'Cancelling…' : 'Cancel sign-in'}
        </Button>
        {left === null || method === 'device-code' ? null : (
          <Text size={200}>
            LogDrop stops waiting in{' '}
            <span
              role="timer"
              className={styles.timer}
              aria-label={describeCountdown(left)}
              data-testid="sign-in-time-left"
            >
              {formatCountdown(left)}
            </span>
            .
          </Text>
        )}
      </div>
    </div>
  )
}

function Outcome({
  outcome,
  onDismiss,
}: {
  readonly outcome: AuthOutcome
  readonly onDismiss: () => void
}) {
  if (outcome.kind === 'failed') {
    return presentError(outcome.error, {
      title: FAILED_TITLES[outcome.what],
      testId: 'sign-in-error',
    })
  }
  const text = (() => {
    switch (outcome.kind) {
      case 'signed-in':
        return `Signed in as ${outcome.account.name} (${outcome.account.username}).`
      case 'cancelled':
        return 'Sign-in was cancelled. Nothing changed.'
      case 'switched':
        return `Now using ${outcome.name}.`
      case 'signed-out':
        return `Signed out ${outcome.name}.`
      case 'cache-changed':
        return outcome.enabled
          ? 'Your sign-in is now remembered in an unencrypted file.'
          : 'Your sign-in is now kept in memory only.'
    }
  })()
  return (
    <MessageBar
      intent={outcome.kind === 'cancelled' ? 'info' : 'success'}
      data-testid="sign-in-outcome"
      data-outcome={outcome.kind}
    >
      <MessageBarBody>{text}</MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            aria-label="Dismiss"
            icon={<DismissRegular />}
            onClick={onDismiss}
          />
        }
      />
    </MessageBar>
  )
}
