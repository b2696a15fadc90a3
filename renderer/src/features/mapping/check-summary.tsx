import {
  Card,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { checkColumnName } from '../../../../shared/mapping/column-names'
import type { ColumnFailure } from '../../../../shared/mapping/compile-mapping'
import { formatCount, plural } from '../../lib/units'
import { useJourneyStyles } from '../files/journey-styles'
import type { ShapeSession } from './mapping-provider'
import { rowLabel } from './mapping-session'
import type { PreviewCheck } from './preview-check'

const CODE_WORDS: Readonly<Record<ColumnFailure['code'], string>> = {
  'mapping/coercion-failed': 'value does not convert',
  'mapping/required-missing': 'no value',
  'mapping/no-mapped-value': 'nothing of the file mapped',
  'mapping/time-outside-window': 'time outside the window',
  'mapping/field-too-large': 'over 64 KB',
}

const useStyles = makeStyles({
  figures: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXXL,
  },
  figure: { display: 'flex', flexDirection: 'column' },
  big: {
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
  },
  good: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
})

/** Stream columns (and file headers, for a target typed by hand) that break naming rules. */
export function nameProblems(session: ShapeSession): Array<{ name: string; reasons: string[] }> {
  return session.target.columns
    .map((column) => ({ name: column.name, reasons: checkColumnName(column.name) }))
    .filter((problem) => problem.reasons.length > 0)
}

/**
 * The validation summary: how many preview records pass, which columns fail and why, what the
 * DCR would silently drop, which columns stay empty, and naming problems.
 */
export function CheckSummary({
  session,
  check,
}: {
  readonly session: ShapeSession
  readonly check: PreviewCheck
}) {
  const styles = useStyles()
  const journey = useJourneyStyles()
  const names = nameProblems(session)
  return (
    <Card
      className={journey.card}
      data-testid="check-summary"
      data-failed={check.failed}
      data-passed={check.passed}
    >
      <Subtitle2 as="h2" className={journey.title}>
        Check on the preview
      </Subtitle2>
      {check.issues.length > 0 ? (
        <MessageBar intent="error" layout="multiline" data-testid="mapping-issues">
          <MessageBarBody>
            <MessageBarTitle>The mapping cannot be used yet</MessageBarTitle>
            <ul className={journey.list}>
              {check.issues.map((issue, index) => (
                <li key={index}>{issue.message}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : (
        <div className={styles.figures} role="group" aria-label="Preview records">
          <div className={styles.figure}>
            <span className={`${styles.big} ${styles.good}`} data-testid="check-passed">
              {formatCount(check.passed)}
            </span>
            <Text>of {plural(check.records, 'preview record')} would be sent</Text>
          </div>
          <div className={styles.figure}>
            <span
              className={`${styles.big} ${check.failed > 0 ? styles.bad : ''}`}
              data-testid="check-failed"
            >
              {formatCount(check.failed)}
            </span>
            <Text>would fail and be kept for review</Text>
          </div>
          {check.timeFlagged === 0 ? null : (
            <div className={styles.figure}>
              <span className={styles.big}>{formatCount(check.timeFlagged)}</span>
              <Text>sent with a time Azure will replace</Text>
            </div>
          )}
        </div>
      )}
      {check.failures.length === 0 ? null : (
        <div data-testid="check-failures">
          <Text weight="semibold">Why records fail</Text>
          <ul className={journey.list}>
            {check.failures.map((failure) => (
              <li key={failure.column} data-column={failure.column}>
                <strong>{failure.column}</strong>: {plural(failure.count, 'record')} (
                {Object.entries(failure.byCode)
                  .map(([code, count]) => `${CODE_WORDS[code as ColumnFailure['code']]}: ${count}`)
                  .join(', ')}
                ). For example {rowLabel(session.parts, failure.examples[0]?.row ?? 0)}:{' '}
                {failure.examples[0]?.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {check.droppedSources.length === 0 ? null : (
        <MessageBar intent="warning" layout="multiline" data-testid="dropped-sources">
          <MessageBarBody>
            <MessageBarTitle>Not sent: {check.droppedSources.join(', ')}</MessageBarTitle>
            No column of the stream reads{' '}
            {check.droppedSources.length === 1 ? 'this field' : 'these fields'}. Azure would drop{' '}
            {check.droppedSources.length === 1 ? 'it' : 'them'} silently (the request still
            succeeds), so LogDrop leaves {check.droppedSources.length === 1 ? 'it' : 'them'} out on
            purpose. Map {check.droppedSources.length === 1 ? 'it' : 'them'} to a column if you need
            the data, or add a column to the DCR’s stream and table.
          </MessageBarBody>
        </MessageBar>
      )}
      {check.unfilled.length === 0 ? null : (
        <Text data-testid="unfilled-columns">
          Empty in every record: {check.unfilled.join(', ')}.
        </Text>
      )}
      {session.target.unsupported.length === 0 ? null : (
        <Text>
          Columns of a type LogDrop does not know are left out:{' '}
          {session.target.unsupported.join(', ')}.
        </Text>
      )}
      {names.length === 0 ? (
        <Text size={200} className={journey.secondary} data-testid="names-ok">
          Column names follow the Log Analytics rules (a letter first; letters, digits and _ only;
          at most 45 characters; not reserved).
        </Text>
      ) : (
        <MessageBar intent="warning" layout="multiline" data-testid="name-problems">
          <MessageBarBody>
            <MessageBarTitle>Column names Log Analytics refuses</MessageBarTitle>
            <ul className={journey.list}>
              {names.map((problem) => (
                <li key={problem.name}>
                  <strong>{problem.name}</strong>: {problem.reasons.join(' ')}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
    </Card>
  )
}
