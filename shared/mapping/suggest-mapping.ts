import { inferColumnType, type TypeGuess } from './infer-type'
import type { ColumnMapping, DcrColumnType, Mapping, StreamColumn } from './mapping-schema'
import { DEFAULT_TIME_POLICY } from './mapping-schema'
import { suggestTimeSource } from './suggest-time'

/**
 * Matches source columns to stream columns for a first draft of a mapping.
 *
 * Candidates per (stream column, source column) pair, best first:
 * exact name 1.0; same name ignoring case 0.95; same letters and digits (`user_name` =
 * `UserName`) 0.9; synonyms (`@timestamp` → TimeGenerated, `msg` → Message, …) 0.8; otherwise
 * fuzzy by normalised edit distance (similarity ≥ 0.7, scaled to at most 0.7). A nested path is
 * also matched by its last segment, at 0.9 of the score. When samples are given, a source whose
 * values are not numbers (or booleans) is never proposed for an int, long, real or boolean
 * column, and one whose values do not read as times scores 0.6 times as much for a datetime
 * column (a date format may still fix it). Pairs are then taken greedily, best score first, each
 * source used once.
 */

/**
 * How a stream column was matched; `values`: the time column, found from what the fields hold
 * (see suggest-time.ts), not from a name.
 */
export type MatchKind =
  'exact' | 'case-insensitive' | 'normalised' | 'synonym' | 'fuzzy' | 'values' | 'none'

/** One stream column's proposed source. */
export interface MappingSuggestion {
  readonly column: string
  readonly type: DcrColumnType
  /** The source column (or path); null when nothing matched or a template fills the column. */
  readonly source: string | null
  /** The time column built from several fields, e.g. `{Month} {Date} {Time}`. */
  readonly template?: string
  /** The date format the time column's values need (found from them). */
  readonly date?: string
  /** Why the time column's choice needs a look. */
  readonly note?: string
  /** 0..1 */
  readonly confidence: number
  readonly match: MatchKind
}

/** Groups of names that mean the same thing, compared after normalise(). */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  [
    'timegenerated',
    'timestamp',
    'time',
    'date',
    'datetime',
    'eventtime',
    'ts',
    'logtime',
    'eventtimestamp',
    'createdat',
    'occurredat',
    'time_generated',
  ],
  ['message', 'msg', 'text', 'content', 'logmessage', 'log', 'description', 'rawdata', 'body'],
  ['level', 'severity', 'loglevel', 'sev', 'severitylevel', 'severitytext', 'priority', 'lvl'],
  ['computer', 'host', 'hostname', 'machine', 'server', 'node', 'device', 'machinename'],
  ['pid', 'processid', 'procid', 'process'],
  ['eventid', 'eventcode', 'msgid', 'messageid'],
  ['threadid', 'thread', 'tid'],
  ['component', 'source', 'module', 'logger', 'subsystem', 'facility'],
  ['user', 'username', 'userid', 'account', 'userprincipalname'],
  ['ipaddress', 'ip', 'clientip', 'sourceip', 'srcip', 'remoteaddr', 'callerip'],
  ['statuscode', 'status', 'httpstatus', 'resultcode'],
  ['durationms', 'duration', 'elapsed', 'latency', 'elapsedms', 'responsetime'],
  ['category', 'type', 'eventtype', 'kind'],
  ['application', 'app', 'appname', 'service', 'servicename', 'program'],
]

/** Lower case, letters and digits only: `@Time_Stamp` → `timestamp`. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '')
}

const SYNONYMS = new Map<string, number>()
SYNONYM_GROUPS.forEach((group, index) => {
  for (const name of group) SYNONYMS.set(normaliseName(name), index)
})

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      )
    }
    previous = current
  }
  return previous[b.length] as number
}

/** 1 for equal names, 0 for nothing in common (edit distance over the longer length). */
export function nameSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length)
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest
}

function scoreNames(column: string, source: string): [number, MatchKind] {
  if (column === source) return [1, 'exact']
  if (column.toLowerCase() === source.toLowerCase()) return [0.95, 'case-insensitive']
  const a = normaliseName(column)
  const b = normaliseName(source)
  if (a !== '' && a === b) return [0.9, 'normalised']
  const group = SYNONYMS.get(a)
  if (group !== undefined && group === SYNONYMS.get(b)) return [0.8, 'synonym']
  const similarity = nameSimilarity(a, b)
  if (similarity >= 0.7 && Math.min(a.length, b.length) >= 3) return [similarity * 0.7, 'fuzzy']
  return [0, 'none']
}

function lastSegment(path: string): string {
  const match = /([^.[\]"]+)"?\]?$/.exec(path)
  return match?.[1] ?? path
}

/** Whether sample values of a source fit a column type well enough to map them. */
function fits(type: DcrColumnType, guess: TypeGuess | undefined): boolean {
  if (guess === undefined || guess.confidence === 0) return true
  switch (type) {
    case 'string':
    case 'dynamic':
      return true
    case 'real':
      return guess.type === 'real' || guess.type === 'int' || guess.type === 'long'
    case 'long':
      return guess.type === 'int' || guess.type === 'long'
    default:
      return guess.type === type
  }
}

/** Reads a source column's values out of sample records (top-level names only). */
function columnValues(samples: readonly Record<string, unknown>[], source: string): unknown[] {
  return samples.map((record) => record[source])
}

/** Options of suggestMapping. */
export interface SuggestOptions {
  /** The column that carries the record's time (default TimeGenerated, else the first datetime). */
  readonly timeColumn?: string
}

/**
 * The time column's suggestion from the values (suggest-time.ts): the name match when it reads
 * as a full time, else the best field or template; the name match when nothing reads.
 */
function timeSuggestion(
  column: StreamColumn,
  byName: MappingSuggestion | undefined,
  sourceColumns: readonly string[],
  samples: readonly Record<string, unknown>[],
): MappingSuggestion | undefined {
  const found = suggestTimeSource(sourceColumns, samples, byName?.source ?? undefined)
  if (found === undefined) return byName
  const extra = {
    ...(found.date === undefined ? {} : { date: found.date }),
    ...(found.note === undefined ? {} : { note: found.note }),
  }
  if (found.source.kind === 'field' && found.source.path === byName?.source) {
    return { ...byName, ...extra }
  }
  return {
    column: column.name,
    type: column.type,
    source: found.source.kind === 'field' ? found.source.path : null,
    ...(found.source.kind === 'template' ? { template: found.source.template } : {}),
    ...extra,
    confidence: found.confidence,
    match: 'values',
  }
}

/** Proposes a source for every stream column (see the rules at the top of this file). */
export function suggestMapping(
  sourceColumns: readonly string[],
  streamColumns: readonly StreamColumn[],
  samples: readonly Record<string, unknown>[] = [],
  options: SuggestOptions = {},
): MappingSuggestion[] {
  const guesses = new Map<string, TypeGuess>()
  if (samples.length > 0) {
    for (const source of sourceColumns) {
      guesses.set(source, inferColumnType(columnValues(samples, source), source))
    }
  }
  const pairs: Array<{ column: StreamColumn; source: string; score: number; match: MatchKind }> = []
  for (const column of streamColumns) {
    for (const source of sourceColumns) {
      let [score, match] = scoreNames(column.name, source)
      const tail = lastSegment(source)
      if (tail !== source) {
        const [tailScore, tailMatch] = scoreNames(column.name, tail)
        if (tailScore * 0.9 > score) [score, match] = [tailScore * 0.9, tailMatch]
      }
      if (score === 0) continue
      if (!fits(column.type, guesses.get(source))) {
        if (column.type !== 'datetime') continue
        score *= 0.6
      }
      pairs.push({ column, source, score, match })
    }
  }
  pairs.sort((a, b) => b.score - a.score)
  const chosen = new Map<string, MappingSuggestion>()
  const usedSources = new Set<string>()
  for (const pair of pairs) {
    if (chosen.has(pair.column.name) || usedSources.has(pair.source)) continue
    chosen.set(pair.column.name, {
      column: pair.column.name,
      type: pair.column.type,
      source: pair.source,
      confidence: Math.round(pair.score * 100) / 100,
      match: pair.match,
    })
    usedSources.add(pair.source)
  }
  const timeName =
    options.timeColumn ??
    (streamColumns.some((c) => c.name === 'TimeGenerated' && c.type === 'datetime')
      ? 'TimeGenerated'
      : streamColumns.find((c) => c.type === 'datetime')?.name)
  const timeColumn = streamColumns.find((c) => c.name === timeName && c.type === 'datetime')
  if (timeColumn !== undefined && samples.length > 0) {
    const time = timeSuggestion(timeColumn, chosen.get(timeColumn.name), sourceColumns, samples)
    if (time !== undefined) chosen.set(timeColumn.name, time)
  }
  return streamColumns.map(
    (column) =>
      chosen.get(column.name) ?? {
        column: column.name,
        type: column.type,
        source: null,
        confidence: 0,
        match: 'none' as const,
      },
  )
}

/**
 * A draft mapping from suggestions: each matched column reads its source, with the date format
 * inferred from the samples where one is needed. Unmatched columns are left out.
 */
export function draftMapping(
  stream: string,
  suggestions: readonly MappingSuggestion[],
  samples: readonly Record<string, unknown>[] = [],
): Mapping {
  const columns: Record<string, ColumnMapping> = {}
  for (const suggestion of suggestions) {
    if (suggestion.template !== undefined) {
      columns[suggestion.column] = {
        source: { kind: 'template', template: suggestion.template },
        type: suggestion.type,
        ...(suggestion.date === undefined ? {} : { format: { date: suggestion.date } }),
      }
      continue
    }
    if (suggestion.source === null) continue
    const column: ColumnMapping = {
      source: { kind: 'field', path: [suggestion.source] },
      type: suggestion.type,
    }
    if (suggestion.date !== undefined) column.format = { date: suggestion.date }
    else if (suggestion.type === 'datetime' && samples.length > 0) {
      const guess = inferColumnType(columnValues(samples, suggestion.source), suggestion.source)
      if (guess.format?.date !== undefined) column.format = { date: guess.format.date }
    }
    columns[suggestion.column] = column
  }
  return { version: 1, stream, columns, timePolicy: DEFAULT_TIME_POLICY, oversizedValue: 'fail' }
}
