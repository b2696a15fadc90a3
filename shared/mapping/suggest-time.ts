import { inferColumnType } from './infer-type'

/**
 * Where the record's time most likely comes from: one field that reads as a time (ISO, epoch,
 * a pattern found from its values), or, when the file splits the time over columns, a template
 * joining them: `{Month} {Date} {Time}` (syslog: month name, day, time of day) or `{Date} {Time}`
 * (a date column and a time column), with the date format read from the joined values.
 */

/** A proposed source for the time column. */
export interface TimeSourceSuggestion {
  readonly source:
    | { readonly kind: 'field'; readonly path: string }
    | { readonly kind: 'template'; readonly template: string }
  /** The date format it needs (undefined: automatic). */
  readonly date?: string
  readonly confidence: number
  readonly note?: string
}

const TIME_OF_DAY_RE = /^\d{1,2}:\d{2}(:\d{2}([.,]\d{1,9})?)?$/
const PACKED_TIME_RE = /^\d{6}$/
const MONTH_RE = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*$/i
const DAY_NUMBER_RE = /^\d{1,2}$/
const DATE_NAME_RE = /date|day/i

type Samples = readonly Record<string, unknown>[]

function texts(samples: Samples, field: string): string[] {
  const out: string[] = []
  for (const record of samples) {
    const value = record[field]
    if (value === undefined || value === null) continue
    const text =
      typeof value === 'string'
        ? value.trim()
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : JSON.stringify(value)
    if (text !== '') out.push(text)
  }
  return out
}

function every(values: readonly string[], test: (value: string) => boolean): boolean {
  return values.length > 0 && values.every(test)
}

/** `{Date}`, or `{["a b"]}` for a name a bare path would misread. */
function placeholder(field: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(field) ? `{${field}}` : `{${JSON.stringify([field])}}`
}

function joined(samples: Samples, fields: readonly string[]): string[] {
  return samples.flatMap((record) => {
    const parts = fields.map((field) => record[field])
    if (parts.some((part) => part === undefined || part === null || part === '')) return []
    return [parts.map((part) => String(part as string | number)).join(' ')]
  })
}

function fromTemplate(
  samples: Samples,
  fields: readonly string[],
  weight: number,
): TimeSourceSuggestion | undefined {
  const guess = inferColumnType(joined(samples, fields), 'time')
  if (guess.type !== 'datetime' || guess.confidence < 0.5) return undefined
  return {
    source: { kind: 'template', template: fields.map(placeholder).join(' ') },
    ...(guess.format?.date === undefined ? {} : { date: guess.format.date }),
    confidence: Math.round(guess.confidence * weight * 100) / 100,
    ...(guess.note === undefined ? {} : { note: guess.note }),
  }
}

/** A date without a time of day is worth half: a template may add the time. */
const DATE_ONLY_WEIGHT = 0.5

/**
 * Proposes the time source from the top-level fields and the preview records. `preferred` (the
 * field matched by name) wins when it reads as a full time on its own.
 */
export function suggestTimeSource(
  fields: readonly string[],
  samples: Samples,
  preferred?: string,
): TimeSourceSuggestion | undefined {
  const found: TimeSourceSuggestion[] = []
  const values = new Map(fields.map((field) => [field, texts(samples, field)]))
  for (const field of fields) {
    const guess = inferColumnType(
      samples.map((record) => record[field]),
      field,
    )
    if (guess.type !== 'datetime' || guess.confidence < 0.5) continue
    const date = guess.format?.date
    const hasClock =
      date?.startsWith('epoch-') === true ||
      (date !== undefined && /[Hh]/.test(date)) ||
      (date === undefined && (values.get(field) ?? []).some((v) => /\d:\d\d|^\d+$/.test(v)))
    const suggestion: TimeSourceSuggestion = {
      source: { kind: 'field', path: field },
      ...(date === undefined ? {} : { date }),
      confidence: hasClock ? guess.confidence : guess.confidence * DATE_ONLY_WEIGHT,
      ...(guess.note === undefined ? {} : { note: guess.note }),
    }
    if (field === preferred && hasClock && guess.confidence >= 0.8) return suggestion
    found.push(suggestion)
  }
  const isTime = (field: string) => {
    const list = values.get(field) ?? []
    return (
      every(list, (v) => TIME_OF_DAY_RE.test(v)) ||
      (/time/i.test(field) && every(list, (v) => PACKED_TIME_RE.test(v)))
    )
  }
  const timeFields = fields.filter(isTime)
  const months = fields.filter((f) => every(values.get(f) ?? [], (v) => MONTH_RE.test(v)))
  const days = fields.filter((f) =>
    every(values.get(f) ?? [], (v) => DAY_NUMBER_RE.test(v) && Number(v) >= 1 && Number(v) <= 31),
  )
  for (const time of timeFields.slice(0, 2)) {
    for (const month of months.slice(0, 2)) {
      for (const day of days.slice(0, 3)) {
        const suggestion = fromTemplate(samples, [month, day, time], 0.9)
        if (suggestion !== undefined) found.push(suggestion)
      }
    }
    const dates = fields
      .filter((f) => f !== time && !months.includes(f) && !days.includes(f) && !isTime(f))
      .filter((f) => every(values.get(f) ?? [], (v) => v.length <= 12))
      .sort((a, b) => Number(DATE_NAME_RE.test(b)) - Number(DATE_NAME_RE.test(a)))
    for (const date of dates.slice(0, 4)) {
      const suggestion = fromTemplate(samples, [date, time], DATE_NAME_RE.test(date) ? 0.9 : 0.7)
      if (suggestion !== undefined) found.push(suggestion)
    }
  }
  // Stable sort: among equals, the earlier field (and single fields before templates) wins.
  return found.sort((a, b) => b.confidence - a.confidence)[0]
}
