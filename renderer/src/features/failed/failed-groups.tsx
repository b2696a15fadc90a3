import { Button, makeStyles, tokens } from '@fluentui/react-components'
import type { FailedSummary } from '../../../../shared/models/history'
import type { FailureCause } from '../../../../shared/models/upload-job'
import { formatCount } from '../../lib/units'
import { causeLabel } from './failure-causes'
import { kindLabel } from './failure-kinds'
import type { FailedNarrow } from './failed-state'

const useStyles = makeStyles({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  kinds: {
    listStyle: 'none',
    margin: 0,
    padding: `0 0 0 ${tokens.spacingHorizontalL}`,
    display: 'flex',
    flexDirection: 'column',
  },
  button: { justifyContent: 'flex-start', textAlign: 'start', width: '100%' },
})

/**
 * Failed records by cause, each split by what went wrong and in which column (a time that does
 * not convert, a text over 64 KB…): pressing one narrows the list to it.
 */
export function FailedGroups({
  summary,
  cause,
  narrow,
  onCause,
  onKind,
}: {
  readonly summary: FailedSummary
  readonly cause: FailureCause | null
  readonly narrow: FailedNarrow
  readonly onCause: (cause: FailureCause | null) => void
  readonly onKind: (cause: FailureCause, code: string | null, column: string | null) => void
}) {
  const styles = useStyles()
  const noKind = narrow.code === null && narrow.column === null
  return (
    <nav aria-label="Failed records by cause and column">
      <ul className={styles.list}>
        <li>
          <Button
            className={styles.button}
            appearance={cause === null ? 'primary' : 'subtle'}
            aria-pressed={cause === null}
            onClick={() => onCause(null)}
            data-testid="failed-group-all"
          >
            All ({formatCount(summary.total)})
          </Button>
        </li>
        {summary.groups.map((group) => {
          const kinds = summary.kinds.filter((kind) => kind.cause === group.cause)
          const split = kinds.length > 1 || kinds.some((kind) => kind.column !== null)
          return (
            <li key={group.cause}>
              <Button
                className={styles.button}
                appearance={cause === group.cause && noKind ? 'primary' : 'subtle'}
                aria-pressed={cause === group.cause && noKind}
                onClick={() => onCause(group.cause)}
                data-testid="failed-group"
                data-cause={group.cause}
                data-count={group.count}
              >
                {causeLabel(group.cause)} ({formatCount(group.count)})
              </Button>
              {split ? (
                <ul className={styles.kinds} aria-label={`${causeLabel(group.cause)} by column`}>
                  {kinds.map((kind) => {
                    const chosen =
                      cause === kind.cause &&
                      narrow.code === kind.code &&
                      narrow.column === kind.column
                    return (
                      <li key={`${kind.code ?? ''}|${kind.column ?? ''}`}>
                        <Button
                          className={styles.button}
                          size="small"
                          appearance={chosen ? 'primary' : 'subtle'}
                          aria-pressed={chosen}
                          onClick={() => onKind(kind.cause, kind.code, kind.column)}
                          data-testid="failed-kind"
                          data-code={kind.code ?? ''}
                          data-column={kind.column ?? ''}
                          data-count={kind.count}
                        >
                          {kindLabel(kind)} ({formatCount(kind.count)})
                        </Button>
                      </li>
                    )
                  })}
                </ul>
              ) : null}
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
