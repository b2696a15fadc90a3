import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { presentError } from '../../components/present-error'
import { notReadyTitle } from './check-title'
import type { CheckState } from './target-store'

const useStyles = makeStyles({
  spinner: { justifyContent: 'flex-start' },
  details: {
    marginTop: tokens.spacingVerticalXS,
    '& summary': { cursor: 'pointer', width: 'fit-content' },
  },
  detail: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  },
})

function when(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString()
}

/** The outcome of the connection check: ready in green, or what to do about it. */
export function CheckResult({
  check,
  accountName,
}: {
  readonly check: CheckState
  readonly accountName: string | null
}) {
  const styles = useStyles()
  const { result } = check
  return (
    <div data-testid="connection-check" data-state={check.status} aria-live="polite">
      {check.status === 'checking' ? (
        <Spinner className={styles.spinner} size="tiny" label="Sending an empty test request…" />
      ) : null}
      {check.status === 'failed' && check.error !== null
        ? presentError(check.error, { title: 'Could not run the check', testId: 'check-error' })
        : null}
      {result !== null && result.ready ? (
        <MessageBar intent="success" data-testid="check-ready">
          <MessageBarBody>
            <MessageBarTitle>Ready</MessageBarTitle>
            {accountName ?? 'This account'} may send to {result.target.streamName}. Checked at{' '}
            {when(result.checkedAt)}.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {result !== null && !result.ready ? (
        <MessageBar
          intent="error"
          layout="multiline"
          data-testid="check-not-ready"
          data-error-code={result.problem.code}
          data-status={result.httpStatus ?? ''}
        >
          <MessageBarBody>
            <MessageBarTitle>{notReadyTitle(result)}</MessageBarTitle>
            {result.problem.message}
            <details className={styles.details}>
              <summary>Technical details</summary>
              <pre className={styles.detail}>
                {[
                  `code: ${result.problem.code}`,
                  `HTTP status: ${result.httpStatus ?? 'none'}`,
                  `service code: ${result.serviceCode ?? 'none'}`,
                  `service message: ${result.serviceMessage ?? 'none'}`,
                  `request id: ${result.requestId ?? 'none'}`,
                  `checked at: ${result.checkedAt}`,
                ].join('\n')}
              </pre>
            </details>
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </div>
  )
}
