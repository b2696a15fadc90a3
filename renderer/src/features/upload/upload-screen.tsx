import {
  Button,
  Card,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import {
  ArrowUploadRegular,
  CheckmarkCircleFilled,
  CircleRegular,
  PlugConnectedRegular,
} from '@fluentui/react-icons'
import { useMemo, useState } from 'react'
import type { InvokeRequest } from '../../../../shared/ipc/contract'
import { ScreenFrame, type HeadingFocus } from '../../app/screen-frame'
import { presentError } from '../../components/present-error'
import { useFiles } from '../files/files-provider'
import { useJourneyStyles } from '../files/journey-styles'
import { useMappings } from '../mapping/mapping-provider'
import { useAuth } from '../sign-in/auth-provider'
import { activeAccount } from '../sign-in/auth-state'
import { useChosenTarget } from '../target/target-store-provider'
import { useSession } from '../session/session-provider'
import { LastUploadCard } from './last-upload-card'
import { needsConfirmation, type PreflightSummary } from './preflight'
import { PreflightConfirm, PreflightFacts } from './preflight-view'
import { ProgressPanel } from './progress-panel'
import { usePreflight } from './use-preflight'
import {
  canUpload,
  planSteps,
  startRequest,
  type PlanShape,
  type UploadPlanInput,
} from './upload-plan'
import { useUploads } from './upload-provider'
import { currentRun } from './upload-state'

const useStyles = makeStyles({
  steps: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  step: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  done: { color: tokens.colorPaletteGreenForeground1, fontSize: '20px', flexShrink: 0 },
  todo: { color: tokens.colorNeutralForeground3, fontSize: '20px', flexShrink: 0 },
  stepText: { display: 'flex', flexDirection: 'column' },
})

/**
 * The Upload screen: a checklist (signed in, target, connection check, files, mapping), one
 * button once every step is done, then live progress with pause, resume and cancel.
 */
export function UploadScreen(focus: HeadingFocus) {
  const journey = useJourneyStyles()
  const { state: uploads } = useUploads()
  const run = currentRun(uploads)
  const state = run?.progress?.state
  const busy = state === 'running' || state === 'paused'
  const panel =
    run === null || uploads.current === null ? null : (
      <ProgressPanel jobId={uploads.current} run={run} />
    )
  const lastJobId = useSession().state.saved?.uploadJobId ?? null
  const last = uploads.current === null && lastJobId !== null ? lastJobId : null
  return (
    <ScreenFrame screen="upload" {...focus}>
      {/* The latest upload first while it runs or right after it ended; the checklist again below. */}
      {panel}
      {last === null ? null : <LastUploadCard jobId={last} />}
      {busy ? null : <ReadyCard />}
      {uploads.current === null && last === null && !uploads.starting ? (
        <Text className={journey.secondary}>Nothing is uploading right now.</Text>
      ) : null}
    </ScreenFrame>
  )
}

function ReadyCard() {
  const styles = useStyles()
  const journey = useJourneyStyles()
  const { state: auth } = useAuth()
  const account = activeAccount(auth.auth)
  const { chosen, check, checkConnection } = useChosenTarget()
  const { state: files } = useFiles()
  const { sessions, discarded, acceptDiscarded } = useMappings()
  const uploads = useUploads()

  const input = useMemo<UploadPlanInput>(() => {
    const shapes: PlanShape[] = sessions.map((session) => ({
      key: session.shape.key,
      label: session.shape.label,
      files: session.shape.files,
      state: session.state,
      columns: session.target.columns,
      declared: session.target.origin === 'stream',
      discarded: discarded.some((shape) => shape.key === session.shape.key),
    }))
    return {
      signedIn: account !== null,
      chosen,
      checkStatus: check.status,
      entries: files.entries,
      copying: files.uploading.filter((file) => file.error === null).length,
      shapes,
    }
  }, [account, chosen, check.status, files.entries, files.uploading, sessions, discarded])
  const steps = planSteps(input)
  const ready = canUpload(steps)

  const preflight = usePreflight()
  const [pending, setPending] = useState<{
    readonly request: InvokeRequest<'jobs:start'>
    readonly summary: PreflightSummary
  } | null>(null)
  // The whole-file check first: an upload that would mostly fail is confirmed, never silent.
  const upload = async () => {
    const request = startRequest(input, account?.id ?? null)
    if (request === null) return
    const summary = await preflight.run(request)
    if (summary === null) return
    if (needsConfirmation(summary)) setPending({ request, summary })
    else void uploads.start(request)
  }
  const checking = preflight.state.status === 'checking'

  return (
    <Card className={journey.card} data-testid="upload-ready" data-ready={ready ? 'true' : 'false'}>
      <Subtitle2 as="h2" className={journey.title}>
        Before uploading
      </Subtitle2>
      <ol className={styles.steps} aria-label="Before uploading">
        {steps.map((step) => (
          <li
            key={step.id}
            className={styles.step}
            data-testid={`step-${step.id}`}
            data-status={step.status}
          >
            {step.status === 'done' ? (
              <CheckmarkCircleFilled className={styles.done} aria-hidden="true" />
            ) : step.status === 'working' ? (
              <Spinner size="extra-tiny" aria-hidden="true" />
            ) : (
              <CircleRegular className={styles.todo} aria-hidden="true" />
            )}
            <span className={styles.stepText}>
              <Text weight="semibold">
                {step.label}
                <span className={journey.srOnly}>
                  {step.status === 'done'
                    ? ' (done)'
                    : step.status === 'working'
                      ? ' (in progress)'
                      : ' (to do)'}
                </span>
              </Text>
              <Text size={200}>
                {step.detail}{' '}
                {step.status !== 'done' && step.href !== undefined ? (
                  <Link href={step.href}>Go there</Link>
                ) : null}
              </Text>
            </span>
          </li>
        ))}
      </ol>
      {discarded.map((shape) => (
        <MessageBar
          key={shape.key}
          intent="warning"
          layout="multiline"
          data-testid="upload-mapping-discarded"
        >
          <MessageBarBody>
            <MessageBarTitle>Your mapping edits for {shape.label} no longer fit</MessageBarTitle>
            They were made for other stream columns or headers, so LogDrop matched the columns
            again. <Link href="#/map">Review the mapping</Link> before uploading.
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => acceptDiscarded(shape.key)}>Use the new match</Button>
          </MessageBarActions>
        </MessageBar>
      ))}
      {check.status === 'not-ready' && check.result !== null && !check.result.ready ? (
        <MessageBar intent="error" layout="multiline" data-testid="upload-check-failed">
          <MessageBarBody>
            <MessageBarTitle>The connection check did not pass</MessageBarTitle>
            {check.result.problem.message}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {check.status === 'failed' && check.error !== null
        ? presentError(check.error, { title: 'The connection check failed' })
        : null}
      {preflight.state.status === 'ready' ? (
        <PreflightFacts summary={preflight.state.summary} />
      ) : null}
      {preflight.state.status === 'failed'
        ? presentError(preflight.state.error, {
            title: 'The whole-file check did not run',
            onRetry: preflight.reset,
            retryLabel: 'Dismiss',
          })
        : null}
      <PreflightConfirm
        summary={pending?.summary ?? null}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (pending !== null) void uploads.start(pending.request)
          setPending(null)
        }}
      />
      {uploads.state.startError === null
        ? null
        : presentError(uploads.state.startError, {
            title: 'The upload did not start',
            onRetry: uploads.dismissError,
            retryLabel: 'Dismiss',
            testId: 'upload-start-error',
          })}
      <div className={journey.row}>
        <Button
          icon={<PlugConnectedRegular />}
          disabled={chosen === null || account === null || check.status === 'checking'}
          onClick={checkConnection}
          data-testid="upload-check"
        >
          {check.status === 'ready' ? 'Check again' : 'Check connection'}
        </Button>
        <Button
          appearance="primary"
          icon={<ArrowUploadRegular />}
          disabled={!ready || uploads.state.starting || checking}
          onClick={() => void upload()}
          data-testid="upload-start"
        >
          {checking
            ? `Checking the files (${preflight.state.checked + 1} of ${preflight.state.total})…`
            : uploads.state.starting
              ? 'Starting…'
              : 'Upload'}
        </Button>
      </div>
    </Card>
  )
}
