import { Card, Link, Subtitle2, Text } from '@fluentui/react-components'
import { formatCount } from '../../lib/units'
import { useJourneyStyles } from '../files/journey-styles'
import { useHistory } from '../history/history-provider'
import { OUTCOMES } from '../history/history-state'
import { ResumeControl } from './resume-control'

/**
 * The upload the Upload screen showed before a reload or a host restart, as History knows it
 * now: how it ended (never a stale "Uploading …"), and Resume when it can go on.
 */
export function LastUploadCard({ jobId }: { readonly jobId: string }) {
  const journey = useJourneyStyles()
  const { state } = useHistory()
  const entry = state.entries.find((candidate) => candidate.jobId === jobId)
  if (entry === undefined) return null
  const records = entry.records
  return (
    <Card
      className={journey.card}
      data-testid="upload-last"
      data-state={entry.state}
      data-job-id={jobId}
    >
      <Subtitle2 as="h2" className={journey.title}>
        {OUTCOMES[entry.state].label}: {entry.label}
      </Subtitle2>
      <Text>
        {records === null
          ? 'It stopped before a summary was written; resume it to go on from what was acknowledged.'
          : `${formatCount(records.accepted)} accepted, ${formatCount(records.failed)} failed, ${formatCount(records.notSent)} not sent yet.`}{' '}
        <Link href="#/history">See it in History</Link>
      </Text>
      <div className={journey.row}>
        <ResumeControl jobId={jobId} />
      </div>
    </Card>
  )
}
