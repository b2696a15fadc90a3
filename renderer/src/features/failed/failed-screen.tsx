import {
  Button,
  Card,
  Checkbox,
  Dropdown,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import {
  ArrowDownloadRegular,
  ArrowRepeatAllRegular,
  ChevronDownRegular,
  ChevronRightRegular,
} from '@fluentui/react-icons'
import { useCallback, useEffect, useReducer, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { FailedRecordView } from '../../../../shared/models/history'
import type { FailureCause } from '../../../../shared/models/upload-job'
import { useApi } from '../../app/api-context'
import { hashForScreen } from '../../app/navigation-state'
import { ScreenFrame, type HeadingFocus } from '../../app/screen-frame'
import { presentError } from '../../components/present-error'
import { finishSave } from '../../lib/save-outcome'
import { formatCount, plural } from '../../lib/units'
import { useJourneyStyles } from '../files/journey-styles'
import { useHistory } from '../history/history-provider'
import { withFailures } from '../history/history-state'
import { useAuth } from '../sign-in/auth-provider'
import { useUploads } from '../upload/upload-provider'
import { toMapping } from '../mapping/mapping-draft'
import { useMappings } from '../mapping/mapping-provider'
import { RecordDetails } from './record-details'
import { prefillFromMapping } from './record-edit'
import { useFailedJob } from './failed-job-provider'
import { INITIAL_FAILED_STATE, actionScope, failedReducer } from './failed-state'
import { CAUSES, causeLabel } from './failure-causes'

const PAGE = 100

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  table: { minWidth: '760px' },
  message: { wordBreak: 'break-word' },
  pick: { width: '48px' },
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
  },
})

/**
 * The Failed records screen: an upload's failed records grouped by cause, each with its source
 * row, mapped record, error, status and request id; edit and revalidate a record; export as
 * NDJSON or CSV; retry a selection, a group or everything.
 */
export function FailedScreen(focus: HeadingFocus) {
  const journey = useJourneyStyles()
  const { state: history } = useHistory()
  const chosen = useFailedJob()
  const { state: uploads } = useUploads()
  const candidates = withFailures(history.entries)
  const fromUpload = candidates.find((entry) => entry.jobId === uploads.current)?.jobId
  const jobId = chosen.jobId ?? fromUpload ?? candidates[0]?.jobId ?? null

  return (
    <ScreenFrame screen="failed-records" {...focus}>
      {history.load === 'loading' ? <Spinner size="tiny" label="Loading uploads…" /> : null}
      {history.load !== 'loading' && candidates.length === 0 ? (
        <MessageBar intent="success" data-testid="failed-none">
          <MessageBarBody>
            No upload has failed records. When one does, they are kept here, grouped by cause.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {candidates.length === 0 ? null : (
        <Field label="Upload">
          <Dropdown
            value={candidates.find((entry) => entry.jobId === jobId)?.label ?? ''}
            selectedOptions={jobId === null ? [] : [jobId]}
            onOptionSelect={(_event, data) => {
              if (data.optionValue !== undefined) chosen.choose(data.optionValue)
            }}
            data-testid="failed-job"
          >
            {candidates.map((entry) => (
              <Option key={entry.jobId} value={entry.jobId} text={entry.label}>
                {entry.label} ({new Date(entry.createdAt).toLocaleString()})
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {jobId === null ? null : <FailedJob key={jobId} jobId={jobId} />}
      <Text size={200} className={journey.secondary}>
        Failed records stay in LogDrop’s data folder until you delete the upload’s folder.
      </Text>
    </ScreenFrame>
  )
}

function FailedJob({ jobId }: { readonly jobId: string }) {
  const styles = useStyles()
  const journey = useJourneyStyles()
  const api = useApi()
  const uploads = useUploads()
  const accountId = useAuth().state.auth?.activeAccountId ?? null
  const [state, dispatch] = useReducer(failedReducer, {
    ...INITIAL_FAILED_STATE,
    jobId,
    loading: true,
  })
  const [notice, setNotice] = useState('')
  const [actionError, setActionError] = useState<AppErrorData | null>(null)
  const [busy, setBusy] = useState(false)
  const { cause } = state
  const { sessions } = useMappings()
  const { state: history } = useHistory()
  const stream = history.entries.find((entry) => entry.jobId === jobId)?.target.streamName
  const prefillFor = useCallback(
    (record: FailedRecordView) => {
      if (record.mapped !== null || record.edited !== null) return null
      // The mapping of this session's files of the same name and stream, when there is one.
      const session = sessions.find(
        (candidate) =>
          candidate.stream === stream &&
          candidate.shape.files.some((file) => file.name === record.fileName),
      )
      if (session === undefined || session.state.draft === null) return null
      const built = toMapping(session.state.draft)
      if (!built.ok) return null
      return prefillFromMapping(record.source, built.mapping, session.target.columns, Date.now())
    },
    [sessions, stream],
  )

  const loadSummary = useCallback(() => {
    void api
      .invoke('failed:summary', { jobId })
      .then((result) => dispatch({ type: 'summary-loaded', jobId, result }))
  }, [api, jobId])

  const loadPage = useCallback(
    (offset: number) => {
      dispatch({ type: 'page-requested' })
      void api
        .invoke('failed:list', { jobId, offset, limit: PAGE, ...(cause === null ? {} : { cause }) })
        .then((result) => dispatch({ type: 'page-loaded', jobId, cause, result }))
    },
    [api, jobId, cause],
  )

  useEffect(() => loadSummary(), [loadSummary])
  useEffect(() => loadPage(0), [loadPage])

  const scope = actionScope(state)
  const scopeWords =
    scope.recordIds !== undefined
      ? `the ${plural(scope.count, 'selected record')}`
      : scope.cause !== undefined
        ? `${plural(scope.count, 'record')} in “${causeLabel(scope.cause)}”`
        : `all ${plural(scope.count, 'record')}`

  const exportAs = async (format: 'ndjson' | 'csv') => {
    setActionError(null)
    const result = await api.invoke('failed:export', {
      jobId,
      format,
      ...(scope.cause === undefined ? {} : { cause: scope.cause }),
      ...(scope.recordIds === undefined ? {} : { recordIds: [...scope.recordIds] }),
    })
    if (!result.ok) setActionError(result.error)
    else setNotice(finishSave(result.value))
  }

  const retry = async () => {
    setActionError(null)
    setBusy(true)
    const result = uploads.show(
      await api.invoke('failed:retry', {
        jobId,
        ...(scope.cause === undefined ? {} : { cause: scope.cause }),
        ...(scope.recordIds === undefined ? {} : { recordIds: [...scope.recordIds] }),
        ...(accountId === null ? {} : { accountId }),
      }),
    )
    setBusy(false)
    if (!result.ok) {
      setActionError(result.error)
      return
    }
    window.location.hash = hashForScreen('upload')
  }

  const summary = state.summary
  const info = cause === null ? null : CAUSES[cause]
  return (
    <>
      {state.summaryError === null
        ? null
        : presentError(state.summaryError, {
            title: 'Could not read the failed records',
            onRetry: loadSummary,
          })}
      {summary === null ? null : (
        <TabList
          selectedValue={cause ?? 'all'}
          onTabSelect={(_event, data) =>
            dispatch({
              type: 'cause-chosen',
              cause: data.value === 'all' ? null : (data.value as FailureCause),
            })
          }
          aria-label="Failed records by cause"
          data-testid="failed-groups"
        >
          <Tab value="all" id="failed-tab-all" data-testid="failed-group-all">
            All ({formatCount(summary.total)})
          </Tab>
          {summary.groups.map((group) => (
            <Tab
              key={group.cause}
              value={group.cause}
              id={`failed-tab-${group.cause}`}
              data-testid="failed-group"
              data-cause={group.cause}
              data-count={group.count}
            >
              {causeLabel(group.cause)} ({formatCount(group.count)})
            </Tab>
          ))}
        </TabList>
      )}
      <div
        role="tabpanel"
        aria-labelledby={`failed-tab-${cause ?? 'all'}`}
        className={journey.stack}
      >
        {info === null ? null : (
          <MessageBar intent="info" layout="multiline" data-testid="failed-advice">
            <MessageBarBody>{info.advice}</MessageBarBody>
          </MessageBar>
        )}
        <Card className={journey.card}>
          <div className={styles.toolbar}>
            <Text>Act on {scopeWords}:</Text>
            <Button
              icon={<ArrowDownloadRegular />}
              onClick={() => void exportAs('ndjson')}
              data-testid="failed-export-ndjson"
            >
              Export NDJSON
            </Button>
            <Button
              icon={<ArrowDownloadRegular />}
              onClick={() => void exportAs('csv')}
              data-testid="failed-export-csv"
            >
              Export CSV
            </Button>
            <Button
              appearance="primary"
              icon={<ArrowRepeatAllRegular />}
              disabled={busy || scope.count === 0}
              onClick={() => void retry()}
              data-testid="failed-retry"
            >
              {busy ? 'Starting…' : scope.recordIds !== undefined ? 'Retry selected' : 'Retry all'}
            </Button>
          </div>
          <Text role="status" data-testid="failed-notice">
            {notice}
          </Text>
          {actionError === null
            ? null
            : presentError(actionError, {
                title: 'That did not work',
                testId: 'failed-action-error',
              })}
          {summary !== null && summary.edited > 0 ? (
            <Text size={200}>
              {plural(summary.edited, 'edited record')} will be sent as edited.
            </Text>
          ) : null}
        </Card>
        <Card className={journey.card}>
          <Subtitle2 as="h2" className={journey.title}>
            {cause === null ? 'Every failed record' : causeLabel(cause)}
          </Subtitle2>
          {state.pageError === null
            ? null
            : presentError(state.pageError, { onRetry: () => loadPage(0) })}
          <div className={styles.scroll}>
            <Table
              aria-label="Failed records"
              className={styles.table}
              size="small"
              data-testid="failed-table"
            >
              <TableHeader>
                <TableRow>
                  <TableHeaderCell className={styles.pick}>
                    <Checkbox
                      aria-label="Select every record shown"
                      checked={
                        state.selected.length === 0
                          ? false
                          : state.selected.length === state.records.length
                            ? true
                            : 'mixed'
                      }
                      onChange={(_event, data) =>
                        dispatch({ type: 'all-toggled', on: data.checked === true })
                      }
                    />
                  </TableHeaderCell>
                  <TableHeaderCell>Where</TableHeaderCell>
                  <TableHeaderCell>Cause</TableHeaderCell>
                  <TableHeaderCell>Error</TableHeaderCell>
                  <TableHeaderCell>Details</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {state.records.map((record) => (
                  <RecordRow
                    key={record.id}
                    record={record}
                    selected={state.selected.includes(record.id)}
                    open={state.open === record.id}
                    onToggle={(on) => dispatch({ type: 'toggled', recordId: record.id, on })}
                    onOpen={() =>
                      dispatch({
                        type: 'opened',
                        recordId: state.open === record.id ? null : record.id,
                      })
                    }
                  />
                ))}
              </TableBody>
            </Table>
          </div>
          {state.loading ? <Spinner size="tiny" label="Loading records…" /> : null}
          {state.records.length < state.total && !state.loading ? (
            <Button onClick={() => loadPage(state.records.length)}>
              Show more ({formatCount(state.total - state.records.length)} left)
            </Button>
          ) : null}
        </Card>
        {state.open === null ? null : (
          <RecordDetails
            jobId={jobId}
            record={state.records.find((r) => r.id === state.open) ?? null}
            edit={state.edit}
            dispatch={dispatch}
            onSaved={loadSummary}
            prefillFor={prefillFor}
          />
        )}
        <Text size={200}>
          After a retry, its progress shows on <Link href="#/upload">Upload</Link>.
        </Text>
      </div>
    </>
  )
}

function RecordRow({
  record,
  selected,
  open,
  onToggle,
  onOpen,
}: {
  readonly record: FailedRecordView
  readonly selected: boolean
  readonly open: boolean
  readonly onToggle: (on: boolean) => void
  readonly onOpen: () => void
}) {
  const styles = useStyles()
  const where = `${record.fileName}${record.line === null ? '' : `, line ${record.line}`}`
  return (
    <TableRow
      data-testid="failed-record"
      data-record-id={record.id}
      data-cause={record.cause}
      data-line={record.line ?? ''}
    >
      <TableCell>
        <Checkbox
          aria-label={`Select ${where}`}
          checked={selected}
          onChange={(_event, data) => onToggle(data.checked === true)}
          data-testid="failed-select"
        />
      </TableCell>
      <TableCell>{where}</TableCell>
      <TableCell>
        {causeLabel(record.cause)}
        {record.status === null ? '' : ` · ${record.status}`}
        {record.edited === null ? '' : ' · edited'}
      </TableCell>
      <TableCell className={styles.message}>{record.message}</TableCell>
      <TableCell>
        <Button
          size="small"
          appearance="subtle"
          icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />}
          aria-expanded={open}
          aria-label={`Details of ${where}`}
          onClick={onOpen}
          data-testid="failed-open"
        >
          {open ? 'Hide' : 'Show'}
        </Button>
      </TableCell>
    </TableRow>
  )
}
