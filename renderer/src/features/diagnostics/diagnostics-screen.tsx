import {
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  Skeleton,
  SkeletonItem,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components'
import {
  CheckmarkCircleFilled,
  DismissCircleFilled,
  PlugConnectedRegular,
} from '@fluentui/react-icons'
import { useState } from 'react'
import type { AppInfo } from '../../../../shared/models/app-info'
import { useConnectionState, useTransport } from '../../app/api-context'
import { ScreenFrame, type HeadingFocus } from '../../app/screen-frame'
import { presentError } from '../../components/present-error'
import { connectionLabel, isOffline } from '../../lib/connection-state'
import { useAppInfo } from '../app-info/app-info-provider'
import { describePing } from './ping-state'
import { usePing } from './use-ping'

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(340px, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  cardTitle: { margin: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  factRow: { display: 'contents' },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, wordBreak: 'break-all' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  pingRow: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  pingField: { flex: 1 },
  result: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalS,
    minHeight: '24px',
    '& svg': { flexShrink: 0, fontSize: '20px' },
  },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
})

const HOSTS: Readonly<Record<AppInfo['host'], string>> = {
  electron: 'Desktop app (Electron)',
  browser: 'Browser host (local web server)',
}

/** App facts from `app:get-info` and a live `app:ping` round trip. */
export function DiagnosticsScreen(focus: HeadingFocus) {
  const styles = useStyles()
  return (
    <ScreenFrame screen="diagnostics" {...focus}>
      <div className={styles.grid}>
        <AboutCard />
        <PingCard />
      </div>
    </ScreenFrame>
  )
}

function AboutCard() {
  const styles = useStyles()
  const info = useAppInfo()
  const transport = useTransport()
  const connection = useConnectionState()
  const facts: readonly [string, string, boolean?][] =
    info.value === null
      ? []
      : [
          ['Name', info.value.name],
          ['Version', info.value.version],
          ['Running as', HOSTS[info.value.host]],
          ['Platform', info.value.platform],
          ['Data folder', info.value.dataDir, true],
          ['Transport', transport === 'bridge' ? 'Electron IPC' : 'WebSocket'],
          ['Connection', connectionLabel(connection)],
        ]
  return (
    <Card className={styles.card} data-testid="app-info">
      <CardHeader
        header={
          <Subtitle2 as="h2" className={styles.cardTitle}>
            About this app
          </Subtitle2>
        }
      />
      {info.status === 'loading' && isOffline(connection) ? (
        <Text data-testid="app-info-waiting">
          The app information appears here once LogDrop is connected.
        </Text>
      ) : null}
      {info.status === 'loading' && !isOffline(connection) ? (
        <Skeleton aria-label="Loading app information">
          <SkeletonItem />
          <SkeletonItem />
          <SkeletonItem />
        </Skeleton>
      ) : null}
      {info.error === null
        ? null
        : presentError(info.error, { title: 'Could not read the app information' })}
      {facts.length === 0 ? null : (
        <dl className={styles.facts}>
          {facts.map(([term, value, mono]) => (
            <div key={term} className={styles.factRow}>
              <dt className={styles.term}>{term}</dt>
              <dd
                className={mergeClasses(styles.value, mono === true && styles.mono)}
                data-testid={`app-info-${term.toLowerCase().replace(/\s+/g, '-')}`}
              >
                {value}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  )
}

function PingCard() {
  const styles = useStyles()
  const { state, ping } = usePing()
  const [message, setMessage] = useState('Hello from the renderer')
  const pending = state.status === 'pending'
  return (
    <Card className={styles.card}>
      <CardHeader
        header={
          <Subtitle2 as="h2" className={styles.cardTitle}>
            Test connection
          </Subtitle2>
        }
        description={
          <Text size={200}>
            Sends a message through the contract to the LogDrop service and back.
          </Text>
        }
      />
      <form
        className={styles.pingRow}
        onSubmit={(event) => {
          event.preventDefault()
          ping(message)
        }}
      >
        <Field label="Message" className={styles.pingField}>
          <Input
            value={message}
            onChange={(_event, data) => setMessage(data.value)}
            maxLength={200}
            data-testid="ping-message"
          />
        </Field>
        <Button
          type="submit"
          appearance="primary"
          icon={pending ? <Spinner size="tiny" /> : <PlugConnectedRegular />}
          disabledFocusable={pending}
          data-testid="ping-button"
        >
          Test connection
        </Button>
      </form>
      <div
        role="status"
        className={styles.result}
        data-testid="ping-result"
        data-state={state.status}
      >
        {state.status === 'done' ? <CheckmarkCircleFilled className={styles.ok} /> : null}
        {state.status === 'failed' ? <DismissCircleFilled className={styles.bad} /> : null}
        <Text>{describePing(state)}</Text>
      </div>
      {state.error === null ? null : presentError(state.error, { testId: 'ping-error' })}
    </Card>
  )
}
