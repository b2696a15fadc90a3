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
  SearchBox,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { ArrowDownloadRegular, ArrowRepeatAllRegular, DeleteRegular } from '@fluentui/react-icons'
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { FailedRecordView } from '../../../../shared/models/history'
import { useApi } from '../../app/api-context'
import { hashForScreen } from '../../app/navigation-state'
import { ScreenFrame, type HeadingFocus } from '../../app/screen-frame'
import { ConfirmButton } from '../../components/confirm-button'
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
import { FailedGroups } from './failed-groups'
import { FailedList, recordWhere } from './failed-list'
import {
  INITIAL_FAILED_STATE,
  actionScope,
  failedReducer,
  isNarrowed,
  listFilter,
  queryKey,
} from './failed-state'
import { CAUSES, causeLabel } from './failure-causes'

const PAGE = 200

const useStyles = makeStyles({
  workbench: {
    display: 'grid',
    gridTemplateColumns: 'minmax(200px, 1fr) minmax(0, 4fr)',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
    '@media (max-width: 900px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  /** The list and the open record's details side by side. */
  split: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
    '@media (max-width: 1100px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
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
  const { state: history, reload: reloadHistory } = useHistory()
  const entry = history.entries.find((candidate) => candidate.jobId === jobId)
  const running = entry?.state === 'running' || entry?.state === 'paused'
  const stream = entry?.target.streamName
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

  const query = queryKey(state)
  const { narrow } = state
  const filter = useMemo(() => listFilter({ cause, narrow }), [cause, narrow])
  const loadPage = useCallback(
    (offset: number) => {
      dispatch({ type: 'page-requested' })
      void api
        .invoke('failed:list', { jobId, offset, limit: PAGE, ...filter })
        .then((result) => dispatch({ type: 'page-loaded', jobId, query, result }))
    },
    [api, jobId, filter, query],
  )
  const loaded = state.records.length
  const loadMore = useCallback(() => loadPage(loaded), [loadPage, loaded])

  useEffect(() => loadSummary(), [loadSummary])
  useEffect(() => loadPage(0), [loadPage])

  const scope = actionScope(state)
  const scopeWords =
    state.selected.length > 0
      ? `the ${plural(scope.count, 'selected record')}`
      : isNarrowed(state)
        ? `the ${plural(state.total, 'record')} shown`
        : scope.cause !== undefined
          ? `${plural(scope.count, 'record')} in “${causeLabel(scope.cause)}”`
          : `all ${plural(scope.count, 'record')}`
  const partlyLoaded = state.selected.length === 0 && isNarrowed(state) && scope.count === 0

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

  /** Deletes the given records, else what the list shows (the whole store when unfiltered). */
  const remove = async (recordIds?: readonly string[]) => {
    setActionError(null)
    setBusy(true)
    const result = await api.invoke('failed:delete', {
      jobId,
      ...(recordIds === undefined ? filter : { recordIds: [...recordIds] }),
    })
    setBusy(false)
    if (!result.ok) {
      setActionError(result.error)
      return
    }
    const whole = recordIds === undefined && Object.keys(filter).length === 0
    dispatch({ type: 'deleted', ids: recordIds ?? (whole ? 'all' : []) })
    setNotice(`${plural(result.value.deleted, 'failed record')} deleted.`)
    loadSummary()
    reloadHistory()
    if (recordIds === undefined && !whole) loadPage(0)
  }
  const deleteWords =
    state.selected.length > 0
      ? `the ${plural(state.selected.length, 'selected record')}`
      : cause === null && !isNarrowed(state)
        ? `every failed record of this upload (${formatCount(state.summary?.total ?? state.total)})`
        : `the ${plural(state.total, 'record')} shown`

  const summary = state.summary
  const info = cause === null ? null : CAUSES[cause]
  const open = state.open === null ? null : (state.records.find((r) => r.id === state.open) ?? null)
  const canRetryEverything = state.selected.length === 0
  return (
    <>
      {state.summaryError === null
        ? null
        : presentError(state.summaryError, {
            title: 'Could not read the failed records',
            onRetry: loadSummary,
          })}
      <div className={styles.workbench}>
        {summary === null ? null : (
          <Card className={journey.card}>
            <FailedGroups
              summary={summary}
              cause={cause}
              narrow={state.narrow}
              onCause={(next) => dispatch({ type: 'cause-chosen', cause: next })}
              onKind={(next, code, column) =>
                dispatch({ type: 'kind-chosen', cause: next, code, column })
              }
            />
          </Card>
        )}
        <div className={journey.stack}>
          {info === null ? null : (
            <MessageBar intent="info" layout="multiline" data-testid="failed-advice">
              <MessageBarBody>{info.advice}</MessageBarBody>
            </MessageBar>
          )}
          <Card className={journey.card}>
            <div className={styles.toolbar}>
              <Field label="File">
                <Dropdown
                  value={
                    state.narrow.fileIndex === null
                      ? 'Every file'
                      : (summary?.files.find((f) => f.fileIndex === state.narrow.fileIndex)?.name ??
                        '')
                  }
                  selectedOptions={[String(state.narrow.fileIndex ?? 'all')]}
                  onOptionSelect={(_event, data) =>
                    dispatch({
                      type: 'narrowed',
                      fileIndex:
                        data.optionValue === undefined || data.optionValue === 'all'
                          ? null
                          : Number(data.optionValue),
                    })
                  }
                  data-testid="failed-filter-file"
                >
                  <Option value="all">Every file</Option>
                  {(summary?.files ?? []).map((file) => (
                    <Option
                      key={file.fileIndex}
                      value={String(file.fileIndex)}
                      text={file.name}
                    >{`${file.name} (${formatCount(file.count)})`}</Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label="Error text">
                <SearchBox
                  value={state.narrow.text}
                  onChange={(_event, data) => dispatch({ type: 'narrowed', text: data.value })}
                  placeholder="e.g. not a date"
                  data-testid="failed-filter-text"
                />
              </Field>
            </div>
            <div className={styles.toolbar}>
              <Text>Act on {scopeWords}:</Text>
              <Button
                icon={<ArrowDownloadRegular />}
                disabled={scope.count === 0}
                onClick={() => void exportAs('ndjson')}
                data-testid="failed-export-ndjson"
              >
                Export NDJSON
              </Button>
              <Button
                icon={<ArrowDownloadRegular />}
                disabled={scope.count === 0}
                onClick={() => void exportAs('csv')}
                data-testid="failed-export-csv"
              >
                Export CSV
              </Button>
              {canRetryEverything ? (
                <ConfirmButton
                  trigger={{
                    appearance: 'primary',
                    icon: <ArrowRepeatAllRegular />,
                    disabled: busy || scope.count === 0 || running,
                    'data-testid': 'failed-retry',
                  }}
                  label={busy ? 'Starting…' : isNarrowed(state) ? 'Retry shown' : 'Retry all'}
                  title={`Retry ${scopeWords}?`}
                  confirmLabel="Retry them"
                  keepLabel="Not now"
                  onConfirm={() => void retry()}
                  testId="failed-retry-dialog"
                >
                  LogDrop sends them again as a new upload, with the edits you saved. Records that
                  fail again are kept here.
                </ConfirmButton>
              ) : (
                <Button
                  appearance="primary"
                  icon={<ArrowRepeatAllRegular />}
                  disabled={busy || running}
                  onClick={() => void retry()}
                  data-testid="failed-retry"
                >
                  {busy ? 'Starting…' : 'Retry selected'}
                </Button>
              )}
              <ConfirmButton
                trigger={{
                  icon: <DeleteRegular />,
                  disabled: busy || running || state.total === 0,
                  'data-testid': 'failed-delete',
                }}
                label="Delete"
                title={`Delete ${deleteWords}?`}
                confirmLabel="Delete them"
                keepLabel="Keep them"
                onConfirm={() =>
                  void remove(state.selected.length > 0 ? state.selected : undefined)
                }
                testId="failed-delete-dialog"
              >
                They are removed from LogDrop’s data folder and cannot be retried afterwards. What
                Azure already accepted is not affected.
              </ConfirmButton>
            </div>
            {partlyLoaded ? (
              <Text size={200}>
                Scroll to load every record shown, or select some, to export or retry them.
              </Text>
            ) : null}
            {running ? (
              <Text size={200}>
                This upload is still running; retry and delete wait until it ends.
              </Text>
            ) : null}
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
          <div className={open === null ? undefined : styles.split}>
            <Card className={journey.card}>
              <div className={journey.spread}>
                <Subtitle2 as="h2" className={journey.title}>
                  {cause === null ? 'Every failed record' : causeLabel(cause)} (
                  {formatCount(state.total)})
                </Subtitle2>
                <Checkbox
                  label="Select every record loaded"
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
              </div>
              {state.pageError === null
                ? null
                : presentError(state.pageError, { onRetry: () => loadPage(0) })}
              <FailedList
                records={state.records}
                total={state.total}
                loading={state.loading}
                selected={state.selected}
                open={state.open}
                onToggle={(recordId, on) => dispatch({ type: 'toggled', recordId, on })}
                onOpen={(recordId) => dispatch({ type: 'opened', recordId })}
                onMore={loadMore}
              />
              {state.loading ? <Spinner size="tiny" label="Loading records…" /> : null}
            </Card>
            {open === null ? null : (
              <div className={journey.stack}>
                <RecordDetails
                  jobId={jobId}
                  record={open}
                  edit={state.edit}
                  dispatch={dispatch}
                  onSaved={loadSummary}
                  prefillFor={prefillFor}
                />
                <ConfirmButton
                  trigger={{
                    icon: <DeleteRegular />,
                    disabled: busy || running,
                    'data-testid': 'failed-delete-one',
                  }}
                  label="Delete this record"
                  title={`Delete ${recordWhere(open)}?`}
                  confirmLabel="Delete it"
                  keepLabel="Keep it"
                  onConfirm={() => void remove([open.id])}
                  testId="failed-delete-one-dialog"
                >
                  It is removed from LogDrop’s data folder and cannot be retried afterwards.
                </ConfirmButton>
              </div>
            )}
          </div>
          <Text size={200}>
            After a retry, its progress shows on <Link href="#/upload">Upload</Link>.
          </Text>
        </div>
      </div>
    </>
  )
}
