import { z } from 'zod'
import { compileDatePattern, DATE_PRESETS } from './date-pattern'
import { parseFieldTemplate } from './field-template'

/**
 * The mapping file: how each column of a DCR stream is filled from a source record.
 *
 * It is plain JSON, saved and loaded as a file, and shared by the UI and the CLI. Every rule it
 * implies (coercion, absent values, the TimeGenerated window) is applied by compileMapping.
 */

/** Column types a DCR stream declaration may use. */
export const DCR_COLUMN_TYPES = [
  'string',
  'int',
  'long',
  'real',
  'boolean',
  'datetime',
  'dynamic',
] as const
export type DcrColumnType = (typeof DCR_COLUMN_TYPES)[number]

/** One column of the target stream, as its DCR declares it. */
export interface StreamColumn {
  readonly name: string
  readonly type: DcrColumnType
}

/**
 * Where a value comes from in a source record: `a.b[0].c` (dots and brackets; `["x.y"]` for keys
 * with dots), or the segments themselves when a key contains dots or brackets.
 */
export const fieldPathSchema = z.union([
  z.string().min(1).max(1000),
  z.array(z.string()).min(1).max(64),
])
export type FieldPath = z.infer<typeof fieldPathSchema>

/** `{Month} {Date} {Time}`: field paths in braces, joined with the text between them. */
const templateSchema = z
  .string()
  .min(1)
  .max(1000)
  .superRefine((value, ctx) => {
    const parsed = parseFieldTemplate(value)
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed })
  })

/**
 * A column is filled from a source field, several fields joined by a template, a fixed value,
 * or the time of mapping; `none` keeps it empty on purpose (so a saved choice to leave it empty
 * is not filled again by a suggestion).
 */
export const columnSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), path: fieldPathSchema }).strict(),
  z.object({ kind: z.literal('template'), template: templateSchema }).strict(),
  z.object({ kind: z.literal('constant'), value: z.json() }).strict(),
  z.object({ kind: z.literal('now') }).strict(),
  z.object({ kind: z.literal('none') }).strict(),
])
export type ColumnSource = z.infer<typeof columnSourceSchema>

/** Date presets, or a pattern such as `dd/MM/yyyy HH:mm:ss` (see date-pattern.ts). */
const dateFormatSchema = z
  .string()
  .min(1)
  .max(100)
  .superRefine((value, ctx) => {
    if ((DATE_PRESETS as readonly string[]).includes(value)) return
    const compiled = compileDatePattern(value)
    if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.reason })
  })

/**
 * How text is read for one column. Every field is optional; the defaults are documented on each.
 */
export const columnFormatSchema = z
  .object({
    /** datetime: `auto` (default), `iso`, `epoch-s|ms|us|ns`, or a pattern like `dd/MM/yyyy HH:mm`. */
    date: dateFormatSchema.optional(),
    /**
     * datetime, a pattern without a year (`MMM d HH:mm:ss`): the year to use. Default: the
     * current year, or the year before when that would put the time more than a day ahead.
     */
    year: z.number().int().min(1).max(9999).optional(),
    /** datetime: zone for values without one: `UTC` (default), `local`, or an offset `+02:00`. */
    timezone: z
      .string()
      .regex(/^(UTC|local|[+-]\d{2}:?\d{2})$/, 'Use UTC, local, or an offset such as +02:00.')
      .optional(),
    /** int, long, real: the decimal separator in text (default `.`). */
    decimal: z.enum(['.', ',']).optional(),
    /** int, long, real: a thousands separator to ignore in text (default: none). */
    thousands: z.enum([',', '.', ' ', "'", '_']).optional(),
    /** boolean: words read as true (case-insensitive). Default: true, 1, yes. */
    booleanTrue: z.array(z.string().min(1).max(50)).min(1).max(20).optional(),
    /** boolean: words read as false (case-insensitive). Default: false, 0, no. */
    booleanFalse: z.array(z.string().min(1).max(50)).min(1).max(20).optional(),
    /** Text values that mean "no value", such as NULL or N/A (exact match after trimming). */
    nullValues: z.array(z.string().max(50)).max(20).optional(),
    /** string: send "" as an empty string instead of leaving the column empty. */
    keepEmptyString: z.boolean().optional(),
  })
  .strict()
export type ColumnFormat = z.infer<typeof columnFormatSchema>

/** One stream column's rule. */
export const columnMappingSchema = z
  .object({
    source: columnSourceSchema,
    type: z.enum(DCR_COLUMN_TYPES),
    format: columnFormatSchema.optional(),
    /** A record without a value here fails instead of being sent with the column empty. */
    required: z.boolean().optional(),
  })
  .strict()
export type ColumnMapping = z.infer<typeof columnMappingSchema>

/** What to do with the column that carries the record's time. */
export const timePolicySchema = z
  .object({
    /** The datetime column checked against the window (default TimeGenerated). */
    column: z.string().min(1).max(200).default('TimeGenerated'),
    /**
     * A time more than 2 days back or 1 day ahead is replaced by Azure with the time of arrival.
     * `send`: send it anyway and count it; `fail`: keep the record out and report it.
     */
    outsideWindow: z.enum(['send', 'fail']).default('send'),
    /**
     * The time column is mapped but a record has no value: `fail` the record (default), or
     * `service-time`: send it without one and let Azure use the time of arrival.
     */
    missing: z.enum(['fail', 'service-time']).default('fail'),
  })
  .strict()
export type TimePolicy = z.infer<typeof timePolicySchema>

/** Default time policy, spelled out for mappings that omit it. */
export const DEFAULT_TIME_POLICY: TimePolicy = {
  column: 'TimeGenerated',
  outsideWindow: 'send',
  missing: 'fail',
}

/** A whole mapping file. */
export const mappingSchema = z
  .object({
    version: z.literal(1),
    /** The DCR stream, e.g. `Custom-MyTable_CL`. */
    stream: z.string().min(1).max(200),
    /** Stream column name → rule. Key order is the order columns are written in. */
    columns: z.record(z.string().min(1).max(200), columnMappingSchema),
    timePolicy: timePolicySchema.default(DEFAULT_TIME_POLICY),
    /**
     * A text value over 64 KB is cut short by Log Analytics: `fail` the record (default) or
     * `send` it and count it.
     */
    oversizedValue: z.enum(['fail', 'send']).default('fail'),
    /**
     * A dynamic stream column that receives every top-level source field no column reads, as
     * one object, instead of dropping them.
     */
    unmappedTo: z.string().min(1).max(200).optional(),
  })
  .strict()

/** A validated mapping, with defaults filled in. */
export type Mapping = z.infer<typeof mappingSchema>
/** A mapping as written in a file (defaults may be missing). */
export type MappingInput = z.input<typeof mappingSchema>

/** A problem with a mapping, located by a path such as `columns.Level.format.date`. */
export interface MappingIssue {
  readonly path: string
  readonly message: string
}

/** Validates mapping JSON (from a file or the UI); problems come back with their location. */
export function parseMapping(
  json: unknown,
): { ok: true; mapping: Mapping } | { ok: false; issues: MappingIssue[] } {
  const parsed = mappingSchema.safeParse(json)
  if (parsed.success) return { ok: true, mapping: parsed.data }
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  }
}
