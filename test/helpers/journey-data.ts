/**
 * Test files for the end-to-end journeys: a CSV and an NDJSON file with the same columns, for
 * the emulator's AppEvents stream (Time, Host, Level, Bytes, DurationMs, Success, Properties,
 * Message). Their column names need one manual fix in the mapping (`props` is too far from
 * `Properties` to be matched), and some rows are bad on purpose (a level that is not a number).
 * Times are a few minutes before `now`, inside the window Azure keeps as-is.
 */

export interface JourneyFile {
  readonly name: string
  readonly text: string
  /** Rows in the file. */
  readonly records: number
  /** 1-based data row numbers (CSV: not counting the header) whose Level is not a number. */
  readonly badRows: readonly number[]
}

/** The header every journey file uses, in the CSV's order. */
export const JOURNEY_COLUMNS = [
  'timestamp',
  'host',
  'level',
  'bytes',
  'duration_ms',
  'success',
  'props',
  'msg',
] as const

interface Row {
  readonly timestamp: string
  readonly host: string
  readonly level: number | string
  readonly bytes: number
  readonly duration_ms: number
  readonly success: boolean
  readonly props: { readonly user: string; readonly tags: readonly string[] }
  readonly msg: string
}

function rows(count: number, bad: ReadonlySet<number>, nowMs: number, prefix: string): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: new Date(nowMs - (count - i) * 1000).toISOString(),
    host: `${prefix}-${i % 4}`,
    level: bad.has(i + 1) ? 'high' : (i % 5) + 1,
    bytes: 1000 + i * 17,
    duration_ms: Math.round((i * 1.37 + 2) * 100) / 100,
    success: i % 7 !== 0,
    props: { user: `user${i}`, tags: ['e2e', prefix] },
    msg: `${prefix} event ${i}, "quoted", done`,
  }))
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** A CSV file (props as JSON text in a cell). */
export function journeyCsv(
  count: number,
  badRows: readonly number[],
  nowMs = Date.now(),
): JourneyFile {
  const lines = [JOURNEY_COLUMNS.join(',')]
  for (const row of rows(count, new Set(badRows), nowMs, 'csv')) {
    lines.push(
      [
        row.timestamp,
        row.host,
        String(row.level),
        String(row.bytes),
        String(row.duration_ms),
        String(row.success),
        csvCell(JSON.stringify(row.props)),
        csvCell(row.msg),
      ].join(','),
    )
  }
  return { name: 'events.csv', text: `${lines.join('\r\n')}\r\n`, records: count, badRows }
}

/** An NDJSON file (props as a nested object, numbers as JSON numbers). */
export function journeyNdjson(
  count: number,
  badRows: readonly number[],
  nowMs = Date.now(),
  name = 'events.ndjson',
): JourneyFile {
  const text = rows(count, new Set(badRows), nowMs, 'json')
    .map((row) => JSON.stringify(row))
    .join('\n')
  return { name, text: `${text}\n`, records: count, badRows }
}
