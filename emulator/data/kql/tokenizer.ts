import { KqlError } from './kql-error'
import type { KqlType } from './kql-types'
import { TIMESPAN_UNITS, parseDateTime, parseGuid, parseTimespan } from './values'

/** A lexical token of the KQL subset; `offset` points into the text. */
export type Token =
  | { readonly kind: 'ident'; readonly text: string; readonly offset: number }
  | { readonly kind: 'string'; readonly value: string; readonly offset: number }
  | {
      readonly kind: 'number'
      readonly value: number
      readonly isReal: boolean
      readonly offset: number
    }
  | {
      readonly kind: 'literal'
      readonly type: KqlType
      readonly value: unknown
      readonly text: string
      readonly offset: number
    }
  | { readonly kind: 'punct'; readonly text: string; readonly offset: number }
  | { readonly kind: 'eof'; readonly offset: number }

/** Operator names that KQL spells with a hyphen; the tokenizer keeps them as one word. */
const HYPHENATED = new Set([
  'project-away',
  'project-rename',
  'project-keep',
  'project-reorder',
  'mv-expand',
  'mv-apply',
  'parse-where',
  'parse-kv',
  'make-series',
  'top-nested',
  'top-hitters',
  'as-of',
])

/** Words that may follow `!` to form a negated string or set operator. */
const NEGATABLE = new Set([
  'contains',
  'contains_cs',
  'has',
  'has_cs',
  'hasprefix',
  'hasprefix_cs',
  'hassuffix',
  'hassuffix_cs',
  'startswith',
  'startswith_cs',
  'endswith',
  'endswith_cs',
  'in',
  'between',
  'has_any',
])

const PUNCTUATION = [
  '==',
  '!=',
  '<>',
  '<=',
  '>=',
  '=~',
  '!~',
  '..',
  '|',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '.',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  ';',
  ':',
]

/** Typed literal words whose parenthesised content is raw text, not tokens. */
const RAW_LITERALS: Readonly<Record<string, KqlType>> = {
  datetime: 'datetime',
  date: 'datetime',
  guid: 'guid',
  uuid: 'guid',
  uniqueid: 'guid',
  dynamic: 'dynamic',
  timespan: 'timespan',
  time: 'timespan',
}

const IDENT_START = /[A-Za-z_$]/
const IDENT_PART = /[A-Za-z0-9_$]/
const DIGIT = /[0-9]/

/** Splits a KQL text into tokens; throws a syntax `KqlError` at the first bad character. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const ch = text[i] as string
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i++
      continue
    }
    if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
      continue
    }
    const start = i
    if (IDENT_START.test(ch)) {
      i = readIdentEnd(text, i)
      let word = text.slice(start, i)
      if (text[i] === '-' && IDENT_START.test(text[i + 1] ?? '')) {
        const end = readIdentEnd(text, i + 1)
        const joined = `${word}-${text.slice(i + 1, end)}`
        if (HYPHENATED.has(joined.toLowerCase())) {
          word = joined
          i = end
        }
      }
      if (word === 'in' && text[i] === '~') {
        tokens.push({ kind: 'ident', text: 'in~', offset: start })
        i++
        continue
      }
      if ((word === 'h' || word === 'H') && (text[i] === "'" || text[i] === '"')) {
        const read = readString(text, i, false)
        tokens.push({ kind: 'string', value: read.value, offset: start })
        i = read.end
        continue
      }
      const rawType = RAW_LITERALS[word]
      const openAt = skipSpaces(text, i)
      if (rawType !== undefined && text[openAt] === '(') {
        const close = findClosingParen(text, openAt)
        const raw = text.slice(openAt + 1, close)
        tokens.push({
          kind: 'literal',
          type: rawType,
          value: parseRawLiteral(rawType, raw, openAt + 1),
          text: text.slice(start, close + 1),
          offset: start,
        })
        i = close + 1
        continue
      }
      tokens.push({ kind: 'ident', text: word, offset: start })
      continue
    }
    if (ch === '@' && (text[i + 1] === "'" || text[i + 1] === '"')) {
      const read = readString(text, i + 1, true)
      tokens.push({ kind: 'string', value: read.value, offset: start })
      i = read.end
      continue
    }
    if (ch === "'" || ch === '"') {
      const read = readString(text, i, false)
      tokens.push({ kind: 'string', value: read.value, offset: start })
      i = read.end
      continue
    }
    if (DIGIT.test(ch) || (ch === '.' && DIGIT.test(text[i + 1] ?? ''))) {
      const read = readNumber(text, i)
      tokens.push(read.token)
      i = read.end
      continue
    }
    if (ch === '!' && IDENT_START.test(text[i + 1] ?? '')) {
      const end = readIdentEnd(text, i + 1)
      const word = text.slice(i + 1, end)
      if (NEGATABLE.has(word)) {
        const tilde = word === 'in' && text[end] === '~'
        tokens.push({ kind: 'ident', text: `!${word}${tilde ? '~' : ''}`, offset: start })
        i = end + (tilde ? 1 : 0)
        continue
      }
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i))
    if (punct === undefined) {
      throw new KqlError('syntax', `Unexpected character '${ch}'`, start, ch)
    }
    tokens.push({ kind: 'punct', text: punct, offset: start })
    i += punct.length
  }
  tokens.push({ kind: 'eof', offset: text.length })
  return tokens
}

function readIdentEnd(text: string, from: number): number {
  let i = from
  while (i < text.length && IDENT_PART.test(text[i] as string)) i++
  return i
}

function skipSpaces(text: string, from: number): number {
  let i = from
  while (text[i] === ' ' || text[i] === '\t') i++
  return i
}

function findClosingParen(text: string, open: number): number {
  let depth = 0
  let quote: string | undefined
  for (let i = open; i < text.length; i++) {
    const ch = text[i]
    if (quote !== undefined) {
      if (ch === '\\') i++
      else if (ch === quote) quote = undefined
      continue
    }
    if (ch === '"' || ch === "'") quote = ch
    else if (ch === '(' || ch === '[' || ch === '{') depth++
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--
      if (depth === 0) return i
    }
  }
  throw new KqlError('syntax', 'Missing closing parenthesis', open, '(')
}

function parseRawLiteral(type: KqlType, raw: string, offset: number): unknown {
  const inner = raw.trim().replace(/^(['"])(.*)\1$/s, '$2')
  if (inner === 'null') return null
  switch (type) {
    case 'datetime': {
      const value = parseDateTime(inner)
      if (value === null)
        throw new KqlError('syntax', `Invalid datetime literal '${raw}'`, offset, raw)
      return value
    }
    case 'guid': {
      const value = parseGuid(inner)
      if (value === null) throw new KqlError('syntax', `Invalid guid literal '${raw}'`, offset, raw)
      return value
    }
    case 'timespan': {
      const value = parseTimespan(inner)
      if (value === null)
        throw new KqlError('syntax', `Invalid timespan literal '${raw}'`, offset, raw)
      return value
    }
    default:
      try {
        return JSON.parse(raw) as unknown
      } catch {
        throw new KqlError('syntax', `Invalid dynamic literal '${raw}'`, offset, raw)
      }
  }
}

function readString(text: string, open: number, verbatim: boolean): { value: string; end: number } {
  const quote = text[open]
  let value = ''
  let i = open + 1
  while (i < text.length) {
    const ch = text[i] as string
    if (ch === quote) {
      if (verbatim && text[i + 1] === quote) {
        value += quote
        i += 2
        continue
      }
      return { value, end: i + 1 }
    }
    if (ch === '\n') break
    if (ch === '\\' && !verbatim) {
      const next = text[i + 1]
      const escapes: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '\\': '\\',
        "'": "'",
        '"': '"',
      }
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))
        i += 6
        continue
      }
      const escaped = next === undefined ? undefined : escapes[next]
      if (escaped === undefined) {
        throw new KqlError(
          'syntax',
          `Invalid escape sequence '\\${next ?? ''}'`,
          i,
          `\\${next ?? ''}`,
        )
      }
      value += escaped
      i += 2
      continue
    }
    value += ch
    i++
  }
  throw new KqlError('syntax', 'Unterminated string literal', open, text.slice(open, open + 10))
}

function readNumber(text: string, from: number): { token: Token; end: number } {
  const match = /^(\d*\.?\d+(?:[eE][+-]?\d+)?|\d+\.)/.exec(text.slice(from))
  const numberText = match?.[0] ?? ''
  let end = from + numberText.length
  if (IDENT_START.test(text[end] ?? '')) {
    const unitEnd = readIdentEnd(text, end)
    const unit = text.slice(end, unitEnd).toLowerCase()
    const factor = TIMESPAN_UNITS[unit]
    if (factor === undefined) {
      throw new KqlError(
        'syntax',
        `Invalid number or timespan '${text.slice(from, unitEnd)}'`,
        from,
      )
    }
    end = unitEnd
    return {
      token: {
        kind: 'literal',
        type: 'timespan',
        value: Number(numberText) * factor,
        text: text.slice(from, end),
        offset: from,
      },
      end,
    }
  }
  const isReal = /[.eE]/.test(numberText)
  return { token: { kind: 'number', value: Number(numberText), isReal, offset: from }, end }
}
