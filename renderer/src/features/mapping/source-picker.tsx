import {
  Combobox,
  Dropdown,
  Input,
  Option,
  OptionGroup,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
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

/** The picker's value for a choice. */
function optionValue(source: SourceChoice, sources: readonly string[]): string {
  switch (source.kind) {
    case 'field':
      return sources.includes(source.path) ? `field:${source.path}` : TYPED
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
          else if (picked === CONSTANT) onChange({ kind: 'constant', text: '' })
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
]

/** The date format and time zone of a datetime column. */
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
  const date = format.date ?? 'auto'
  const set = (patch: Partial<ColumnFormat>) => {
    const next: ColumnFormat = { ...format, ...patch }
    if (next.date === 'auto' || next.date === '') delete next.date
    if (next.timezone === '' || next.timezone === 'UTC') delete next.timezone
    onChange(next)
  }
  return (
    <div className={styles.stack}>
      <Combobox
        className={styles.control}
        size="small"
        freeform
        aria-label={`Date format of ${column}`}
        value={date}
        selectedOptions={[date]}
        onOptionSelect={(_event, data) => {
          if (data.optionValue !== undefined) set({ date: data.optionValue })
        }}
        onChange={(event) => set({ date: event.target.value.trim() })}
        data-testid="date-format"
      >
        {DATE_FORMATS.map((option) => (
          <Option key={option.value} value={option.value} text={option.value}>
            {option.label}
          </Option>
        ))}
      </Combobox>
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
