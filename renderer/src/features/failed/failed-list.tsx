import {
  Button,
  Checkbox,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components'
import { ChevronDownRegular, ChevronRightRegular } from '@fluentui/react-icons'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import type { FailedRecordView } from '../../../../shared/models/history'
import { kindLabel } from './failure-kinds'

const ROW_HEIGHT = 64
/** Load the next page when the last rows loaded come this close to view. */
const LOAD_AHEAD = 20

const useStyles = makeStyles({
  scroller: {
    position: 'relative',
    overflowY: 'auto',
    maxHeight: '560px',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    height: `${ROW_HEIGHT}px`,
    boxSizing: 'border-box',
    display: 'grid',
    gridTemplateColumns: '32px minmax(0, 1fr) auto',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `0 ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  open: { backgroundColor: tokens.colorNeutralBackground1Selected },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  clip: { overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' },
})

export interface FailedListProps {
  readonly records: readonly FailedRecordView[]
  readonly total: number
  readonly loading: boolean
  readonly selected: readonly string[]
  readonly open: string | null
  onToggle(recordId: string, on: boolean): void
  onOpen(recordId: string | null): void
  /** Asks for the next page (the list calls it as its end comes into view). */
  onMore(): void
}

/** Where a record came from: `events.csv, line 12`. */
export function recordWhere(record: Pick<FailedRecordView, 'fileName' | 'line'>): string {
  return `${record.fileName}${record.line === null ? '' : `, line ${record.line}`}`
}

/**
 * The failed records as a virtualised list (only the rows in view are in the page, so tens of
 * thousands scroll smoothly); the next page loads as its end comes into view.
 */
export function FailedList(props: FailedListProps) {
  const styles = useStyles()
  const scroller = useRef<HTMLDivElement>(null)
  const { records, total, loading, onMore } = props
  // The virtualizer's functions are read each render on purpose (as virtual-table.tsx does).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  })
  const items = virtualizer.getVirtualItems()
  const last = items.at(-1)?.index ?? -1
  useEffect(() => {
    if (!loading && records.length < total && last >= records.length - LOAD_AHEAD) onMore()
  }, [last, loading, records.length, total, onMore])

  return (
    <div
      ref={scroller}
      className={styles.scroller}
      role="list"
      aria-label={`Failed records, ${records.length} of ${total} loaded`}
      data-testid="failed-table"
      tabIndex={-1}
    >
      <div style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative' }}>
        {items.map((item) => {
          const record = records[item.index]
          if (record === undefined) return null
          const where = recordWhere(record)
          const isOpen = props.open === record.id
          const label = isOpen ? 'Hide' : 'Show'
          return (
            <div
              key={record.id}
              role="listitem"
              className={mergeClasses(styles.row, isOpen ? styles.open : undefined)}
              style={{ transform: `translateY(${item.start}px)` }}
              data-testid="failed-record"
              data-record-id={record.id}
              data-cause={record.cause}
              data-line={record.line ?? ''}
            >
              <Checkbox
                aria-label={`Select ${where}`}
                checked={props.selected.includes(record.id)}
                onChange={(_event, data) => props.onToggle(record.id, data.checked === true)}
                data-testid="failed-select"
              />
              <span className={styles.text}>
                <Text weight="semibold" className={styles.clip}>
                  {where} · {kindLabel(record)}
                  {record.status === null ? '' : ` · ${record.status}`}
                  {record.edited === null ? '' : ' · edited'}
                </Text>
                <Text size={200} className={styles.clip} title={record.message}>
                  {record.message}
                </Text>
              </span>
              <Button
                size="small"
                appearance="subtle"
                icon={isOpen ? <ChevronDownRegular /> : <ChevronRightRegular />}
                aria-expanded={isOpen}
                // The visible word starts the name (WCAG 2.5.3, label in name).
                aria-label={`${label} details of ${where}`}
                onClick={() => props.onOpen(isOpen ? null : record.id)}
                data-testid="failed-open"
              >
                {label}
              </Button>
            </div>
          )
        })}
      </div>
    </div>
  )
}
