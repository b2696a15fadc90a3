import {
  Badge,
  Button,
  Card,
  Dropdown,
  Option,
  ProgressBar,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  ToggleButton,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components'
import {
  CheckmarkCircleRegular,
  DeleteRegular,
  DismissRegular,
  EyeFilled,
  EyeRegular,
  ErrorCircleRegular,
} from '@fluentui/react-icons'
import type { FileEntry, FileOptions } from '../../../../shared/models/files'
import { SOURCE_FORMATS, type SourceFormat } from '../../../../shared/models/upload-job'
import { formatBytes, formatPercent } from '../../lib/units'
import {
  DELIMITERS,
  FORMAT_SHORT,
  delimiterLabel,
  encodingSummary,
  isDelimited,
} from './file-labels'
import { useFiles } from './files-provider'
import type { UploadingFile } from './files-state'
import { useJourneyStyles } from './journey-styles'

const useStyles = makeStyles({
  table: { minWidth: '680px' },
  scroll: { overflowX: 'auto' },
  nameCell: {
    display: 'flex',
    flexDirection: 'column',
    minWidth: 0,
    padding: `${tokens.spacingVerticalXS} 0`,
  },
  name: { fontWeight: tokens.fontWeightSemibold, wordBreak: 'break-all' },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  dropdown: { minWidth: '130px' },
  status: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS },
  ok: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0, marginTop: '2px' },
  bad: { color: tokens.colorPaletteRedForeground1, flexShrink: 0, marginTop: '2px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
})

const AUTO = 'auto'

/** The registered files with what was detected, overrides, and why a file was rejected. */
export function FileList() {
  const styles = useStyles()
  const journey = useJourneyStyles()
  const { state } = useFiles()
  const count = state.entries.length + state.uploading.length
  return (
    <Card className={journey.card} data-testid="file-list">
      <Subtitle2 as="h2" className={journey.title}>
        Your files ({count})
      </Subtitle2>
      <div className={styles.scroll}>
        <Table aria-label="Files to upload" className={styles.table} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>File</TableHeaderCell>
              <TableHeaderCell>Format</TableHeaderCell>
              <TableHeaderCell>Delimiter</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {state.entries.map((entry) => (
              <FileRow key={entry.id} entry={entry} />
            ))}
            {state.uploading.map((file) => (
              <UploadingRow key={file.key} file={file} />
            ))}
          </TableBody>
        </Table>
      </div>
    </Card>
  )
}

function FileRow({ entry }: { readonly entry: FileEntry }) {
  const styles = useStyles()
  const { state, remove, setOptions, select } = useFiles()
  const selected = state.selected === entry.id
  const changing = state.changing.includes(entry.id)
  const detected = entry.detected
  const format = entry.options.format
  const formatText =
    format === undefined
      ? detected === null
        ? 'Unknown'
        : `${FORMAT_SHORT[detected.format]} (detected)`
      : FORMAT_SHORT[format]
  const update = (patch: FileOptions) => {
    const next = { ...entry.options, ...patch }
    const options: FileOptions = {
      ...(next.format === undefined ? {} : { format: next.format }),
      ...(next.delimiter === undefined ? {} : { delimiter: next.delimiter }),
    }
    setOptions(entry.id, options)
  }
  const delimiter = entry.options.delimiter
  return (
    <TableRow
      className={mergeClasses(selected ? styles.selected : undefined)}
      data-testid="file-row"
      data-file-name={entry.name}
      data-file-id={entry.id}
      data-format={format ?? detected?.format ?? 'unknown'}
      data-rejected={entry.rejection === null ? 'false' : 'true'}
    >
      <TableCell>
        <div className={styles.nameCell}>
          <span className={styles.name}>{entry.name}</span>
          <Text size={200}>{formatBytes(entry.size)}</Text>
          <Text size={200} data-testid="file-encoding">
            {detected === null ? 'Encoding unknown' : encodingSummary(detected)}
          </Text>
        </div>
      </TableCell>
      <TableCell>
        <Dropdown
          className={styles.dropdown}
          size="small"
          aria-label={`Format of ${entry.name}`}
          value={formatText}
          selectedOptions={[format ?? AUTO]}
          disabled={changing}
          onOptionSelect={(_event, data) => {
            const value = data.optionValue
            update({
              format: value === AUTO || value === undefined ? undefined : (value as SourceFormat),
            })
          }}
          data-testid="file-format"
        >
          <Option value={AUTO} text="Detect automatically">
            Detect automatically
          </Option>
          {SOURCE_FORMATS.map((option) => (
            <Option key={option} value={option}>
              {FORMAT_SHORT[option]}
            </Option>
          ))}
        </Dropdown>
      </TableCell>
      <TableCell>
        {isDelimited(entry) ? (
          <Dropdown
            className={styles.dropdown}
            size="small"
            aria-label={`Delimiter of ${entry.name}`}
            value={
              delimiter === undefined
                ? `${delimiterLabel(detected?.delimiter)} (detected)`
                : delimiterLabel(delimiter)
            }
            selectedOptions={[delimiter ?? AUTO]}
            disabled={changing}
            onOptionSelect={(_event, data) => {
              const value = data.optionValue
              update({ delimiter: value === AUTO || value === undefined ? undefined : value })
            }}
            data-testid="file-delimiter"
          >
            <Option value={AUTO} text="Detect automatically">
              Detect automatically
            </Option>
            {DELIMITERS.map((option) => (
              <Option key={option.value} value={option.value} text={option.label}>
                {option.label}
              </Option>
            ))}
          </Dropdown>
        ) : (
          <Text size={200}>–</Text>
        )}
      </TableCell>
      <TableCell>
        <FileStatus entry={entry} />
      </TableCell>
      <TableCell>
        <div className={styles.actions}>
          <Tooltip content={`Preview ${entry.name}`} relationship="label">
            <ToggleButton
              size="small"
              appearance="subtle"
              checked={selected}
              icon={selected ? <EyeFilled /> : <EyeRegular />}
              disabled={entry.rejection !== null}
              onClick={() => select(entry.id)}
              data-testid="file-preview"
            />
          </Tooltip>
          <Tooltip content={`Remove ${entry.name}`} relationship="label">
            <Button
              size="small"
              appearance="subtle"
              icon={<DeleteRegular />}
              onClick={() => remove(entry.id)}
              data-testid="file-remove"
            />
          </Tooltip>
        </div>
      </TableCell>
    </TableRow>
  )
}

function FileStatus({ entry }: { readonly entry: FileEntry }) {
  const styles = useStyles()
  if (entry.rejection !== null) {
    return (
      <div
        className={styles.status}
        data-testid="file-rejection"
        data-error-code={entry.rejection.code}
      >
        <ErrorCircleRegular className={styles.bad} aria-hidden="true" />
        <Text size={200}>
          <strong>Cannot be uploaded.</strong> {entry.rejection.message}
          {entry.rejection.detail === undefined ||
          entry.rejection.message.includes(entry.rejection.detail)
            ? null
            : ` (${entry.rejection.detail})`}
        </Text>
      </div>
    )
  }
  return (
    <div className={styles.status} data-testid="file-ready">
      <CheckmarkCircleRegular className={styles.ok} aria-hidden="true" />
      <div>
        <Text size={200}>
          Ready · {entry.headers.length} {entry.headers.length === 1 ? 'column' : 'columns'}
        </Text>
        {entry.profileMatch === null ? null : (
          <div>
            {/* Only the same columns get the profile; a partial match is an offer on Map. */}
            <Badge
              appearance="tint"
              color={entry.profileMatch.score === 1 ? 'brand' : 'informative'}
              size="small"
              data-testid="file-profile-match"
              data-score={entry.profileMatch.score}
            >
              {entry.profileMatch.score === 1
                ? `Profile: ${entry.profileMatch.name}`
                : `Profile may fit: ${entry.profileMatch.name} (${Math.round(entry.profileMatch.score * 100)}% same columns)`}
            </Badge>
          </div>
        )}
      </div>
    </div>
  )
}

function UploadingRow({ file }: { readonly file: UploadingFile }) {
  const styles = useStyles()
  const { dismissUpload } = useFiles()
  const fraction = file.size === 0 ? 0 : file.loaded / file.size
  return (
    <TableRow data-testid="file-uploading" data-file-name={file.name}>
      <TableCell>
        <div className={styles.nameCell}>
          <span className={styles.name}>{file.name}</span>
          <Text size={200}>{formatBytes(file.size)}</Text>
        </div>
      </TableCell>
      <TableCell colSpan={3}>
        {file.error === null ? (
          <div>
            <Text size={200}>
              Copying to LogDrop: {formatBytes(file.loaded)} of {formatBytes(file.size)} (
              {formatPercent(fraction)})
            </Text>
            <ProgressBar
              value={fraction}
              aria-label={`Copying ${file.name} to LogDrop`}
              aria-valuetext={formatPercent(fraction)}
            />
          </div>
        ) : (
          <div className={styles.status} data-testid="file-upload-error">
            <ErrorCircleRegular className={styles.bad} aria-hidden="true" />
            <Text size={200}>{file.error.message}</Text>
          </div>
        )}
      </TableCell>
      <TableCell>
        <Tooltip
          content={file.error === null ? `Stop copying ${file.name}` : `Dismiss ${file.name}`}
          relationship="label"
        >
          <Button
            size="small"
            appearance="subtle"
            icon={<DismissRegular />}
            onClick={() => dismissUpload(file.key)}
          />
        </Tooltip>
      </TableCell>
    </TableRow>
  )
}
