import { Card, Subtitle2, Text } from '@fluentui/react-components'
import { useMemo } from 'react'
import { useJourneyStyles } from '../files/journey-styles'
import { VirtualTable, cellText, type VirtualColumn } from '../files/virtual-table'
import type { ShapeSession } from './mapping-provider'
import { rowSource } from './mapping-session'
import type { PreviewCheck } from './preview-check'

/** The preview records after mapping: what would be sent, and why failing rows fail. */
export function MappedPreview({
  session,
  check,
}: {
  readonly session: ShapeSession
  readonly check: PreviewCheck
}) {
  const journey = useJourneyStyles()
  const draft = session.state.draft
  const columns = useMemo<VirtualColumn[]>(
    () =>
      (draft?.columns ?? [])
        .filter((row) => row.source.kind !== 'none')
        .map((row) => ({
          key: row.column,
          label: `${row.column} (${row.type})`,
          header: `${row.column}`,
        })),
    [draft],
  )
  if (check.results.length === 0 || columns.length === 0) return null
  return (
    <Card className={journey.card} data-testid="mapped-preview">
      <Subtitle2 as="h2" className={journey.title}>
        Records as they would be sent
      </Subtitle2>
      <Text className={journey.secondary}>
        Rows that would fail are tinted; their cells say why.
      </Text>
      <VirtualTable
        label="Mapped preview records"
        columns={columns}
        rowCount={check.results.length}
        rowHeader={(row) => {
          const source = rowSource(session.parts, row)
          if (source === null) return row + 1
          return session.parts.length > 1 ? `${source.name}:${source.line}` : source.line
        }}
        rowHeaderTitle={session.parts.length > 1 ? 'File:line' : 'Line'}
        rowHeaderWidth={session.parts.length > 1 ? 150 : 72}
        isRowFailing={(row) => check.results[row]?.ok === false}
        cell={(row, column) => {
          const result = check.results[row]
          const name = columns[column]?.key ?? ''
          if (result === undefined) return ''
          if (result.ok) return cellText(result.record[name])
          const failure = result.errors.find((error) => error.column === name)
          return failure === undefined ? '' : `⚠ ${failure.reason}`
        }}
        height={360}
        testId="mapped-table"
      />
    </Card>
  )
}
