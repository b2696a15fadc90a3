import { Button, Link, Text, makeStyles, tokens } from '@fluentui/react-components'
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons'
import { useState } from 'react'
import type { DeviceCodePrompt } from '../../../../shared/models/auth'
import { describeCountdown, formatCountdown, secondsLeft } from './countdown'

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  codeRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: '32px',
    lineHeight: '40px',
    fontWeight: tokens.fontWeightSemibold,
    letterSpacing: '0.12em',
    userSelect: 'all',
  },
  timer: { fontVariantNumeric: 'tabular-nums' },
})

type CopyState = 'idle' | 'copied' | 'failed'

/**
 * A device-code sign-in: the code, large and easy to copy, the page to enter it on, and how
 * long the code stays valid.
 */
export function DeviceCodePanel({
  prompt,
  deadline,
  now,
}: {
  readonly prompt: DeviceCodePrompt
  /** When the code stops being useful (its expiry, or LogDrop's sign-in timeout if earlier). */
  readonly deadline: string
  /** The current time, from the parent's ticking clock. */
  readonly now: number
}) {
  const styles = useStyles()
  const [copy, setCopy] = useState<{ code: string; state: CopyState }>({
    code: prompt.userCode,
    state: 'idle',
  })
  const copyState = copy.code === prompt.userCode ? copy.state : 'idle'
  const left = secondsLeft(deadline, now)

  const copyCode = () => {
    const code = prompt.userCode
    navigator.clipboard.writeText(code).then(
      () => setCopy({ code, state: 'copied' }),
      () => setCopy({ code, state: 'failed' }),
    )
  }

  return (
    <div className={styles.panel} data-testid="device-code-panel">
      <Text>
        On this or any other device, open{' '}
        <Link
          href={prompt.verificationUri}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="device-code-url"
        >
          {prompt.verificationUri}
        </Link>{' '}
        and enter this code:
      </Text>
      <div className={styles.codeRow}>
        <span className={styles.code} data-testid="device-code">
          {prompt.userCode}
        </span>
        <Button
          icon={copyState === 'copied' ? <CheckmarkRegular /> : <CopyRegular />}
          onClick={copyCode}
          data-testid="device-code-copy"
        >
          {copyState === 'copied' ? 'Copied' : 'Copy code'}
        </Button>
      </div>
      {copyState === 'failed' ? (
        <Text role="alert">Copying was refused by the browser. Select the code and copy it.</Text>
      ) : null}
      <Text size={200}>
        {left > 0 ? (
          <>
            The code expires in{' '}
            <span
              role="timer"
              className={styles.timer}
              aria-label={describeCountdown(left)}
              data-testid="device-code-time-left"
            >
              {formatCountdown(left)}
            </span>
            .
          </>
        ) : (
          'The code has expired. Cancel, then ask for a new one.'
        )}
      </Text>
    </div>
  )
}
