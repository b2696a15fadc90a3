import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import {
  ArrowClockwiseRegular,
  DatabaseSearchRegular,
  ErrorCircleRegular,
  PlayRegular,
} from '@fluentui/react-icons'
import { useState } from 'react'
import type { HistoryEntry } from '../../../../shared/models/history'
import { hashForScreen } from '../../app/navigation-state'
import { ScreenFrame, type HeadingFocus } from '../../app/screen-frame'
import { presentError } from '../../components/present-error'
import { formatBytes, formatCount, formatDuration, plural } from '../../lib/units'
import { useFailedJob } from '../failed/failed-job-provider'
import { useJourneyStyles } from '../files/journey-styles'
import { useHistory } from './history-provider'
import {
  OUTCOMES,
  canVerify,
  verifyIntent,
  verifySentence,
  type VerifyState,
} from './history-state'

const useStyles = makeStyles({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  label: { margin: 0, wordBreak: 'break-all' },
})

function when(iso: string | null): string {
  if (iso === null) return '–'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}

/**
 * The History screen: past, running and interrupted uploads with their outcome; resume the ones
 * that did not finish; verify the rows that landed through the Log Analytics query API.
 */
export function HistoryScreen(focus: HeadingFocus) {
  const styles = useStyles()
  const journey = useJourneyStyles()
  const { state, reload } = useHistory()
  return (
    <ScreenFrame screen="history" {...focus}>
      <div className={journey.spread}>
        <Text>
          {state.entries.length === 0
            ? 'No uploads yet.'
            : `${plural(state.entries.length, 'upload')}, newest first.`}
        </Text>
        <Button icon={<ArrowClockwiseRegular />} onClick={reload} data-testid="history-reload">
          Refresh
        </Button>
      </div>
      {state.load === 'loading' ? <Spinner size="tiny" label="Loading the history…" /> : null}
      {state.error === null
        ? null
        : presentError(state.error, { title: 'Could not load the history', onRetry: reload })}
      <ul className={styles.list} aria-label="Uploads">
        {state.entries.map((entry) => (
          <li key={entry.jobId}>
            <HistoryCard entry={entry} />
          </li>
        ))}
      </ul>
    </ScreenFrame>
  )
}

function HistoryCard({ entry }: { readonly entry: HistoryEntry }) {
  const styles = useStyles()
  const journey = useJourneyStyles()
  const { state, resume, verify } = useHistory()
  const failed = useFailedJob()
  const outcome = OUTCOMES[entry.state]
  const verifying = state.verify[entry.jobId]
  const resuming = state.resuming.includes(entry.jobId)
  const resumeError = state.resumeError?.jobId === entry.jobId ? state.resumeError.error : null
  const records = entry.records
  const size = entry.files.reduce((sum, file) => sum + file.size, 0)
  const duration =
    entry.startedAt !== null && entry.finishedAt !== null
      ? Date.parse(entry.finishedAt) - Date.parse(entry.startedAt)
      : null
  const [workspaceId, setWorkspaceId] = useState('')
  const [table, setTable] = useState('')

  return (
    <Card
      className={journey.card}
      data-testid="history-entry"
      data-job-id={entry.jobId}
      data-state={entry.state}
    >
      <div className={styles.head}>
        <Subtitle2 as="h2" id={`history-${entry.jobId}`} className={styles.label}>
          {entry.label}
        </Subtitle2>
        <Badge appearance="tint" color={outcome.color} data-testid="history-outcome">
          {outcome.label}
        </Badge>
        {entry.retryOf === null ? null : (
          <Badge appearance="outline" color="informative">
            Retry of failed records
          </Badge>
        )}
      </div>
      <dl className={journey.facts}>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Started</dt>
          <dd className={journey.factValue}>{when(entry.startedAt ?? entry.createdAt)}</dd>
        </div>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Files</dt>
          <dd className={journey.factValue}>
            {entry.files.length} ({formatBytes(size)})
          </dd>
        </div>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Accepted</dt>
          <dd className={journey.factValue} data-testid="history-accepted">
            {records === null ? '–' : formatCount(records.accepted)}
          </dd>
        </div>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Failed</dt>
          <dd className={journey.factValue} data-testid="history-failed">
            {records === null ? '–' : formatCount(records.failed)}
          </dd>
        </div>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Took</dt>
          <dd className={journey.factValue}>
            {duration === null ? '–' : formatDuration(duration)}
          </dd>
        </div>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Stream</dt>
          <dd className={`${journey.factValue} ${journey.breakAll}`}>{entry.target.streamName}</dd>
        </div>
      </dl>
      <Text size={200} className={journey.secondary}>
        {entry.files.map((file) => file.name).join(', ')}
      </Text>
      {entry.error === null ? null : (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Why it stopped</MessageBarTitle>
            {entry.error.message}
          </MessageBarBody>
        </MessageBar>
      )}
      {entry.destination === null && canVerify(entry) ? (
        <div className={journey.row}>
          <Field label="Workspace ID (Customer ID)">
            <Input value={workspaceId} onChange={(_event, data) => setWorkspaceId(data.value)} />
          </Field>
          <Field label="Table">
            <Input
              value={table}
              placeholder="MyTable_CL"
              onChange={(_event, data) => setTable(data.value)}
            />
          </Field>
        </div>
      ) : null}
      <div className={journey.row}>
        {entry.resumable ? (
          <Button
            appearance="primary"
            icon={<PlayRegular />}
            disabled={resuming}
            onClick={() =>
              void resume(entry.jobId).then((started) => {
                if (started) window.location.hash = hashForScreen('upload')
              })
            }
            data-testid="history-resume"
          >
            {resuming ? 'Resuming…' : 'Resume'}
          </Button>
        ) : null}
        {canVerify(entry) ? (
          <Button
            icon={<DatabaseSearchRegular />}
            disabled={verifying?.status === 'running'}
            onClick={() =>
              verify(
                entry.jobId,
                entry.destination === null
                  ? { workspaceId: workspaceId.trim(), table: table.trim() }
                  : undefined,
              )
            }
            data-testid="history-verify"
          >
            {verifying?.status === 'running' ? 'Counting rows…' : 'Verify in the workspace'}
          </Button>
        ) : null}
        {entry.hasFailed ? (
          <Button
            icon={<ErrorCircleRegular />}
            onClick={() => {
              failed.choose(entry.jobId)
              window.location.hash = hashForScreen('failed-records')
            }}
            data-testid="history-failed-link"
          >
            Failed records
          </Button>
        ) : null}
      </div>
      {resumeError === null
        ? null
        : presentError(resumeError, { title: 'Could not resume', testId: 'history-resume-error' })}
      {verifying === undefined ? null : <VerifyView verify={verifying} />}
    </Card>
  )
}

function VerifyView({ verify }: { readonly verify: VerifyState }) {
  const journey = useJourneyStyles()
  if (verify.status === 'running') return <Spinner size="tiny" label="Asking the workspace…" />
  if (verify.error !== null)
    return presentError(verify.error, { title: 'Could not verify', testId: 'verify-error' })
  const result = verify.result
  if (result === null) return null
  return (
    <MessageBar
      intent={verifyIntent(result)}
      layout="multiline"
      data-testid="verify-result"
      data-landed={result.landed}
      data-expected={result.expected}
      data-duplicates={result.duplicatesPossible}
    >
      <MessageBarBody>
        <MessageBarTitle>{verifySentence(result)}</MessageBarTitle>
        {result.note}
        {result.duplicatesPossible > 0
          ? ` Up to ${result.duplicatesPossible} records may have been sent twice after a restart.`
          : ''}
        {result.overlapping.length > 0
          ? ` Other uploads sent to this table at the same time and are counted too.`
          : ''}
        <details>
          <summary>The query LogDrop ran (checked {when(result.checkedAt)})</summary>
          <pre className={journey.code} role="region" aria-label="KQL query" tabIndex={0}>
            {result.query}
          </pre>
        </details>
      </MessageBarBody>
    </MessageBar>
  )
}
