import {
  Button,
  Card,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { DismissRegular, PauseRegular, PlayRegular } from '@fluentui/react-icons'
import { memo, useEffect, useRef, useState } from 'react'
import type { UploadFileProgress, UploadProgress } from '../../../../shared/models/history'
import { ConfirmButton } from '../../components/confirm-button'
import { presentError } from '../../components/present-error'
import { formatBytes, formatCount, formatPercent, plural } from '../../lib/units'
import { useJourneyStyles } from '../files/journey-styles'
import { INITIAL_ANNOUNCER, nextAnnouncement } from './announcer'
import { fileFraction, isFinal, progressFigures } from './progress-math'
import { ResumeControl } from './resume-control'
import { useUploads } from './upload-provider'
import type { UploadRun } from './upload-state'

const useStyles = makeStyles({
  files: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  file: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  fileHead: {
    display: 'flex',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
  },
  name: { fontWeight: tokens.fontWeightSemibold, wordBreak: 'break-all' },
  bar: { height: '8px' },
})

const STATE_TITLES: Readonly<Record<UploadProgress['state'], string>> = {
  running: 'Uploading',
  paused: 'Paused',
  completed: 'Finished',
  'completed-with-failures': 'Finished with failed records',
  stopped: 'Stopped',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
}

/** Progress of the upload the screen shows: total, per file, controls, and the summary. */
export function ProgressPanel({ jobId, run }: { readonly jobId: string; readonly run: UploadRun }) {
  const journey = useJourneyStyles()
  const { state, control } = useUploads()
  const progress = run.progress
  if (progress === null) {
    return (
      <Card className={journey.card} data-testid="upload-progress" data-state="starting">
        <Text>Starting the upload…</Text>
      </Card>
    )
  }
  const figures = progressFigures(progress, run.wire)
  const pending = state.control?.jobId === jobId ? state.control.kind : null
  const finished = isFinal(progress.state)
  return (
    <Card
      className={journey.card}
      data-testid="upload-progress"
      data-state={progress.state}
      data-job-id={jobId}
    >
      <div className={journey.spread}>
        <Subtitle2 as="h2" className={journey.title}>
          {STATE_TITLES[progress.state]}: {progress.label}
        </Subtitle2>
        {finished ? null : (
          <div className={journey.row}>
            {progress.state === 'paused' ? (
              <Button
                icon={<PlayRegular />}
                disabled={pending !== null}
                onClick={() => control(jobId, 'resume')}
                data-testid="upload-resume"
              >
                Resume
              </Button>
            ) : (
              <Button
                icon={<PauseRegular />}
                disabled={pending !== null}
                onClick={() => control(jobId, 'pause')}
                data-testid="upload-pause"
              >
                Pause
              </Button>
            )}
            <ConfirmButton
              trigger={{
                icon: <DismissRegular />,
                disabled: pending !== null,
                'data-testid': 'upload-cancel',
              }}
              label="Cancel"
              title="Cancel this upload?"
              confirmLabel="Cancel the upload"
              keepLabel="Keep uploading"
              onConfirm={() => control(jobId, 'cancel')}
              testId="upload-cancel-dialog"
            >
              Requests already sent finish; nothing new is sent. What Azure acknowledged stays in
              the table, and you can resume the rest from History later.
            </ConfirmButton>
          </div>
        )}
        {finished ? <ResumeControl jobId={jobId} /> : null}
      </div>
      <ProgressBar
        value={figures.fraction}
        thickness="large"
        color={progress.recordsFailed > 0 ? 'warning' : finished ? 'success' : 'brand'}
        aria-label="Upload progress"
        aria-valuetext={`${figures.percent}, ${figures.accepted} records accepted`}
        data-testid="upload-bar"
      />
      <dl className={journey.facts} data-testid="upload-figures">
        <Figure term="Done" value={figures.percent} testId="figure-percent" />
        <Figure term="Records read" value={figures.records} testId="figure-records" />
        <Figure term="Accepted" value={figures.accepted} testId="figure-accepted" />
        <Figure term="Failed" value={figures.failed} testId="figure-failed" />
        <Figure term="Read (raw)" value={figures.raw} />
        <Figure
          term={figures.wireTerm}
          value={
            figures.compression === null ? figures.wire : `${figures.wire} · ${figures.compression}`
          }
          testId="figure-wire"
        />
        <Figure
          term={figures.rateTerm}
          value={`${figures.rawRate} · ${figures.recordRate}`}
          testId="figure-rate"
        />
        <Figure term="On the wire" value={figures.wireRate} />
        <Figure term="Elapsed" value={figures.elapsed} />
        <Figure term="Time left" value={figures.eta} testId="figure-eta" />
      </dl>
      <Announcer progress={progress} />
      {state.controlError === null
        ? null
        : presentError(state.controlError, { title: 'Could not change the upload' })}
      <FileProgressList files={progress.files} />
      {run.summary === null ? null : <SummaryBar run={run} />}
    </Card>
  )
}

function Figure({
  term,
  value,
  testId,
}: {
  readonly term: string
  readonly value: string
  readonly testId?: string
}) {
  const journey = useJourneyStyles()
  return (
    <div className={journey.fact}>
      <dt className={journey.factTerm}>{term}</dt>
      <dd className={journey.factValue} data-testid={testId}>
        {value}
      </dd>
    </div>
  )
}

/** Per-file bars; memoised on the files array, which only changes when a file moves. */
const FileProgressList = memo(function FileProgressList({
  files,
}: {
  readonly files: readonly UploadFileProgress[]
}) {
  const styles = useStyles()
  return (
    <ul className={styles.files} aria-label="Files">
      {files.map((file) => {
        const fraction = fileFraction(file)
        return (
          <li
            key={file.index}
            className={styles.file}
            data-testid="upload-file"
            data-file-name={file.name}
            data-done={file.done}
          >
            <div className={styles.fileHead}>
              <span className={styles.name}>{file.name}</span>
              <Text size={200}>
                {formatBytes(file.bytesRead)} of {formatBytes(file.sizeBytes)} ·{' '}
                {formatCount(file.recordsAccepted)} accepted
                {file.recordsFailed > 0 ? ` · ${formatCount(file.recordsFailed)} failed` : ''}
                {file.recordsSkipped > 0
                  ? ` · ${formatCount(file.recordsSkipped)} already sent`
                  : ''}
              </Text>
            </div>
            <ProgressBar
              className={styles.bar}
              value={fraction}
              color={file.recordsFailed > 0 ? 'warning' : file.done ? 'success' : 'brand'}
              aria-label={`Progress of ${file.name}`}
              aria-valuetext={formatPercent(fraction, file.done)}
            />
          </li>
        )
      })}
    </ul>
  )
})

/** The polite live region: state changes at once, otherwise every 15 seconds. */
function Announcer({ progress }: { readonly progress: UploadProgress }) {
  const journey = useJourneyStyles()
  const announcer = useRef(INITIAL_ANNOUNCER)
  const [text, setText] = useState('')
  useEffect(() => {
    const next = nextAnnouncement(announcer.current, progress, Date.now())
    announcer.current = next.state
    if (next.text !== null) setText(next.text)
  }, [progress])
  return (
    <div role="status" aria-live="polite" className={journey.srOnly} data-testid="upload-announcer">
      {text}
    </div>
  )
}

function SummaryBar({ run }: { readonly run: UploadRun }) {
  const summary = run.summary
  if (summary === null) return null
  const { records } = summary
  const failed = records.failed > 0
  return (
    <>
      <MessageBar
        intent={summary.state === 'completed' ? 'success' : failed ? 'warning' : 'info'}
        layout="multiline"
        data-testid="upload-summary"
        data-state={summary.state}
      >
        <MessageBarBody>
          <MessageBarTitle>
            {plural(records.accepted, 'record')} accepted
            {failed ? `, ${formatCount(records.failed)} failed` : ''}
          </MessageBarTitle>
          {records.notSent > 0
            ? `${plural(records.notSent, 'record')} not sent yet (resume from History). `
            : ''}
          {summary.timeWindowFlags > 0
            ? `${plural(summary.timeWindowFlags, 'record')} had a time Azure will replace. `
            : ''}
          {summary.duplicatesPossible.records > 0
            ? `${plural(summary.duplicatesPossible.records, 'record')} may be in the table twice (they were in flight when LogDrop stopped). `
            : ''}
          {failed ? (
            <Link href="#/failed-records" data-testid="summary-failed-link">
              Review the failed records
            </Link>
          ) : null}
          {failed ? ' · ' : ''}
          <Link href="#/history" data-testid="summary-history-link">
            Verify in History
          </Link>
        </MessageBarBody>
      </MessageBar>
      {summary.error === undefined
        ? null
        : presentError(summary.error, { title: 'Why the upload stopped' })}
    </>
  )
}
