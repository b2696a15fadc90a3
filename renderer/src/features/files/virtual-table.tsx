import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef, type ReactNode } from 'react'

/** One column of a virtual table. */
export interface VirtualColumn {
  readonly key: string
  /** The header cell's content (text, or text with a badge). */
  readonly header: ReactNode
  /** Plain text of the header, for screen readers when the content is richer. */
  readonly label: string
  readonly width?: number
}

export interface VirtualTableProps {
  /** Names the table (and its scrolling region) for screen readers. */
  readonly label: string
  readonly columns: readonly VirtualColumn[]
  readonly rowCount: number
  /** The text or element in one cell. */
  readonly cell: (row: number, column: number) => ReactNode
  /** The first cell of each row: a row number or line. */
  readonly rowHeader?: (row: number) => ReactNode
  /** The first column's heading and width (default `Line`, 72 px). */
  readonly rowHeaderTitle?: string
  readonly rowHeaderWidth?: number
  /** Rows to tint as failing. */
  readonly isRowFailing?: (row: number) => boolean
  readonly height?: number
  readonly testId?: string
}

const ROW_HEIGHT = 32
const HEADER_HEIGHT = 56
const DEFAULT_WIDTH = 180
const ROW_HEADER_WIDTH = 72

const useStyles = makeStyles({
  scroller: {
    position: 'relative',
    overflow: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: '1px',
    },
  },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    height: `${HEADER_HEIGHT}px`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
  row: {
    position: 'absolute',
    left: 0,
    height: `${ROW_HEIGHT}px`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  failing: { backgroundColor: tokens.colorPaletteRedBackground1 },
  cell: {
    position: 'absolute',
    top: 0,
    height: '100%',
    boxSizing: 'border-box',
    padding: `0 ${tokens.spacingHorizontalS}`,
    display: 'flex',
    alignItems: 'center',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    textOverflow: 'ellipsis',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
  headerCell: {
    flexDirection: 'column',
    alignItems: 'flex-start',
    justifyContent: 'center',
    gap: tokens.spacingVerticalXXS,
    fontFamily: tokens.fontFamilyBase,
    fontWeight: tokens.fontWeightSemibold,
  },
  rowHeader: {
    color: tokens.colorNeutralForeground2,
    backgroundColor: tokens.colorNeutralBackground2,
    position: 'sticky',
    left: 0,
    zIndex: 1,
  },
})

/**
 * A table that renders only the rows and columns in view, so a thousand records of a file with
 * hundreds of columns scroll smoothly. It keeps table semantics for screen readers (row and
 * column counts and indexes) and scrolls with the keyboard once focused.
 */
export function VirtualTable({
  label,
  columns,
  rowCount,
  cell,
  rowHeader,
  rowHeaderTitle = 'Line',
  rowHeaderWidth = ROW_HEADER_WIDTH,
  isRowFailing,
  height = 420,
  testId,
}: VirtualTableProps) {
  const styles = useStyles()
  const scroller = useRef<HTMLDivElement>(null)
  const offset = rowHeader === undefined ? 0 : rowHeaderWidth
  const widths = columns.map((column) => column.width ?? DEFAULT_WIDTH)
  const lefts = widths.reduce<number[]>((acc, _w, i) => {
    acc.push(i === 0 ? offset : (acc[i - 1] as number) + (widths[i - 1] as number))
    return acc
  }, [])
  const totalWidth = offset + widths.reduce((sum, w) => sum + w, 0)

  // No React Compiler in this build; the virtualizers re-render this component on scroll.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollPaddingStart: HEADER_HEIGHT,
  })
  const cols = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => widths[index] ?? DEFAULT_WIDTH,
    overscan: 3,
  })
  const visibleColumns = cols.getVirtualItems()
  const colCount = columns.length + (rowHeader === undefined ? 0 : 1)
  const indexBase = rowHeader === undefined ? 1 : 2

  return (
    <div
      ref={scroller}
      className={styles.scroller}
      style={{ height: `${Math.min(height, HEADER_HEIGHT + rowCount * ROW_HEIGHT + 2)}px` }}
      tabIndex={0}
      role="region"
      aria-label={`${label} (scrollable)`}
      data-testid={testId}
    >
      <div
        role="table"
        aria-label={label}
        aria-rowcount={rowCount + 1}
        aria-colcount={colCount}
        style={{ width: `${totalWidth}px`, height: `${HEADER_HEIGHT + rows.getTotalSize()}px` }}
      >
        <div role="rowgroup">
          <div
            role="row"
            aria-rowindex={1}
            className={styles.header}
            style={{ width: `${totalWidth}px` }}
          >
            {rowHeader === undefined ? null : (
              <div
                role="columnheader"
                aria-colindex={1}
                className={mergeClasses(styles.cell, styles.headerCell, styles.rowHeader)}
                style={{ width: `${rowHeaderWidth}px`, left: 0, backgroundColor: 'inherit' }}
              >
                {rowHeaderTitle}
              </div>
            )}
            {visibleColumns.map((item) => {
              const column = columns[item.index] as VirtualColumn
              return (
                <div
                  key={column.key}
                  role="columnheader"
                  aria-colindex={item.index + indexBase}
                  aria-label={column.label}
                  className={mergeClasses(styles.cell, styles.headerCell)}
                  style={{ width: `${widths[item.index]}px`, left: `${lefts[item.index]}px` }}
                  title={column.label}
                >
                  {column.header}
                </div>
              )
            })}
          </div>
        </div>
        <div role="rowgroup">
          {rows.getVirtualItems().map((item) => (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + 2}
              className={mergeClasses(
                styles.row,
                isRowFailing?.(item.index) === true ? styles.failing : undefined,
              )}
              style={{ top: `${HEADER_HEIGHT + item.start}px`, width: `${totalWidth}px` }}
              data-failing={isRowFailing?.(item.index) === true ? 'true' : undefined}
            >
              {rowHeader === undefined ? null : (
                <div
                  role="rowheader"
                  aria-colindex={1}
                  className={mergeClasses(styles.cell, styles.rowHeader)}
                  style={{ width: `${rowHeaderWidth}px`, left: 0 }}
                >
                  {rowHeader(item.index)}
                </div>
              )}
              {visibleColumns.map((col) => {
                const content = cell(item.index, col.index)
                return (
                  <div
                    key={col.key}
                    role="cell"
                    aria-colindex={col.index + indexBase}
                    className={styles.cell}
                    style={{ width: `${widths[col.index]}px`, left: `${lefts[col.index]}px` }}
                    title={typeof content === 'string' && content.length > 20 ? content : undefined}
                  >
                    {content}
                  </div>
                )
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  )
}

/** A cell value as short text: strings as they are, everything else as JSON. */
export function cellText(value: unknown): string {
  if (value === undefined) return ''
  if (value === null) return 'null'
  if (typeof value === 'string') return value.length > 300 ? `${value.slice(0, 300)}…` : value
  if (typeof value === 'bigint') return value.toString()
  const text = JSON.stringify(value) ?? typeof value
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}
