import {
  Button,
  Card,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { ClockRegular } from '@fluentui/react-icons'
import { useMemo } from 'react'
import { formatCount } from '../../lib/units'
import { useJourneyStyles } from '../files/journey-styles'
import type { ShapeSession } from './mapping-provider'
import { useMappings } from './mapping-provider'
import { DateFormatFields } from './source-picker'
import { outsideWindow, timeCandidates, timeReport } from './time-assistant'

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
  },
  candidates: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
})

/**
 * The TimeGenerated assistant: which column carries the record's time, where it comes from and
 * in which format, how many preview records fall outside the window Azure keeps as-is
 * ([now − 2 days, now + 1 day]), and what to do with those and with records without a time.
 */
export function TimeCard({
  session,
  nowMs,
}: {
  readonly session: ShapeSession
  readonly nowMs: number
}) {
  const styles = useStyles()
  const journey = useJourneyStyles()
  const { dispatch } = useMappings()
  const draft = session.state.draft
  const shape = session.shape.key
  const samples = useMemo(() => session.previews.flatMap((p) => p.records), [session.previews])
  const candidates = useMemo(
    () => timeCandidates(session.sources, samples).slice(0, 4),
    [session.sources, samples],
  )
  const report = useMemo(
    () => (draft === null ? null : timeReport(draft, samples, nowMs)),
    [draft, samples, nowMs],
  )
  if (draft === null || report === null) return null
  const datetimeColumns = draft.columns.filter((row) => row.type === 'datetime')
  const timeRow = draft.columns.find((row) => row.column === draft.timePolicy.column)
  const outside = outsideWindow(report)
  const policy = draft.timePolicy

  return (
    <Card className={journey.card} data-testid="time-assistant">
      <Subtitle2 as="h2" className={journey.title}>
        <ClockRegular aria-hidden="true" /> TimeGenerated assistant
      </Subtitle2>
      {datetimeColumns.length === 0 ? (
        <MessageBar intent="info">
          <MessageBarBody>
            This stream has no datetime column. Azure sets TimeGenerated to the time each record
            arrives (unless the DCR’s transform sets it).
          </MessageBarBody>
        </MessageBar>
      ) : (
        <div className={styles.grid}>
          <div className={journey.stack}>
            <Field label="Column that holds the record’s time">
              <Dropdown
                value={policy.column}
                selectedOptions={[policy.column]}
                onOptionSelect={(_event, data) => {
                  if (data.optionValue !== undefined) {
                    dispatch(shape, { type: 'time-column-changed', column: data.optionValue })
                  }
                }}
                data-testid="time-column"
              >
                {datetimeColumns.map((row) => (
                  <Option key={row.column} value={row.column}>
                    {row.column}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            {policy.column === 'TimeGenerated' ? null : (
              <Text size={200} className={journey.secondary}>
                The DCR’s transform turns {policy.column} into TimeGenerated, so the window applies
                to it.
              </Text>
            )}
            <Text>
              Source:{' '}
              <strong data-testid="time-source">
                {timeRow === undefined || timeRow.source.kind === 'none'
                  ? 'none'
                  : timeRow.source.kind === 'field'
                    ? timeRow.source.path
                    : timeRow.source.kind === 'template'
                      ? timeRow.source.template
                      : timeRow.source.kind === 'now'
                        ? 'the time of upload'
                        : `the constant ${timeRow.source.text}`}
              </strong>
            </Text>
            {candidates.length === 0 ? (
              <Text size={200}>No field of the file looks like a time.</Text>
            ) : (
              <div>
                <Text size={200}>Fields that look like times:</Text>
                <div className={styles.candidates}>
                  {candidates.map((candidate) => (
                    <Button
                      key={candidate.path}
                      size="small"
                      onClick={() =>
                        dispatch(shape, {
                          type: 'source-changed',
                          column: policy.column,
                          source: { kind: 'field', path: candidate.path },
                          format: candidate.date === undefined ? {} : { date: candidate.date },
                        })
                      }
                      data-testid="time-candidate"
                    >
                      Use {candidate.path} ({candidate.date ?? 'ISO 8601'},{' '}
                      {Math.round(candidate.confidence * 100)}%)
                    </Button>
                  ))}
                </div>
              </div>
            )}
            {timeRow !== undefined &&
            (timeRow.source.kind === 'field' || timeRow.source.kind === 'template') ? (
              <DateFormatFields
                column={timeRow.column}
                format={timeRow.format}
                onChange={(format) =>
                  dispatch(shape, { type: 'format-changed', column: timeRow.column, format })
                }
              />
            ) : null}
          </div>
          <div className={journey.stack}>
            <dl className={journey.facts} data-testid="time-report" data-outside={outside}>
              <div className={journey.fact}>
                <dt className={journey.factTerm}>In the window</dt>
                <dd className={journey.factValue}>{formatCount(report.inWindow)}</dd>
              </div>
              <div className={journey.fact}>
                <dt className={journey.factTerm}>Over 2 days old</dt>
                <dd className={journey.factValue} data-testid="time-too-old">
                  {formatCount(report.tooOld)}
                </dd>
              </div>
              <div className={journey.fact}>
                <dt className={journey.factTerm}>Over 1 day ahead</dt>
                <dd className={journey.factValue}>{formatCount(report.tooNew)}</dd>
              </div>
              <div className={journey.fact}>
                <dt className={journey.factTerm}>No time</dt>
                <dd className={journey.factValue}>{formatCount(report.missing)}</dd>
              </div>
              <div className={journey.fact}>
                <dt className={journey.factTerm}>Unreadable</dt>
                <dd className={journey.factValue}>{formatCount(report.unreadable)}</dd>
              </div>
            </dl>
            {report.earliest === null ? null : (
              <Text size={200}>
                From {report.earliest} to {report.latest} (UTC).
              </Text>
            )}
            {report.unreadableExamples.length === 0 ? null : (
              <Text size={200}>Unreadable, e.g. {report.unreadableExamples[0]}</Text>
            )}
            {outside === 0 ? null : (
              <MessageBar intent="warning" layout="multiline" data-testid="time-outside">
                <MessageBarBody>
                  {formatCount(outside)} of {formatCount(report.records)} preview records have a
                  time more than 2 days before or 1 day after now. Azure replaces such a time with
                  the time the record arrives.
                </MessageBarBody>
              </MessageBar>
            )}
            <RadioGroup
              aria-label="Records with a time outside the window"
              value={policy.outsideWindow}
              onChange={(_event, data) =>
                dispatch(shape, {
                  type: 'time-policy-changed',
                  outsideWindow: data.value === 'fail' ? 'fail' : 'send',
                })
              }
              data-testid="time-policy-outside"
            >
              <Radio
                value="send"
                label="Send them anyway (Azure uses the arrival time); count them"
              />
              <Radio value="fail" label="Keep them out and list them as failed records" />
            </RadioGroup>
            <RadioGroup
              aria-label="Records without a time"
              value={policy.missing}
              onChange={(_event, data) =>
                dispatch(shape, {
                  type: 'time-policy-changed',
                  missing: data.value === 'service-time' ? 'service-time' : 'fail',
                })
              }
              data-testid="time-policy-missing"
            >
              <Radio value="fail" label="A record without a time fails" />
              <Radio
                value="service-time"
                label="Send it without one (Azure uses the arrival time)"
              />
            </RadioGroup>
          </div>
        </div>
      )}
    </Card>
  )
}
