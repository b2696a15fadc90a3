import { compileFieldReader, parseFieldPath } from './field-path'

/**
 * A column computed from several fields: `{Month} {Date} {Time}` joins the three values with
 * spaces, so a syslog time split over columns reads as `Jun 14 15:16:01`. Inside braces is a
 * field path (`{props.day}`, `{["a.b"]}`); `{{` and `}}` are literal braces.
 */

/** One piece of a template: literal text, or the field path to read. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'field'; readonly path: string; readonly segments: (string | number)[] }

/** Splits a template into its parts, or says what is wrong with it. */
export function parseFieldTemplate(template: string): TemplatePart[] | string {
  const parts: TemplatePart[] = []
  let text = ''
  let i = 0
  while (i < template.length) {
    const ch = template[i] as string
    const next = template[i + 1]
    if ((ch === '{' && next === '{') || (ch === '}' && next === '}')) {
      text += ch
      i += 2
      continue
    }
    if (ch === '}') return `"${template}" has a } without its {; write }} for a literal brace`
    if (ch !== '{') {
      text += ch
      i++
      continue
    }
    const end = template.indexOf('}', i + 1)
    if (end === -1) return `"${template}" has a { without its }`
    const path = template.slice(i + 1, end).trim()
    if (path === '') return `"${template}" has an empty {}; put a field name inside, as in {Time}`
    const segments = parseFieldPath(path)
    if (typeof segments === 'string') return segments
    if (text !== '') parts.push({ kind: 'text', text })
    text = ''
    parts.push({ kind: 'field', path, segments })
    i = end + 1
  }
  if (text !== '') parts.push({ kind: 'text', text })
  if (!parts.some((part) => part.kind === 'field')) {
    return `"${template}" names no field; put field names in braces, as in {Date} {Time}`
  }
  return parts
}

/** The field paths a template reads, in order. */
export function templateFields(parts: readonly TemplatePart[]): string[] {
  return parts.flatMap((part) => (part.kind === 'field' ? [part.path] : []))
}

/**
 * A template with some fields empty: the joined text is not what the file meant, so the record
 * fails with the fields named (all of them empty is "no value" instead).
 */
export class TemplateGap {
  constructor(
    readonly missing: readonly string[],
    readonly text: string,
  ) {}
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'object') return JSON.stringify(value)
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
    ? String(value)
    : ''
}

/**
 * Compiles a reader: the joined text, undefined when every field is empty, or a TemplateGap
 * when only some are.
 */
export function compileTemplateReader(
  parts: readonly TemplatePart[],
): (record: object) => string | undefined | TemplateGap {
  const pieces = parts.map((part) =>
    part.kind === 'text'
      ? { text: part.text, read: undefined, path: '' }
      : { text: '', read: compileFieldReader(part.segments), path: part.path },
  )
  const fieldCount = pieces.filter((piece) => piece.read !== undefined).length
  return (record) => {
    let out = ''
    let missing: string[] | undefined
    for (const piece of pieces) {
      if (piece.read === undefined) {
        out += piece.text
        continue
      }
      const value = piece.read(record)
      if (isBlank(value)) (missing ??= []).push(piece.path)
      else out += asText(value)
    }
    if (missing === undefined) return out
    return missing.length === fieldCount ? undefined : new TemplateGap(missing, out)
  }
}
