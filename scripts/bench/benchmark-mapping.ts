/**
 * The benchmark's mapping case, written twice: once as an SDK user writes it (a map function
 * before `upload()`), once as LogDrop's mapping file. Both rename every field, read an
 * epoch-ms time into ISO 8601, and coerce the level from text to an int.
 */

/** A record of the source shape (`generate-data.ts`, `benchRecord`), as JSON.parse gives it. */
interface SourceRecord {
  readonly ts: number
  readonly host: string
  readonly level: string
  readonly bytes: number
  readonly duration_ms: number
  readonly success: boolean
  readonly properties: unknown
  readonly message: string
}

/** What an SDK user writes: the same renames, time format and coercion, by hand. */
export function mapForSdk(record: Record<string, unknown>): Record<string, unknown> {
  const r = record as unknown as SourceRecord
  return {
    Time: new Date(r.ts).toISOString(),
    Host: r.host,
    Level: Number.parseInt(r.level, 10),
    Bytes: r.bytes,
    DurationMs: r.duration_ms,
    Success: r.success,
    Properties: r.properties,
    Message: r.message,
  }
}

/** The same, as a LogDrop mapping file (what the CLI's `--mapping` reads). */
export const BENCH_MAPPING = {
  version: 1,
  stream: 'Custom-AppEvents',
  columns: {
    Time: {
      source: { kind: 'field', path: 'ts' },
      type: 'datetime',
      format: { date: 'epoch-ms' },
    },
    Host: { source: { kind: 'field', path: 'host' }, type: 'string' },
    Level: { source: { kind: 'field', path: 'level' }, type: 'int' },
    Bytes: { source: { kind: 'field', path: 'bytes' }, type: 'long' },
    DurationMs: { source: { kind: 'field', path: 'duration_ms' }, type: 'real' },
    Success: { source: { kind: 'field', path: 'success' }, type: 'boolean' },
    Properties: { source: { kind: 'field', path: 'properties' }, type: 'dynamic' },
    Message: { source: { kind: 'field', path: 'message' }, type: 'string' },
  },
  timePolicy: { column: 'Time' },
} as const
