import {
  Button,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import type { ReactElement } from 'react'
import type { AppErrorCode, AppErrorData } from '../../../shared/errors/app-error'

export interface PresentErrorOptions {
  /** A short title naming what failed ("Could not save settings"). */
  readonly title?: string
  /** Offers a retry button when the error is worth retrying. */
  readonly onRetry?: () => void
  readonly retryLabel?: string
  readonly testId?: string
}

/** Errors a sign-in fixes: they offer one instead of a dead end. */
const SIGN_IN_FIXES: ReadonlySet<AppErrorCode> = new Set<AppErrorCode>([
  'auth/not-signed-in',
  'auth/sign-in-required',
  'auth/unknown-account',
  'auth/account-gone',
  'auth/token-cache-unreadable',
])

/** True when signing in is the way out of this error. */
export function needsSignIn(error: AppErrorData): boolean {
  return SIGN_IN_FIXES.has(error.code)
}

/**
 * The one way the renderer shows an error: the user-facing message in a MessageBar, with the
 * code and technical detail folded away for support.
 */
export function presentError(error: AppErrorData, options: PresentErrorOptions = {}): ReactElement {
  return <ErrorMessage error={error} {...options} />
}

const useStyles = makeStyles({
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

function ErrorMessage({
  error,
  title,
  onRetry,
  retryLabel = 'Try again',
  testId = 'error-message',
}: { readonly error: AppErrorData } & PresentErrorOptions) {
  const styles = useStyles()
  return (
    <MessageBar intent="error" layout="multiline" data-testid={testId} data-error-code={error.code}>
      <MessageBarBody>
        {title === undefined ? null : <MessageBarTitle>{title}</MessageBarTitle>}
        {error.message}
        <details className={styles.details}>
          <summary>Technical details</summary>
          <pre className={styles.detail}>
            {error.detail === undefined ? error.code : `${error.code}: ${error.detail}`}
          </pre>
        </details>
      </MessageBarBody>
      {onRetry === undefined && !needsSignIn(error) ? null : (
        <MessageBarActions>
          {needsSignIn(error) ? (
            <Link href="#/sign-in" data-testid="error-sign-in">
              Sign in
            </Link>
          ) : null}
          {onRetry === undefined ? null : <Button onClick={onRetry}>{retryLabel}</Button>}
        </MessageBarActions>
      )}
    </MessageBar>
  )
}
