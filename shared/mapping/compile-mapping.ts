import type { AppErrorCode } from '../errors/app-error'
import { createCoercer } from './coerce'
import { CoercionFailure, reportedValue, type Coercer } from './coercion-failure'
import type { DirectColumn } from './direct-columns'
import { compileFieldReader, pathSegments } from './field-path'
import { compileTemplateReader, parseFieldTemplate, TemplateGap } from './field-template'
import type { Mapping, StreamColumn } from './mapping-schema'
import { isOutsideTimeWindow, isoToEpochMs } from './time-window'
import { isOverByteLimit } from './utf8-length'

/**
 * Turns a validated mapping into one fast function applied to every source record.
 *
 * Rules, in order, per column:
 * 1. Read the value (field path, constant, or the mapping time `now`).
 * 2. No value — missing, null, "" (unless keepEmptyString), a configured null word, or blank text
 *    for a non-string column — leaves the column out of the record. If the column is required
 *    (its own `required`, or the time column when the time policy's `missing` is `fail`), the
 *    record fails instead.
 * 3. Coerce to the column type (coerce-*.ts). A value that cannot be coerced fails the record
 *    with the column and the reason; it never becomes null.
 * 4. Text over 64 KB fails the record (or, with `oversizedValue: send`, is counted).
 * 5. The time column outside [now − 2 days, now + 1 day] is counted (`send`) or fails (`fail`).
 * 6. A record in which no column read from the file got a value fails (`mapping/no-mapped-value`):
 *    constants and the mapping time alone are never sent as if they were the record.
 *
 * A `template` column joins several fields (`{Month} {Date} {Time}`) before rule 2: every field
 * empty is no value; only some empty fails the record, naming them. A `none` column stays empty.
 *
 * Source fields that no column reads are dropped on purpose and counted per record, or, with
 * `unmappedTo`, packed into that dynamic column as one object.
 */

/** Largest field value Log Analytics stores whole (longer values are cut short). */
export const MAX_FIELD_BYTES = 65_536

/** Why a record could not be mapped; one entry per failing column. */
export interface ColumnFailure {
  readonly column: string
  readonly code: Extract<
    AppErrorCode,
    | 'mapping/coercion-failed'
    | 'mapping/required-missing'
    | 'mapping/no-mapped-value'
    | 'mapping/time-outside-window'
    | 'mapping/field-too-large'
  >
  readonly reason: string
  /** The source value (long text and objects shortened), for the report. */
  readonly value: unknown
}

/** A stream record, ready to serialise. long values beyond 2^53 are bigint. */
export type StreamRecord = Record<string, unknown>

/** The outcome of mapping one record. */
export type MapResult =
  | {
      readonly ok: true
      readonly record: StreamRecord
      /** Top-level source fields no column reads (0 when they are packed with `unmappedTo`). */
      readonly droppedFields: number
      /** The time column is outside the window and the policy said send. */
      readonly timeOutsideWindow?: true
      /** Columns whose text is over 64 KB and the policy said send (Azure will cut them). */
      readonly oversizedColumns?: readonly string[]
    }
  | { readonly ok: false; readonly errors: readonly ColumnFailure[] }

/** Maps one source record; `nowMs` is the clock used for `now` columns and the time window. */
export type MapFn = (source: Readonly<Record<string, unknown>>, nowMs: number) => MapResult

/** A compiled mapping. */
export interface CompiledMapping {
  readonly map: MapFn
  /** Stream columns the mapping fills, in output order. */
  readonly columns: readonly string[]
  /** Top-level source fields read by at least one column. */
  readonly usedFields: ReadonlySet<string>
  /** The column checked against the time window, when the mapping fills it. */
  readonly timeColumn: string | undefined
  /**
   * The mapping as columns the engine can write straight from a record's JSON text, when every
   * column allows it (see direct-columns.ts); undefined otherwise.
   */
  readonly direct: readonly DirectColumn[] | undefined
}

/** A reason the mapping cannot be used with this stream. */
export interface MappingCompileIssue {
  readonly column: string
  readonly code:
    'mapping/unknown-column' | 'mapping/type-mismatch' | 'mapping/bad-constant' | 'mapping/invalid'
  readonly message: string
}

const NO_VALUE = Symbol('no value')

/** Rule 2: what counts as no value for a column. */
function emptyTest(
  type: StreamColumn['type'],
  keepEmpty: boolean,
  nullWords: ReadonlySet<string>,
): (value: unknown) => boolean {
  const isText = type === 'string'
  return (value) => {
    if (value === undefined || value === null || value === NO_VALUE) return true
    if (typeof value !== 'string') return false
    if (value === '') return !keepEmpty
    if (!isText && value.charCodeAt(0) <= 32 && value.trim() === '') return true
    return nullWords.size > 0 && nullWords.has(value.trim())
  }
}

/**
 * A constant column as the map function writes it in every record (rules 2 to 4 applied once),
 * or undefined when it would fail every record, go over 64 KB or cannot be plain JSON.
 */
function fixedColumn(
  name: string,
  value: unknown,
  coerce: Coercer,
  isEmpty: (value: unknown) => boolean,
  required: boolean,
): DirectColumn | undefined {
  if (isEmpty(value)) return required ? undefined : { kind: 'fixed', name, json: undefined }
  const coerced = coerce(value)
  if (coerced instanceof CoercionFailure) return undefined
  if (coerced === undefined) return { kind: 'fixed', name, json: undefined }
  if (typeof coerced === 'string' && isOverByteLimit(coerced, MAX_FIELD_BYTES)) return undefined
  if (typeof coerced === 'bigint') return undefined
  return { kind: 'fixed', name, json: JSON.stringify(coerced) }
}

/** Every column's direct form, or undefined if one has none or the names would be reordered. */
function directColumns(
  columns: readonly (DirectColumn | undefined)[],
): readonly DirectColumn[] | undefined {
  const all: DirectColumn[] = []
  for (const column of columns) {
    // JSON.stringify writes integer-like keys first, whatever the mapping's order.
    if (column === undefined || /^\d+$/.test(column.name)) return undefined
    all.push(column)
  }
  return all
}

interface ColumnPlan {
  readonly name: string
  /** Reads the raw value; NO_VALUE only for constants that are absent. */
  readonly read: (source: Readonly<Record<string, unknown>>, nowMs: number) => unknown
  readonly coerce: Coercer
  readonly isEmpty: (value: unknown) => boolean
  readonly required: boolean
  readonly isTime: boolean
  /** Reads a field of the file (not a constant or the mapping time). */
  readonly fromFile: boolean
  readonly checkSize: boolean
  readonly missingReason: string
  /** How the engine may write the column without the parsed record, if it may. */
  readonly direct: DirectColumn | undefined
}

/** The record's fields no column reads, as one object and its JSON; undefined when none. */
function packUnmapped(
  source: Readonly<Record<string, unknown>>,
  usedFields: ReadonlySet<string>,
): { value: Record<string, unknown>; json: string } | undefined {
  let value: Record<string, unknown> | undefined
  for (const key in source) {
    if (usedFields.has(key) || !Object.prototype.hasOwnProperty.call(source, key)) continue
    const field = source[key]
    if (field === undefined) continue
    value ??= {}
    // An own "__proto__" key (JSON.parse makes one) must stay a key, not set the prototype.
    Object.defineProperty(value, key, {
      value: typeof field === 'bigint' ? field.toString() : field,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return value === undefined ? undefined : { value, json: JSON.stringify(value) }
}

/** Compiles a mapping against the stream's declared columns. */
export function compileMapping(
  mapping: Mapping,
  streamColumns: readonly StreamColumn[],
): { ok: true; compiled: CompiledMapping } | { ok: false; issues: MappingCompileIssue[] } {
  const issues: MappingCompileIssue[] = []
  const declared = new Map(streamColumns.map((column) => [column.name, column]))
  const plans: ColumnPlan[] = []
  const usedFields = new Set<string>()
  const { timePolicy } = mapping
  let timeColumn: string | undefined

  const packInto = mapping.unmappedTo
  if (packInto !== undefined) {
    const target = packInto === '__proto__' ? undefined : declared.get(packInto)
    const own = Object.prototype.hasOwnProperty.call(mapping.columns, packInto)
      ? mapping.columns[packInto]
      : undefined
    const message =
      target === undefined
        ? `The stream has no column ${packInto} to keep the unmapped fields in.`
        : target.type !== 'dynamic'
          ? `${packInto} is ${target.type}: unmapped fields can only be kept in a dynamic column.`
          : own !== undefined && own.source.kind !== 'none'
            ? `${packInto} already has a source; pick another column for the unmapped fields, or leave ${packInto} empty.`
            : undefined
    if (message !== undefined) {
      issues.push({ column: packInto, code: 'mapping/invalid', message })
    }
  }

  for (const [name, rule] of Object.entries(mapping.columns)) {
    const column = name === '__proto__' ? undefined : declared.get(name)
    if (column === undefined) {
      const sameButCase = streamColumns.find((c) => c.name.toLowerCase() === name.toLowerCase())
      issues.push({
        column: name,
        code: 'mapping/unknown-column',
        message:
          sameButCase === undefined
            ? `The stream has no column ${name}; the service would drop it.`
            : `The stream has no column ${name}, but has ${sameButCase.name}: column names are case-sensitive.`,
      })
      continue
    }
    if (column.type !== rule.type) {
      issues.push({
        column: name,
        code: 'mapping/type-mismatch',
        message: `The stream declares ${name} as ${column.type}, the mapping as ${rule.type}.`,
      })
      continue
    }
    if (rule.source.kind === 'none') {
      if (rule.required === true) {
        issues.push({
          column: name,
          code: 'mapping/invalid',
          message: `${name} is left empty but marked required: every record would fail.`,
        })
      }
      continue
    }
    const format = rule.format ?? {}
    let coerce = createCoercer(rule.type, format)
    const isTime = name === timePolicy.column && rule.type === 'datetime'
    if (isTime) timeColumn = name
    let read: ColumnPlan['read']
    let direct: DirectColumn | undefined
    const source = rule.source
    const nullWords = new Set((format.nullValues ?? []).map((word) => word.trim()))
    const keepEmpty = rule.type === 'string' && format.keepEmptyString === true
    const required = rule.required === true || (isTime && timePolicy.missing === 'fail')
    const isEmpty = emptyTest(rule.type, keepEmpty, nullWords)
    if (source.kind === 'field') {
      const segments = pathSegments(source.path)
      if (typeof segments === 'string') {
        issues.push({ column: name, code: 'mapping/invalid', message: segments })
        continue
      }
      usedFields.add(String(segments[0]))
      read = compileFieldReader(segments)
      const field = segments[0]
      const dateFormat = format.date ?? 'auto'
      if (
        segments.length === 1 &&
        typeof field === 'string' &&
        nullWords.size === 0 &&
        (rule.type !== 'datetime' || dateFormat === 'auto' || dateFormat === 'iso')
      ) {
        const defaultTextRules =
          format.decimal === undefined &&
          format.thousands === undefined &&
          format.booleanTrue === undefined &&
          format.booleanFalse === undefined
        direct = {
          kind: 'field',
          name,
          field,
          type: rule.type,
          required,
          isTime,
          keepEmpty,
          defaultTextRules,
        }
      }
    } else if (source.kind === 'template') {
      const parts = parseFieldTemplate(source.template)
      if (typeof parts === 'string') {
        issues.push({ column: name, code: 'mapping/invalid', message: parts })
        continue
      }
      for (const part of parts) if (part.kind === 'field') usedFields.add(String(part.segments[0]))
      read = compileTemplateReader(parts)
      const inner = coerce
      coerce = (value, nowMs) =>
        value instanceof TemplateGap
          ? new CoercionFailure(
              `${value.missing.join(', ')} ${value.missing.length === 1 ? 'has' : 'have'} no value, so "${value.text}" is not the whole ${name}`,
            )
          : inner(value, nowMs)
    } else if (source.kind === 'constant') {
      const value = coerce(source.value)
      if (value instanceof CoercionFailure) {
        issues.push({
          column: name,
          code: 'mapping/bad-constant',
          message: `The constant for ${name}: ${value.reason}.`,
        })
        continue
      }
      read = () => (value === undefined ? NO_VALUE : value)
      const constant = value === undefined ? NO_VALUE : value
      if (!isTime) direct = fixedColumn(name, constant, coerce, isEmpty, required)
    } else {
      if (rule.type !== 'datetime' && rule.type !== 'string') {
        issues.push({
          column: name,
          code: 'mapping/invalid',
          message: `${name} is ${rule.type}: the mapping time can only fill a datetime or string column.`,
        })
        continue
      }
      let cachedMs = Number.NaN
      let cachedIso = ''
      read = (_record, nowMs) => {
        if (nowMs !== cachedMs) {
          cachedMs = nowMs
          cachedIso = new Date(nowMs).toISOString()
        }
        return cachedIso
      }
      direct = { kind: 'now', name }
    }
    plans.push({
      name,
      read,
      coerce,
      isEmpty,
      required,
      isTime,
      fromFile: source.kind === 'field' || source.kind === 'template',
      checkSize: rule.type === 'string' || rule.type === 'dynamic',
      missingReason: isTime
        ? `${name} has no value, and the time policy requires one`
        : `${name} has no value, and the column is required`,
      direct,
    })
  }

  if (issues.length > 0) return { ok: false, issues }

  const fileColumns = plans.filter((plan) => plan.fromFile).map((plan) => plan.name)
  const noValueReason =
    fileColumns.length === 0
      ? 'no column reads a field of the file, so the record would hold nothing of it'
      : `none of ${fileColumns.join(', ')} has a value in this record`
  const failOutside = timePolicy.outsideWindow === 'fail'
  const failOversized = mapping.oversizedValue === 'fail'
  const count = plans.length

  const map: MapFn = (source, nowMs) => {
    const record: StreamRecord = {}
    let errors: ColumnFailure[] | undefined
    let outside = false
    let oversized: string[] | undefined
    let fromFile = false
    for (let i = 0; i < count; i++) {
      const plan = plans[i] as ColumnPlan
      const raw = plan.read(source, nowMs)
      if (plan.isEmpty(raw)) {
        if (plan.required) {
          ;(errors ??= []).push({
            column: plan.name,
            code: 'mapping/required-missing',
            reason: plan.missingReason,
            value: raw === NO_VALUE ? undefined : reportedValue(raw),
          })
        }
        continue
      }
      const value = plan.coerce(raw, nowMs)
      if (value instanceof CoercionFailure) {
        ;(errors ??= []).push({
          column: plan.name,
          code: 'mapping/coercion-failed',
          reason: `${plan.name}: ${value.reason}`,
          value: reportedValue(raw instanceof TemplateGap ? raw.text : raw),
        })
        continue
      }
      if (value === undefined) continue
      if (plan.checkSize && typeof value === 'string' && isOverByteLimit(value, MAX_FIELD_BYTES)) {
        if (failOversized) {
          ;(errors ??= []).push({
            column: plan.name,
            code: 'mapping/field-too-large',
            reason: `${plan.name} is over 64 KB; Log Analytics would cut it short`,
            value: reportedValue(raw),
          })
          continue
        }
        ;(oversized ??= []).push(plan.name)
      }
      if (plan.isTime && isOutsideTimeWindow(isoToEpochMs(value as string), nowMs)) {
        if (failOutside) {
          ;(errors ??= []).push({
            column: plan.name,
            code: 'mapping/time-outside-window',
            reason: `${plan.name} ${value as string} is more than 2 days before or 1 day after now (${new Date(nowMs).toISOString()}); Azure would replace it with the time of arrival`,
            value: reportedValue(raw),
          })
          continue
        }
        outside = true
      }
      record[plan.name] = value
      if (plan.fromFile) fromFile = true
    }
    let droppedFields = 0
    if (packInto === undefined) {
      for (const key in source) {
        if (!usedFields.has(key)) droppedFields++
      }
    } else {
      const packed = packUnmapped(source, usedFields)
      if (packed !== undefined) {
        if (isOverByteLimit(packed.json, MAX_FIELD_BYTES)) {
          if (failOversized) {
            ;(errors ??= []).push({
              column: packInto,
              code: 'mapping/field-too-large',
              reason: `${packInto} (the unmapped fields) is over 64 KB; Log Analytics would cut it short`,
              value: reportedValue(packed.json),
            })
          } else (oversized ??= []).push(packInto)
        }
        record[packInto] = packed.value
        fromFile = true
      }
    }
    if (errors === undefined && !fromFile) {
      errors = [
        {
          column: fileColumns.join(', '),
          code: 'mapping/no-mapped-value',
          reason: noValueReason,
          value: undefined,
        },
      ]
    }
    if (errors !== undefined) return { ok: false, errors }
    if (!outside && oversized === undefined) return { ok: true, record, droppedFields }
    return {
      ok: true,
      record,
      droppedFields,
      ...(outside ? { timeOutsideWindow: true as const } : {}),
      ...(oversized === undefined ? {} : { oversizedColumns: oversized }),
    }
  }

  return {
    ok: true,
    compiled: {
      map,
      columns:
        packInto === undefined
          ? plans.map((plan) => plan.name)
          : [...plans.map((p) => p.name), packInto],
      usedFields,
      timeColumn,
      // Packing reads every field of the record: nothing is a plain copy any more.
      direct: packInto === undefined ? directColumns(plans.map((plan) => plan.direct)) : undefined,
    },
  }
}
