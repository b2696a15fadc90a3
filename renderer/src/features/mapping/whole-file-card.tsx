import { Button, Card, ProgressBar, Subtitle2, Text } from '@fluentui/react-components'
import { DocumentSearchRegular } from '@fluentui/react-icons'
import type { Mapping, StreamColumn } from '../../../../shared/mapping/mapping-schema'
import type { DryRunResult, FileEntry } from '../../../../shared/models/files'
import { presentError } from '../../components/present-error'
import { formatBytes, formatCount, formatDuration, formatPercent, plural } from '../../lib/units'
import { useJourneyStyles } from '../files/journey-styles'
import { causeLabel } from '../failed/failure-causes'
import { useMappings, type DryRunState } from './mapping-provider'

/**
 * The whole-file dry run: every record of each file mapped, serialised and packed on the main
 * side exactly as an upload would, without sending anything.
 */
export function WholeFileCard({
  files,
  mapping,
  columns,
}: {
  readonly files: readonly FileEntry[]
  readonly mapping: Mapping | null
  readonly columns: readonly StreamColumn[]
}) {
  const journey = useJourneyStyles()
  const { dryRuns, dryRun } = useMappings()
  const running = files.some((file) => dryRuns[file.id]?.status === 'running')
  return (
    <Card className={journey.card} data-testid="dry-run-card">
      <Subtitle2 as="h2" className={journey.title}>
        Check the whole {files.length === 1 ? 'file' : 'files'}
      </Subtitle2>
      <Text className={journey.secondary}>
        The preview covers the first records only. This reads every record and counts what an upload
        would send and what would fail, without sending anything.
      </Text>
      <div className={journey.row}>
        <Button
          icon={<DocumentSearchRegular />}
          disabled={mapping === null || running}
          onClick={() => {
            if (mapping === null) return
            for (const file of files) dryRun(file.id, mapping, columns)
          }}
          data-testid="dry-run"
        >
          {running ? 'Checking…' : 'Check every record'}
        </Button>
      </div>
      {files.map((file) => {
        const run = dryRuns[file.id]
        return run === undefined ? null : <DryRunView key={file.id} file={file} run={run} />
      })}
    </Card>
  )
}

function DryRunView({ file, run }: { readonly file: FileEntry; readonly run: DryRunState }) {
  const journey = useJourneyStyles()
  if (run.status === 'running') {
    const fraction = run.bytesTotal > 0 ? run.bytesRead / run.bytesTotal : 0
    return (
      <div data-testid="dry-run-running">
        <Text>
          {file.name}: {formatCount(run.records)} records read ({formatPercent(fraction)})
        </Text>
        <ProgressBar value={fraction} aria-label={`Checking ${file.name}`} />
      </div>
    )
  }
  if (run.status === 'failed' && run.error !== null) {
    return presentError(run.error, { title: `Could not check ${file.name}` })
  }
  const result = run.result
  return result === null ? null : (
    <DryRunResultView name={file.name} result={result} className={journey.stack} />
  )
}

function DryRunResultView({
  name,
  result,
  className,
}: {
  readonly name: string
  readonly result: DryRunResult
  readonly className: string
}) {
  const journey = useJourneyStyles()
  const causes = Object.entries(result.failedByCause)
  return (
    <div
      className={className}
      data-testid="dry-run-result"
      data-file-name={name}
      data-failed={result.failed}
    >
      <Text weight="semibold">
        {name}: {formatCount(result.valid)} of {plural(result.records, 'record')} would be sent in{' '}
        {plural(result.requests, 'request')} ({formatBytes(result.jsonBytes)} of JSON before gzip);{' '}
        {formatCount(result.failed)} would fail. Checked in {formatDuration(result.durationMs)}.
      </Text>
      {causes.length === 0 ? null : (
        <ul className={journey.list}>
          {causes.map(([cause, count]) => (
            <li key={cause}>
              {causeLabel(cause)}: {formatCount(count ?? 0)}
            </li>
          ))}
        </ul>
      )}
      {result.failedByColumn.length === 0 ? null : (
        <ul className={journey.list}>
          {result.failedByColumn.slice(0, 8).map((failure) => (
            <li key={`${failure.column}-${failure.code}`}>
              <strong>{failure.column}</strong>: {plural(failure.count, 'record')}; e.g. line{' '}
              {failure.examples[0]?.line}: {failure.examples[0]?.reason}
            </li>
          ))}
        </ul>
      )}
      {result.timeWindowFlags === 0 ? null : (
        <Text>{plural(result.timeWindowFlags, 'record')} with a time outside the window.</Text>
      )}
      {result.droppedFields.fields.length === 0 ? null : (
        <Text>Not sent (no column reads them): {result.droppedFields.fields.join(', ')}.</Text>
      )}
    </div>
  )
}
