import { compileDatePattern, resolveYear, type DateParts } from './date-pattern'

/**
 * Finds the date format of text times that ISO 8601, RFC 1123 and epoch do not cover
 * (`Sun Dec 04 04:47:44 2005`, `Jun 14 15:16:01`, `17/06/09 20:10:40`, `081109 203615`), from
 * all the sample values, not the first one alone.
 *
 * The candidate patterns come from the layout of a sample: letters that name a month or a day,
 * digit groups joined by one separator (a date; every order its digit counts allow), groups
 * joined by `:` (a time), a fraction after the seconds, packed digits (`yyMMdd`, `HHmmss`).
 * Every candidate is run over every value; among those that read the most values, the one whose
 * times lie closest together wins when it is clearly closer (logs cluster in time: read as
 * dd/MM/yy, `17/06/09` and `17/06/10` are a year apart; as yy/MM/dd, a day). When nothing
 * separates them, a year-first order is preferred for 2-digit years (log4j's `yy/MM/dd`, what
 * Spark and Hadoop write) and said so; a day/month order with the year last is never guessed.
 */

/** A proposed date format and how well it reads the samples. */
export interface DateFormatHint {
  /** Undefined when two orders read the values equally well and neither can be preferred. */
  readonly date?: string
  /** Share of the non-empty samples the format reads (0..1). */
  readonly fits: number
  /** Why the choice needs a look (another order reads the values as well). */
  readonly note?: string
}

const MONTH_RE = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*$/i
const DAY_RE = /^(sun|mon|tue|wed|thu|fri|sat)[a-z]*$/i

type Piece = { kind: 'digits' | 'letters' | 'other'; text: string }

function pieces(text: string): Piece[] {
  return (text.match(/\d+|[A-Za-z]+|[^\dA-Za-z]/g) ?? []).map((part) => ({
    kind: /^\d/.test(part) ? 'digits' : /^[A-Za-z]/.test(part) ? 'letters' : 'other',
    text: part,
  }))
}

function quote(text: string): string {
  return /[A-Za-z']/.test(text) ? `'${text.replace(/'/g, "''")}'` : text
}

/** Day/month/year orders for a 3-group date by digit counts. */
function dateOrders(a: number, b: number, c: number, sep: string): string[] {
  const mm = (n: number) => (n === 1 ? 'M' : 'MM')
  const dd = (n: number) => (n === 1 ? 'd' : 'dd')
  if (a === 4 && b <= 2 && c <= 2) return [`yyyy${sep}${mm(b)}${sep}${dd(c)}`]
  if (c === 4 && a <= 2 && b <= 2) {
    return [`${dd(a)}${sep}${mm(b)}${sep}yyyy`, `${mm(a)}${sep}${dd(b)}${sep}yyyy`]
  }
  if (a === 2 && b <= 2 && c === 2) {
    return [
      `yy${sep}${mm(b)}${sep}${dd(c)}`,
      `${dd(a)}${sep}${mm(b)}${sep}yy`,
      `${mm(a)}${sep}${dd(b)}${sep}yy`,
    ]
  }
  return []
}

/** Time of day from digit groups joined by `:` or `.`: `HH:mm:ss`, with a fraction after. */
function timePattern(groups: readonly string[], sep: string, fraction?: string): string {
  const names = ['HH', 'mm', 'ss']
  let pattern = groups
    .slice(0, 3)
    .map((group, index) => (index === 0 && group.length === 1 ? 'H' : names[index]))
    .join(sep)
  if (fraction !== undefined) pattern += fraction
  return pattern
}

/** Every pattern the layout of one sample allows (several when a date's order is open). */
export function candidatePatterns(sample: string): string[] {
  const list = pieces(sample.trim())
  let variants: string[] = ['']
  const add = (options: readonly string[]) => {
    variants = variants.flatMap((prefix) => options.map((option) => prefix + option))
  }
  let seenDate = false
  let i = 0
  while (i < list.length) {
    const piece = list[i] as Piece
    if (piece.kind === 'letters') {
      if (MONTH_RE.test(piece.text)) add([piece.text.length === 3 ? 'MMM' : 'MMMM'])
      else if (DAY_RE.test(piece.text)) add([piece.text.length === 3 ? 'EEE' : 'EEEE'])
      else if (/^[ap]m$/i.test(piece.text)) add(['tt'])
      else if (piece.text === 'T') add(["'T'"])
      else if (piece.text === 'Z' && i === list.length - 1) add(['Z'])
      else add([quote(piece.text)])
      i++
      continue
    }
    if (piece.kind === 'other') {
      const zone = /^[+-]$/.test(piece.text) ? list[i + 1] : undefined
      if (zone?.kind === 'digits' && zone.text.length === 4 && i + 2 === list.length) {
        add(['Z'])
        i += 2
        continue
      }
      add([piece.text === "'" ? "''" : piece.text])
      i++
      continue
    }
    // Digit groups joined by one separator.
    const groups = [piece.text]
    let sep = ''
    let j = i + 1
    while (j + 1 < list.length && list[j]?.kind === 'other' && list[j + 1]?.kind === 'digits') {
      const nextSep = (list[j] as Piece).text
      if (sep === '' && ':/-.'.includes(nextSep)) sep = nextSep
      if (nextSep !== sep || groups.length === 3) break
      groups.push((list[j + 1] as Piece).text)
      j += 2
    }
    const lengths = groups.map((group) => group.length)
    const isTime = (sep === ':' || (sep === '.' && seenDate)) && groups.length >= 2
    if (isTime && lengths.every((n) => n <= 2)) {
      let fraction: string | undefined
      const after = list[j]
      const digits = list[j + 1]
      if (
        groups.length === 3 &&
        (after?.text === '.' || after?.text === ',') &&
        digits?.kind === 'digits'
      ) {
        fraction = `${after.text}${'f'.repeat(Math.min(digits.text.length, 9))}`
        j += 2
      }
      add([timePattern(groups, sep, fraction)])
      i = j
      continue
    }
    if (groups.length === 3 && !seenDate) {
      const orders = dateOrders(lengths[0] ?? 0, lengths[1] ?? 0, lengths[2] ?? 0, sep)
      if (orders.length > 0) {
        add(orders)
        seenDate = true
        i = j
        continue
      }
    }
    const run = piece.text
    if (run.length === 14) add(['yyyyMMddHHmmss'])
    else if (run.length === 12 && !seenDate) add(['yyMMddHHmmss'])
    else if (run.length === 8 && !seenDate) add(['yyyyMMdd'])
    else if (run.length === 6 && !seenDate) add(['yyMMdd'])
    else if (run.length === 6) add(['HHmmss'])
    else if (run.length === 4) add(['yyyy'])
    else if (run.length <= 2) add([run.length === 1 ? 'd' : 'dd'])
    else return []
    if (run.length >= 6 && !seenDate) seenDate = true
    i++
  }
  return [...new Set(variants)].filter((pattern) => compileDatePattern(pattern).ok)
}

function partsMs(parts: DateParts): number {
  const at = new Date(0)
  at.setUTCFullYear(parts.year, parts.month - 1, parts.day)
  at.setUTCHours(parts.hour, parts.minute, parts.second)
  return at.getTime() - (parts.offsetMinutes ?? 0) * 60_000
}

interface Scored {
  readonly date: string
  readonly hits: number
  readonly span: number
}

/** Year-less values are scored in a leap year: the year rule is applied when mapping. */
const SCORING_YEAR = 2000

function score(pattern: string, texts: readonly string[]): Scored {
  const compiled = compileDatePattern(pattern)
  if (!compiled.ok) return { date: pattern, hits: 0, span: Infinity }
  let hits = 0
  let min = Infinity
  let max = -Infinity
  for (const text of texts) {
    let parts = compiled.parse(text)
    if (typeof parts !== 'string' && parts.hasYear === false)
      parts = resolveYear(parts, 0, SCORING_YEAR)
    if (typeof parts === 'string') continue
    hits++
    const ms = partsMs(parts)
    if (ms < min) min = ms
    if (ms > max) max = ms
  }
  return { date: pattern, hits, span: hits === 0 ? Infinity : max - min }
}

/** How much closer together one reading's times must be to win over another. */
const CLEARLY_CLOSER = 10

/** The date format that reads the most of `texts`, or undefined when no layout fits. */
export function inferDateFormat(texts: readonly string[]): DateFormatHint | undefined {
  const values = texts.map((text) => text.trim()).filter((text) => text !== '')
  const first = values[0]
  if (first === undefined) return undefined
  const patterns = new Set(candidatePatterns(first))
  // A later value may be laid out differently (a 1-digit day): its candidates compete too.
  for (const text of values.slice(1, 50)) for (const p of candidatePatterns(text)) patterns.add(p)
  const scored = [...patterns]
    .map((pattern) => score(pattern, values))
    .filter((s) => s.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.span - b.span)
  const best = scored[0]
  if (best === undefined) return undefined
  const fits = best.hits / values.length
  const rival = scored.find(
    (s) => s.hits === best.hits && s !== best && sameFields(s.date, best.date),
  )
  if (rival === undefined) return { date: best.date, fits }
  // Only a 2-digit year's place is decided by how close the times lie; day/month never is.
  const yearFirst = [best, rival].find((s) => /^yy[^y]/.test(s.date))
  if (yearFirst !== undefined && rival.span >= Math.max(best.span, 1) * CLEARLY_CLOSER) {
    return { date: best.date, fits }
  }
  if (yearFirst !== undefined) {
    const other = yearFirst === best ? rival : best
    return {
      date: yearFirst.date,
      fits,
      note: `The values also read as ${other.date}; ${yearFirst.date} (year first, as log4j writes) was chosen. Check the dates below.`,
    }
  }
  return {
    fits: Math.min(fits, 0.5),
    note: `The values read as ${best.date} or as ${rival.date}; choose the one the file uses.`,
  }
}

/** Two patterns with the same tokens in another order (rivals for the same values). */
function sameFields(a: string, b: string): boolean {
  const sorted = (pattern: string) => [...pattern].sort().join('')
  return a !== b && sorted(a) === sorted(b)
}
