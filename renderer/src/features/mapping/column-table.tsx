import {
  Badge,
  Button,
  Card,
  Checkbox,
  Dropdown,
  Field,
  Option,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { ArrowUndoRegular, CheckmarkCircleRegular, ErrorCircleRegular } from '@fluentui/react-icons'
import { formatFieldPath } from '../../../../shared/mapping/field-path'
import { formatCount } from '../../lib/units'
import { useJourneyStyles } from '../files/journey-styles'
import { cellText } from '../files/virtual-table'
import { sameRule, type ColumnDraft } from './mapping-draft'
import type { ShapeSession } from './mapping-provider'
import { useMappings } from './mapping-provider'
import { rowLabel } from './mapping-session'
import { matchBadge } from './match-badge'
import type { PreviewCheck } from './preview-check'
import { DateFormatFields, SourcePicker } from './source-picker'

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  table: { minWidth: '880px' },
  column: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} 0`,
  },
  name: { fontWeight: tokens.fontWeightSemibold, wordBreak: 'break-all' },
  source: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} 0`,
  },
  result: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalS} 0`,
  },
  ok: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0, marginTop: '2px' },
  bad: { color: tokens.colorPaletteRedForeground1, flexShrink: 0, marginTop: '2px' },
  samples: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
    wordBreak: 'break-all',
  },
  badgeCell: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalXXS,
  },
})

/** Up to three mapped values of a column from the preview, as text. */
function sampleValues(check: PreviewCheck, column: string): string[] {
  const values: string[] = []
  for (const result of check.results) {
    if (!result.ok) continue
    const value = result.record[column]
    if (value === undefined) continue
    values.push(cellText(value))
    if (values.length === 3) break
  }
  return values
}

/** One row per stream column: where its value comes from, the match, and the preview result. */
export function ColumnTable({
  session,
  check,
  nested,
}: {
  readonly session: ShapeSession
  readonly check: PreviewCheck
  readonly nested: readonly string[]
}) {
  const styles = useStyles()
  const journey = useJourneyStyles()
  const draft = session.state.draft
  if (draft === null) return null
  const review = draft.columns.filter((row) => matchBadge(row).needsReview).length
  return (
    <Card className={journey.card} data-testid="column-table">
      <div className={journey.spread}>
        <Subtitle2 as="h2" className={journey.title}>
          Columns of {session.stream}
        </Subtitle2>
        {review === 0 ? null : (
          <Badge color="warning" appearance="tint" data-testid="needs-review">
            {review} {review === 1 ? 'match needs' : 'matches need'} a look
          </Badge>
        )}
      </div>
      <Text className={journey.secondary}>
        Each column was matched to a field of your file when the page opened: by exact name, by name
        in another case or spelling, by a common synonym, or by a similar name. The badge says how
        sure the match is; change any source below.
      </Text>
      <div className={styles.scroll}>
        <Table aria-label={`Mapping of ${session.stream}`} className={styles.table} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Stream column</TableHeaderCell>
              <TableHeaderCell>Source</TableHeaderCell>
              <TableHeaderCell>Match</TableHeaderCell>
              <TableHeaderCell>On the preview</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {draft.columns.map((row) => (
              <ColumnRow
                key={row.column}
                row={row}
                session={session}
                check={check}
                nested={nested}
                isTime={draft.timePolicy.column === row.column}
              />
            ))}
          </TableBody>
        </Table>
      </div>
      <UnmappedFields session={session} dropped={check.droppedSources} />
    </Card>
  )
}

const DROP = 'drop'

/** Where the fields no column reads go: dropped (and counted), or kept in a dynamic column. */
function UnmappedFields({
  session,
  dropped,
}: {
  readonly session: ShapeSession
  readonly dropped: readonly string[]
}) {
  const { dispatch } = useMappings()
  const draft = session.state.draft
  if (draft === null) return null
  const dynamic = draft.columns.filter((row) => row.type === 'dynamic').map((row) => row.column)
  const value = draft.unmappedTo ?? DROP
  return (
    <Field
      label="Fields no column reads"
      hint={
        draft.unmappedTo === null
          ? dynamic.length === 0
            ? 'The stream has no dynamic column to keep them in, so they are dropped and counted.'
            : `Dropped and counted${dropped.length === 0 ? '' : ` (${dropped.join(', ')})`}; or keep them all in a dynamic column as one object.`
          : `Kept in ${draft.unmappedTo} as one object per record.`
      }
    >
      <Dropdown
        size="small"
        value={value === DROP ? 'Drop them (counted)' : `Keep them in ${value}`}
        selectedOptions={[value]}
        disabled={dynamic.length === 0 && draft.unmappedTo === null}
        onOptionSelect={(_event, data) =>
          dispatch(session.shape.key, {
            type: 'unmapped-changed',
            column:
              data.optionValue === undefined || data.optionValue === DROP ? null : data.optionValue,
          })
        }
        data-testid="unmapped-fields"
      >
        <Option value={DROP} text="Drop them (counted)">
          Drop them (counted)
        </Option>
        {dynamic.map((column) => (
          <Option key={column} value={column} text={`Keep them in ${column}`}>
            Keep them in {column}
          </Option>
        ))}
      </Dropdown>
    </Field>
  )
}

function ColumnRow({
  row,
  session,
  check,
  nested,
  isTime,
}: {
  readonly row: ColumnDraft
  readonly session: ShapeSession
  readonly check: PreviewCheck
  readonly nested: readonly string[]
  readonly isTime: boolean
}) {
  const styles = useStyles()
  const { dispatch } = useMappings()
  const draft = session.state.draft
  const badge = matchBadge(row)
  const failures = check.failures.find((failure) => failure.column === row.column)
  const issue = check.issues.find(
    (candidate) => ('column' in candidate ? candidate.column : candidate.path) === row.column,
  )
  const samples = sampleValues(check, row.column)
  const automatic = session.state.automatic?.columns.find((other) => other.column === row.column)
  const headers = session.shape.headers.map((header) => formatFieldPath([header]))
  const shape = session.shape.key
  return (
    <TableRow
      data-testid="mapping-row"
      data-column={row.column}
      data-source={
        row.source.kind === 'field'
          ? row.source.path
          : row.source.kind === 'template'
            ? row.source.template
            : row.source.kind
      }
      data-origin={row.origin}
      data-failures={failures?.count ?? 0}
    >
      <TableCell>
        <div className={styles.column}>
          <span className={styles.name}>{row.column}</span>
          <Text size={200}>
            {row.type}
            {isTime ? ' · record time' : ''}
          </Text>
        </div>
      </TableCell>
      <TableCell>
        <div className={styles.source}>
          <SourcePicker
            column={row.column}
            type={row.type}
            source={row.source}
            headers={headers}
            nested={nested}
            onChange={(source) =>
              dispatch(shape, { type: 'source-changed', column: row.column, source })
            }
          />
          {row.type === 'datetime' && row.source.kind !== 'now' && row.source.kind !== 'none' ? (
            <DateFormatFields
              column={row.column}
              format={row.format}
              onChange={(format) =>
                dispatch(shape, { type: 'format-changed', column: row.column, format })
              }
            />
          ) : null}
          {row.source.kind === 'none' || row.source.kind === 'now' ? null : (
            <Checkbox
              label="Required"
              checked={row.required}
              onChange={(_event, data) =>
                dispatch(shape, {
                  type: 'required-changed',
                  column: row.column,
                  required: data.checked === true,
                })
              }
            />
          )}
        </div>
      </TableCell>
      <TableCell>
        <div className={styles.badgeCell}>
          <Tooltip content={badge.description} relationship="description">
            <Badge
              appearance="tint"
              color={badge.color === 'subtle' ? 'informative' : badge.color}
              data-testid="match-badge"
              data-needs-review={badge.needsReview ? 'true' : 'false'}
            >
              {badge.label}
            </Badge>
          </Tooltip>
          {automatic === undefined || sameRule(row, automatic) ? null : (
            <Button
              size="small"
              appearance="subtle"
              icon={<ArrowUndoRegular />}
              onClick={() => dispatch(shape, { type: 'reset-column', column: row.column })}
              aria-label={`Use the automatic match for ${row.column}`}
            >
              Automatic
            </Button>
          )}
        </div>
      </TableCell>
      <TableCell>
        {issue !== undefined ? (
          <div className={styles.result} data-testid="column-issue">
            <ErrorCircleRegular className={styles.bad} aria-hidden="true" />
            <Text size={200}>{issue.message}</Text>
          </div>
        ) : row.source.kind === 'none' ? (
          <Text size={200}>
            {draft?.unmappedTo === row.column
              ? 'Keeps the fields no column reads.'
              : 'Stays empty.'}
          </Text>
        ) : failures === undefined ? (
          <div className={styles.result} data-testid="column-ok">
            <CheckmarkCircleRegular className={styles.ok} aria-hidden="true" />
            <div>
              <Text size={200}>All {formatCount(check.records)} preview records convert.</Text>
              {samples.length === 0 ? null : (
                <div className={styles.samples}>e.g. {samples.join(' · ')}</div>
              )}
            </div>
          </div>
        ) : (
          <div className={styles.result} data-testid="column-failures">
            <ErrorCircleRegular className={styles.bad} aria-hidden="true" />
            <div>
              <Text size={200}>
                {formatCount(failures.count)} of {formatCount(check.records)} records fail.
              </Text>
              <div className={styles.samples}>
                {rowLabel(session.parts, failures.examples[0]?.row ?? 0)}:{' '}
                {failures.examples[0]?.reason}
              </div>
            </div>
          </div>
        )}
      </TableCell>
    </TableRow>
  )
}
