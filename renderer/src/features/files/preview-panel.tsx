import {
  Badge,
  Card,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { WarningRegular } from '@fluentui/react-icons'
import { useMemo } from 'react'
import type { FileEntry, FilePreview, PreviewColumn } from '../../../../shared/models/files'
import { presentError } from '../../components/present-error'
import { formatCount } from '../../lib/units'
import { FORMAT_LABELS, delimiterLabel, encodingSummary } from './file-labels'
import { useFiles, usePreview } from './files-provider'
import { useJourneyStyles } from './journey-styles'
import { VirtualTable, cellText, type VirtualColumn } from './virtual-table'

const useStyles = makeStyles({
  headerName: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    maxWidth: '100%',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXXS,
  },
  warnIcon: { color: tokens.colorPaletteDarkOrangeForeground1, flexShrink: 0 },
  problems: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    maxHeight: '160px',
    overflowY: 'auto',
  },
})

/** Confidence shown on a type badge: `int · 98%`. */
export function typeBadgeText(column: PreviewColumn): string {
  return `${column.guess.type} · ${Math.round(column.guess.confidence * 100)}%`
}

/** Columns of the preview table: the name, the inferred type, and a naming warning if any. */
export function previewColumns(
  preview: FilePreview,
  headerClass: string,
  warnClass: string,
): VirtualColumn[] {
  return preview.columns.map((column) => {
    const issues = column.nameIssues.length > 0
    const label = `${column.name}, inferred type ${column.guess.type}, ${Math.round(column.guess.confidence * 100)}% sure${issues ? `; name problem: ${column.nameIssues.join(' ')}` : ''}`
    return {
      key: column.name,
      label,
      header: (
        <>
          <span className={headerClass}>
            {issues ? <WarningRegular className={warnClass} aria-hidden="true" /> : null}
            {column.name}
          </span>
          <Badge
            size="small"
            appearance="tint"
            color={column.guess.confidence >= 0.8 ? 'brand' : 'warning'}
          >
            {typeBadgeText(column)}
          </Badge>
        </>
      ),
    }
  })
}

/** The first 1,000 records of the chosen file, with inferred types and reading problems. */
export function PreviewPanel() {
  const { state } = useFiles()
  const entry = state.entries.find((candidate) => candidate.id === state.selected) ?? null
  if (entry === null) return null
  return <FilePreviewCard entry={entry} />
}

function FilePreviewCard({ entry }: { readonly entry: FileEntry }) {
  const journey = useJourneyStyles()
  const { ensurePreview } = useFiles()
  const slot = usePreview(entry)
  return (
    <Card className={journey.card} data-testid="preview-card" data-file-name={entry.name}>
      <Subtitle2 as="h2" className={journey.title}>
        Preview of {entry.name}
      </Subtitle2>
      {slot === null || slot.status === 'loading' ? (
        <Spinner size="tiny" label="Reading the first records…" />
      ) : slot.status === 'failed' && slot.error !== null ? (
        presentError(slot.error, {
          title: 'Could not read the preview',
          onRetry: () => ensurePreview(entry, true),
          testId: 'preview-error',
        })
      ) : slot.value === null ? null : (
        <PreviewBody preview={slot.value} />
      )}
    </Card>
  )
}

function PreviewBody({ preview }: { readonly preview: FilePreview }) {
  const styles = useStyles()
  const journey = useJourneyStyles()
  const columns = useMemo(
    () => previewColumns(preview, styles.headerName, styles.warnIcon),
    [preview, styles.headerName, styles.warnIcon],
  )
  const { detected } = preview
  const errors = preview.problems.filter((p) => p.severity === 'error')
  const warnings = preview.problems.filter((p) => p.severity === 'warning')
  const named = preview.columns.filter((column) => column.nameIssues.length > 0)
  return (
    <>
      <dl className={journey.facts}>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Format</dt>
          <dd className={journey.factValue} data-testid="preview-format">
            {detected === null ? 'Unknown' : FORMAT_LABELS[detected.format]}
          </dd>
        </div>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Encoding</dt>
          <dd className={journey.factValue}>
            {detected === null ? '–' : encodingSummary(detected)}
          </dd>
        </div>
        {detected?.delimiter === undefined ? null : (
          <div className={journey.fact}>
            <dt className={journey.factTerm}>Delimiter</dt>
            <dd className={journey.factValue}>{delimiterLabel(detected.delimiter)}</dd>
          </div>
        )}
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Records shown</dt>
          <dd className={journey.factValue} data-testid="preview-count">
            {formatCount(preview.records.length)}
            {preview.truncated ? ' (first part of the file)' : ''}
          </dd>
        </div>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Columns</dt>
          <dd className={journey.factValue}>{formatCount(preview.columns.length)}</dd>
        </div>
      </dl>
      {detected === null ? null : (
        <Text size={200} className={journey.secondary}>
          Why this format: {detected.formatReason}.
        </Text>
      )}
      {errors.length + warnings.length === 0 ? null : (
        <MessageBar
          intent={errors.length > 0 ? 'warning' : 'info'}
          layout="multiline"
          data-testid="preview-problems"
        >
          <MessageBarBody>
            {errors.length > 0
              ? `${formatCount(errors.length)} ${errors.length === 1 ? 'entry' : 'entries'} in this part of the file could not be read and will be reported as failed records:`
              : 'Every record was read, with these notes:'}
            <ul className={styles.problems}>
              {[...errors, ...warnings].slice(0, 20).map((problem, index) => (
                <li key={index}>
                  {problem.line > 0 ? `Line ${problem.line}: ` : ''}
                  {problem.reason}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {named.length === 0 ? null : (
        <MessageBar intent="info" layout="multiline" data-testid="preview-name-issues">
          <MessageBarBody>
            Some column names break Log Analytics naming rules; a table column made from them would
            need another name:
            <ul className={styles.problems}>
              {named.map((column) => (
                <li key={column.name}>
                  <strong>{column.name}</strong>: {column.nameIssues.join(' ')}
                  {column.suggestedName === undefined ? '' : ` Suggested: ${column.suggestedName}.`}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {preview.records.length === 0 ? (
        <Text>No records in the part of the file that was read.</Text>
      ) : (
        <VirtualTable
          label={`First ${preview.records.length} records`}
          columns={columns}
          rowCount={preview.records.length}
          rowHeader={(row) => preview.lines[row] ?? row + 1}
          cell={(row, column) =>
            cellText(preview.records[row]?.[preview.columns[column]?.name ?? ''])
          }
          testId="preview-table"
        />
      )}
    </>
  )
}
