import { parseIsoParts } from './coerce-datetime'
import { inferDateFormat } from './date-hints'
import { compileDatePattern } from './date-pattern'
import type { ColumnFormat, DcrColumnType } from './mapping-schema'

/**
 * Suggests a DCR column type from sample values (for the preview and for draft mappings).
 *
 * Each non-empty value is classified; the narrowest type that covers the values wins
 * (boolean < int < long < real; datetime; dynamic; string takes anything). Confidence is the
 * share of values that fit that type, lowered when there are fewer than 5 values or when
 * day/month order cannot be told from the samples. A date pattern is proposed for day/month
 * dates only when some sample proves the order (a day above 12). Other text times (`Jun 14
 * 15:16:01`, `17/06/09 20:10:40`) get the pattern date-hints.ts finds from all the values.
 */

/** A suggested type for one column. */
export interface TypeGuess {
  readonly type: DcrColumnType
  /** 0..1: how sure the guess is. */
  readonly confidence: number
  /** Format options the guess relies on (a date pattern, an epoch unit). */
  readonly format?: ColumnFormat
  /** A short explanation when the guess needs the user's eye. */
  readonly note?: string
}

type Kind = 'empty' | 'bool' | 'int' | 'long' | 'real' | 'iso' | 'slash' | 'json' | 'text'

const BOOL_WORDS = new Set(['true', 'false', 'yes', 'no'])
const WHOLE_RE = /^[+-]?\d+$/
const REAL_RE = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/
const SLASH_RE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:([ T])(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(?:\s*([AaPp][Mm]))?)?$/
const RFC1123_RE = /^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}/
const TIME_NAME_RE = /(time|date|timestamp|^ts$|created|updated|_at$|At$)/i

function classify(value: unknown): Kind {
  if (value === undefined || value === null) return 'empty'
  switch (typeof value) {
    case 'boolean':
      return 'bool'
    case 'number':
      if (!Number.isFinite(value)) return 'text'
      if (!Number.isInteger(value)) return 'real'
      return value >= -2147483648 && value <= 2147483647 ? 'int' : 'long'
    case 'object':
      return 'json'
    case 'string': {
      const text = value.trim()
      if (text === '') return 'empty'
      if (BOOL_WORDS.has(text.toLowerCase())) return 'bool'
      if (WHOLE_RE.test(text)) {
        const n = Number(text)
        return n >= -2147483648 && n <= 2147483647 ? 'int' : 'long'
      }
      if (REAL_RE.test(text)) return 'real'
      if (typeof parseIsoParts(text) === 'object' || RFC1123_RE.test(text)) return 'iso'
      if (SLASH_RE.test(text)) return 'slash'
      const first = text[0]
      if ((first === '{' || first === '[') && looksLikeJson(text)) return 'json'
      return 'text'
    }
    default:
      return 'text'
  }
}

function looksLikeJson(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null
  } catch {
    return false
  }
}

/** Builds a pattern such as `d/M/yyyy H:mm:ss` from a sample, in the given day/month order. */
function slashPattern(sample: string, dayFirst: boolean): string {
  const m = SLASH_RE.exec(sample.trim()) as RegExpExecArray
  const sep = m[2] as string
  let pattern = dayFirst ? `d${sep}M${sep}yyyy` : `M${sep}d${sep}yyyy`
  if (m[6] !== undefined) {
    const twelve = m[10] !== undefined
    pattern += `${m[5] === 'T' ? "'T'" : ' '}${twelve ? 'h' : 'H'}:mm`
    if (m[8] !== undefined) pattern += ':ss'
    if (m[9] !== undefined) pattern += `.${'f'.repeat(m[9].length)}`
    if (twelve) pattern += ' tt'
  }
  return pattern
}

function guessSlashDates(texts: readonly string[], total: number): TypeGuess {
  let dayFirst = false
  let monthFirst = false
  for (const text of texts) {
    const m = SLASH_RE.exec(text.trim()) as RegExpExecArray
    if (Number(m[1]) > 12) dayFirst = true
    if (Number(m[3]) > 12) monthFirst = true
  }
  const share = texts.length / total
  if (dayFirst === monthFirst) {
    return {
      type: 'datetime',
      confidence: Math.min(0.5, share),
      note: dayFirst
        ? 'The dates mix day/month and month/day order; choose a date format.'
        : 'The day/month order cannot be told from these dates (no day above 12); choose dd/MM/yyyy or MM/dd/yyyy.',
    }
  }
  const pattern = slashPattern(texts[0] as string, dayFirst)
  const compiled = compileDatePattern(pattern)
  const fits = compiled.ok ? texts.filter((t) => typeof compiled.parse(t) === 'object').length : 0
  return { type: 'datetime', confidence: (fits / total) * 0.95, format: { date: pattern } }
}

/** Suggests a type for a column from its sample values; the name helps spot epoch times. */
export function inferColumnType(values: readonly unknown[], name?: string): TypeGuess {
  const counts: Record<Kind, number> = {
    empty: 0,
    bool: 0,
    int: 0,
    long: 0,
    real: 0,
    iso: 0,
    slash: 0,
    json: 0,
    text: 0,
  }
  const slashTexts: string[] = []
  const texts: string[] = []
  let min = Infinity
  let max = -Infinity
  for (const value of values) {
    const kind = classify(value)
    counts[kind]++
    if (kind === 'slash') slashTexts.push(value as string)
    if (kind === 'text') texts.push(value as string)
    if (kind === 'int' || kind === 'long' || kind === 'real') {
      const n = Number(typeof value === 'string' ? value.trim() : value)
      min = Math.min(min, n)
      max = Math.max(max, n)
    }
  }
  const total = values.length - counts.empty
  if (total === 0) return { type: 'string', confidence: 0, note: 'No values in the sample.' }
  const sampleFactor = total >= 5 ? 1 : 0.5 + total / 10
  const numeric = counts.int + counts.long + counts.real
  const candidates: Array<[DcrColumnType, number, ColumnFormat | undefined]> = []
  if (counts.bool > 0) candidates.push(['boolean', counts.bool, undefined])
  if (numeric > 0) {
    const epoch =
      name !== undefined && TIME_NAME_RE.test(name) && counts.real === 0
        ? epochUnit(min, max)
        : undefined
    if (epoch !== undefined) candidates.push(['datetime', numeric, { date: epoch }])
    else if (counts.real > 0) candidates.push(['real', numeric, undefined])
    else if (counts.long > 0) candidates.push(['long', numeric, undefined])
    else candidates.push(['int', numeric, undefined])
  }
  if (counts.iso > 0) candidates.push(['datetime', counts.iso, undefined])
  if (counts.json > 0) candidates.push(['dynamic', counts.json, undefined])
  if (counts.slash > 0 && counts.slash >= counts.iso) {
    const guess = guessSlashDates(slashTexts, total)
    return { ...guess, confidence: guess.confidence * sampleFactor }
  }
  if (counts.text / total >= 0.8) {
    const hint = inferDateFormat(texts)
    if (hint !== undefined && hint.fits * texts.length >= total * 0.8) {
      return {
        type: 'datetime',
        confidence: ((hint.fits * texts.length) / total) * sampleFactor * (hint.note ? 0.8 : 1),
        ...(hint.date === undefined ? {} : { format: { date: hint.date } }),
        ...(hint.note === undefined ? {} : { note: hint.note }),
      }
    }
  }
  candidates.sort((a, b) => b[1] - a[1])
  const best = candidates[0]
  if (best === undefined || best[1] / total < 0.8) {
    return { type: 'string', confidence: sampleFactor * (counts.text / total >= 0.5 ? 0.9 : 0.6) }
  }
  const [type, hits, format] = best
  const confidence = (hits / total) * sampleFactor
  const misfits = total - hits
  return {
    type,
    confidence,
    ...(format === undefined ? {} : { format }),
    ...(misfits > 0 ? { note: `${misfits} of ${total} sample values do not fit ${type}.` } : {}),
  }
}

/** An epoch unit when all numbers fall in 2000–2100 in that unit; otherwise undefined. */
function epochUnit(min: number, max: number): ColumnFormat['date'] | undefined {
  const units: Array<[NonNullable<ColumnFormat['date']>, number]> = [
    ['epoch-s', 1],
    ['epoch-ms', 1e3],
    ['epoch-us', 1e6],
    ['epoch-ns', 1e9],
  ]
  for (const [unit, factor] of units) {
    if (min >= 946684800 * factor && max <= 4102444800 * factor) return unit
  }
  return undefined
}
