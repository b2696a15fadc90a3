import {
  Combobox,
  Dropdown,
  Field,
  Input,
  Option,
  OptionGroup,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { useEffect, useRef, useState, type RefObject } from 'react'
import { compileDatePattern, DATE_PRESETS } from '../../../../shared/mapping/date-pattern'
import { parseFieldTemplate, templateFields } from '../../../../shared/mapping/field-template'
import type { ColumnFormat, DcrColumnType } from '../../../../shared/mapping/mapping-schema'
import type { SourceChoice } from './mapping-draft'

const useStyles = makeStyles({
  stack: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    minWidth: '220px',
  },
  control: { minWidth: '220px', maxWidth: '100%' },
})

const CONSTANT = 'kind:constant'
const NOW = 'kind:now'
const NONE = 'kind:none'
const TYPED = 'kind:path'
const TEMPLATE = 'kind:template'

/** The picker's value for a choice. */
function optionValue(source: SourceChoice, sources: readonly string[]): string {
  switch (source.kind) {
    case 'field':
      return sources.includes(source.path) ? `field:${source.path}` : TYPED
    case 'template':
      return TEMPLATE
    case 'constant':
      return CONSTANT
    case 'now':
      return NOW
    case 'none':
      return NONE
  }
}

/** What the closed picker shows. */
function shownText(source: SourceChoice): string {
  switch (source.kind) {
    case 'field':
      return source.path === '' ? 'A path you type' : source.path
    case 'template':
      return 'Several fields joined'
    case 'constant':
      return 'A constant value'
    case 'now':
      return 'The time of upload (now)'
    case 'none':
      return 'Leave empty'
  }
}

/**
 * Where one stream column's value comes from: a field of the file, a nested JSON path (offered,
 * or typed), a constant, the time of upload, or nothing.
 */
export function SourcePicker({
  column,
  type,
  source,
  headers,
  nested,
  onChange,
}: {
  readonly column: string
  readonly type: DcrColumnType
  readonly source: SourceChoice
  readonly headers: readonly string[]
  readonly nested: readonly string[]
  readonly onChange: (source: SourceChoice) => void
}) {
  const styles = useStyles()
  const all = [...headers, ...nested]
  const value = optionValue(source, all)
  const nowAllowed = type === 'datetime' || type === 'string'
  return (
    <div className={styles.stack}>
      <Dropdown
        className={styles.control}
        size="small"
        aria-label={`Source of ${column}`}
        value={shownText(source)}
        selectedOptions={[value]}
        onOptionSelect={(_event, data) => {
          const picked = data.optionValue ?? NONE
          if (picked === value) return
          if (picked.startsWith('field:')) onChange({ kind: 'field', path: picked.slice(6) })
          else if (picked === TYPED) onChange({ kind: 'field', path: '' })
          else if (picked === TEMPLATE) {
            const start = headers.slice(0, 2).map((header) => `{${header}}`)
            onChange({ kind: 'template', template: start.join(' ') })
          } else if (picked === CONSTANT) onChange({ kind: 'constant', text: '' })
          else if (picked === NOW) onChange({ kind: 'now' })
          else onChange({ kind: 'none' })
        }}
        data-testid="source-picker"
      >
        <OptionGroup label="Columns of the file">
          {headers.map((header) => (
            <Option key={header} value={`field:${header}`} text={header}>
              {header}
            </Option>
          ))}
        </OptionGroup>
        {nested.length === 0 ? null : (
          <OptionGroup label="Nested JSON fields">
            {nested.map((path) => (
              <Option key={path} value={`field:${path}`} text={path}>
                {path}
              </Option>
            ))}
          </OptionGroup>
        )}
        <OptionGroup label="Other">
          <Option value={TYPED} text="A path you type">
            A path you type (e.g. props.user)
          </Option>
          <Option value={TEMPLATE} text="Several fields joined">
            Several fields joined (e.g. {'{Date} {Time}'})
          </Option>
          <Option value={CONSTANT} text="A constant value">
            A constant value
          </Option>
          {nowAllowed ? (
            <Option value={NOW} text="The time of upload (now)">
              The time of upload (now)
            </Option>
          ) : null}
          <Option value={NONE} text="Leave empty">
            Leave empty
          </Option>
        </OptionGroup>
      </Dropdown>
      {value === TYPED && source.kind === 'field' ? (
        <Input
          size="small"
          aria-label={`Path into the record for ${column}`}
          placeholder="props.user or items[0].id"
          value={source.path}
          onChange={(_event, data) => onChange({ kind: 'field', path: data.value })}
          data-testid="source-path"
        />
      ) : null}
      {source.kind === 'template' ? (
        <Field
          size="small"
          validationState={templateMessage(source.template, headers) === null ? 'none' : 'error'}
          validationMessage={templateMessage(source.template, headers)}
          hint={
            templateMessage(source.template, headers) === null
              ? 'Field names in braces; the text between them is kept.'
              : undefined
          }
        >
          <Input
            size="small"
            aria-label={`Fields joined for ${column}`}
            placeholder="{Month} {Date} {Time}"
            value={source.template}
            onChange={(_event, data) => onChange({ kind: 'template', template: data.value })}
            data-testid="source-template"
          />
        </Field>
      ) : null}
      {source.kind === 'constant' ? (
        <Input
          size="small"
          aria-label={`Constant value for ${column}`}
          placeholder={type === 'dynamic' ? '{"env": "prod"}' : 'value'}
          value={source.text}
          onChange={(_event, data) => onChange({ kind: 'constant', text: data.value })}
          data-testid="source-constant"
        />
      ) : null}
    </div>
  )
}

/** What is wrong with a template as typed (null when nothing): syntax, or fields the file lacks. */
export function templateMessage(template: string, headers: readonly string[]): string | null {
  const parts = parseFieldTemplate(template)
  if (typeof parts === 'string') return parts
  const known = new Set(headers)
  const unknown = templateFields(parts).filter((path) => {
    const root = /^[^.[]+/.exec(path)?.[0] ?? path
    return !known.has(path) && !known.has(root)
  })
  if (unknown.length === 0) return null
  return `The file has no field ${unknown.join(', ')}; its fields are ${headers.join(', ')}.`
}

/** What is wrong with a date format as typed (null when it is a preset or a valid pattern). */
export function dateFormatMessage(date: string): string | null {
  if (date === '' || (DATE_PRESETS as readonly string[]).includes(date)) return null
  const compiled = compileDatePattern(date)
  return compiled.ok ? null : `Not a date format: ${compiled.reason}.`
}

/** Date formats offered; any pattern can be typed. */
export const DATE_FORMATS: ReadonlyArray<{ readonly value: string; readonly label: string }> = [
  { value: 'auto', label: 'Detect (ISO 8601, RFC 1123 or epoch)' },
  { value: 'iso', label: 'ISO 8601 only' },
  { value: 'epoch-s', label: 'Seconds since 1970' },
  { value: 'epoch-ms', label: 'Milliseconds since 1970' },
  { value: 'epoch-us', label: 'Microseconds since 1970' },
  { value: 'epoch-ns', label: 'Nanoseconds since 1970' },
  { value: 'dd/MM/yyyy HH:mm:ss', label: 'dd/MM/yyyy HH:mm:ss (day first)' },
  { value: 'MM/dd/yyyy HH:mm:ss', label: 'MM/dd/yyyy HH:mm:ss (month first)' },
  { value: 'yyyy-MM-dd HH:mm:ss', label: 'yyyy-MM-dd HH:mm:ss' },
  { value: 'yy/MM/dd HH:mm:ss', label: 'yy/MM/dd HH:mm:ss (log4j, Spark, Hadoop)' },
  { value: 'MMM d HH:mm:ss', label: 'MMM d HH:mm:ss (syslog, no year)' },
  { value: 'EEE MMM dd HH:mm:ss yyyy', label: 'EEE MMM dd HH:mm:ss yyyy (Sun Dec 04 …)' },
  { value: 'dd/MMM/yyyy:HH:mm:ss Z', label: 'dd/MMM/yyyy:HH:mm:ss Z (web server access logs)' },
]

/** The date format and time zone of a datetime column, and the year rule for year-less formats. */
export function DateFormatFields({
  column,
  format,
  onChange,
}: {
  readonly column: string
  readonly format: ColumnFormat
  readonly onChange: (format: ColumnFormat) => void
}) {
  const styles = useStyles()
  const comboRef = useRef<HTMLInputElement>(null)
  useNoStaleActiveDescendant(comboRef)
  // What is typed stays as typed (a half-written pattern, or empty), even while it is invalid.
  const [typed, setTyped] = useState<string | null>(null)
  const date = format.date ?? 'auto'
  const shown = typed ?? date
  const message = dateFormatMessage(shown.trim())
  const compiled = compileDatePattern(date)
  const yearless = compiled.ok && !compiled.hasYear
  const set = (patch: Partial<ColumnFormat>) => {
    const next: ColumnFormat = { ...format, ...patch }
    if (next.date === 'auto' || next.date === '') delete next.date
    if (next.timezone === '' || next.timezone === 'UTC') delete next.timezone
    if (next.year === undefined) delete next.year
    onChange(next)
  }
  return (
    <div className={styles.stack}>
      <Field
        size="small"
        validationState={message === null ? 'none' : 'error'}
        validationMessage={message}
      >
        <Combobox
          ref={comboRef}
          className={styles.control}
          size="small"
          freeform
          aria-label={`Date format of ${column}`}
          value={shown}
          selectedOptions={[date]}
          onOptionSelect={(_event, data) => {
            if (data.optionValue === undefined) return
            setTyped(null)
            set({ date: data.optionValue })
          }}
          onChange={(event) => {
            setTyped(event.target.value)
            set({ date: event.target.value.trim() })
          }}
          data-testid="date-format"
        >
          {DATE_FORMATS.map((option) => (
            <Option key={option.value} value={option.value} text={option.value}>
              {option.label}
            </Option>
          ))}
        </Combobox>
      </Field>
      {yearless ? (
        <YearField column={column} year={format.year} onChange={(year) => set({ year })} />
      ) : null}
      <Input
        size="small"
        aria-label={`Time zone of ${column} values without one`}
        placeholder="UTC, local or +02:00"
        value={format.timezone ?? ''}
        onChange={(_event, data) => set({ timezone: data.value.trim() })}
        data-testid="date-timezone"
      />
    </div>
  )
}

/**
 * Fluent's Combobox leaves `aria-activedescendant` on its input after typing closes the list,
 * pointing at an option that is no longer in the page (axe: aria-valid-attr-value). The
 * attribute is set outside React, so it is taken off whenever the list is collapsed.
 */
function useNoStaleActiveDescendant(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current
    const input = root instanceof HTMLInputElement ? root : root?.querySelector('input')
    if (input === null || input === undefined) return
    const clean = () => {
      if (
        input.getAttribute('aria-expanded') !== 'true' &&
        input.hasAttribute('aria-activedescendant')
      ) {
        input.removeAttribute('aria-activedescendant')
      }
    }
    const observer = new MutationObserver(clean)
    observer.observe(input, {
      attributes: true,
      attributeFilter: ['aria-expanded', 'aria-activedescendant'],
    })
    return () => observer.disconnect()
  }, [ref])
}

/** The year for a format without one: empty for the rule, or a 4-digit year. */
function YearField({
  column,
  year,
  onChange,
}: {
  readonly column: string
  readonly year: number | undefined
  readonly onChange: (year: number | undefined) => void
}) {
  const [text, setText] = useState(year === undefined ? '' : String(year))
  const trimmed = text.trim()
  const valid = trimmed === '' || (/^\d{4}$/.test(trimmed) && Number(trimmed) >= 1)
  return (
    <Field
      size="small"
      label={`Year of ${column} (the format has none)`}
      validationState={valid ? 'none' : 'error'}
      validationMessage={valid ? undefined : 'Type a 4-digit year, or leave it empty.'}
      hint={
        trimmed === ''
          ? 'Empty: this year, or last year when that would be in the future.'
          : undefined
      }
    >
      <Input
        size="small"
        inputMode="numeric"
        placeholder="This year"
        value={text}
        onChange={(_event, data) => {
          setText(data.value)
          const next = data.value.trim()
          // Only a whole year changes the mapping; a half-typed one keeps the rule meanwhile.
          if (next === '') onChange(undefined)
          else if (/^\d{4}$/.test(next) && Number(next) >= 1) onChange(Number(next))
        }}
        data-testid="date-year"
      />
    </Field>
  )
}
