import { createCoercer } from '../../../../shared/mapping/coerce'
import { CoercionFailure } from '../../../../shared/mapping/coercion-failure'
import {
  compileTemplateReader,
  parseFieldTemplate,
  TemplateGap,
} from '../../../../shared/mapping/field-template'
import { inferColumnType } from '../../../../shared/mapping/infer-type'
import {
  TIME_WINDOW_FUTURE_MS,
  TIME_WINDOW_PAST_MS,
  isoToEpochMs,
} from '../../../../shared/mapping/time-window'
import type { MappingDraft } from './mapping-draft'
import { readPath } from './source-paths'

/**
 * The TimeGenerated assistant: which source fields look like the record's time (and in which
 * format), and for the chosen one how the preview records fare against the window Azure keeps
 * as-is, [now − 2 days, now + 1 day]. Times outside it are replaced with the time of arrival.
 */

/** A source field that looks like a time. */
export interface TimeCandidate {
  readonly path: string
  /** 0..1 from the shared type inference. */
  readonly confidence: number
  /** The date format it needs, when not automatic (a pattern or an epoch unit). */
  readonly date?: string
  /** Why the guess needs a look (day/month order unknown, mixed formats). */
  readonly note?: string
}

/** Source fields whose preview values read as times, most likely first. */
export function timeCandidates(
  sources: readonly string[],
  samples: readonly Record<string, unknown>[],
): TimeCandidate[] {
  const found: TimeCandidate[] = []
  for (const path of sources) {
    const guess = inferColumnType(
      samples.map((record) => readPath(record, path)),
      path,
    )
    if (guess.type !== 'datetime' || guess.confidence === 0) continue
    found.push({
      path,
      confidence: guess.confidence,
      ...(guess.format?.date === undefined ? {} : { date: guess.format.date }),
      ...(guess.note === undefined ? {} : { note: guess.note }),
    })
  }
  return found.sort((a, b) => b.confidence - a.confidence)
}

/** How the preview's times fall against the window. */
export interface TimeReport {
  /** The stream column checked (the time policy's column). */
  readonly column: string
  /** How that column is filled: a field path, a template, a constant, now, or nothing. */
  readonly source: 'field' | 'template' | 'constant' | 'now' | 'none'
  readonly records: number
  readonly inWindow: number
  /** More than 2 days before now. */
  readonly tooOld: number
  /** More than 1 day after now. */
  readonly tooNew: number
  readonly missing: number
  readonly unreadable: number
  /** The first reasons a value could not be read as a time. */
  readonly unreadableExamples: readonly string[]
  /** Earliest and latest times read, as UTC ISO text. */
  readonly earliest: string | null
  readonly latest: string | null
}

const MAX_EXAMPLES = 3

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
}

/** Reads the raw time of a record from a constant, a field or a template (invalid: nothing). */
function sourceReader(
  source: Extract<
    MappingDraft['columns'][number]['source'],
    { kind: 'field' | 'template' | 'constant' }
  >,
): (record: Record<string, unknown>) => unknown {
  if (source.kind === 'constant') return () => source.text
  if (source.kind === 'field') return (record) => readPath(record, source.path.trim())
  const parts = parseFieldTemplate(source.template)
  return typeof parts === 'string' ? () => undefined : compileTemplateReader(parts)
}

/** Reads the time column of every preview record with its format, and sorts it into the window. */
export function timeReport(
  draft: MappingDraft,
  samples: readonly Record<string, unknown>[],
  nowMs: number,
): TimeReport {
  const column = draft.timePolicy.column
  const row = draft.columns.find((candidate) => candidate.column === column)
  const base = {
    column,
    records: samples.length,
    inWindow: 0,
    tooOld: 0,
    tooNew: 0,
    missing: 0,
    unreadable: 0,
    unreadableExamples: [] as string[],
    earliest: null as string | null,
    latest: null as string | null,
  }
  if (row === undefined || row.type !== 'datetime' || row.source.kind === 'none') {
    return { ...base, source: 'none', missing: samples.length }
  }
  if (row.source.kind === 'now') return { ...base, source: 'now', inWindow: samples.length }
  const coerce = createCoercer('datetime', row.format)
  const { source } = row
  const read = sourceReader(source)
  let earliestMs = Infinity
  let latestMs = -Infinity
  const report = { ...base, source: source.kind }
  for (const record of samples) {
    const raw = read(record)
    if (isEmpty(raw)) {
      report.missing += 1
      continue
    }
    const value =
      raw instanceof TemplateGap
        ? new CoercionFailure(`${raw.missing.join(', ')} has no value ("${raw.text}")`)
        : coerce(raw, nowMs)
    if (value instanceof CoercionFailure || typeof value !== 'string') {
      report.unreadable += 1
      if (report.unreadableExamples.length < MAX_EXAMPLES && value instanceof CoercionFailure) {
        report.unreadableExamples.push(value.reason)
      }
      continue
    }
    const ms = isoToEpochMs(value)
    if (ms < earliestMs) {
      earliestMs = ms
      report.earliest = value
    }
    if (ms > latestMs) {
      latestMs = ms
      report.latest = value
    }
    if (ms < nowMs - TIME_WINDOW_PAST_MS) report.tooOld += 1
    else if (ms > nowMs + TIME_WINDOW_FUTURE_MS) report.tooNew += 1
    else report.inWindow += 1
  }
  return report
}

/** Records whose time Azure would replace with the time of arrival. */
export function outsideWindow(report: TimeReport): number {
  return report.tooOld + report.tooNew
}
