import {
  Button,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Switch,
  Tab,
  TabList,
  Text,
} from '@fluentui/react-components'
import { ArrowRightRegular } from '@fluentui/react-icons'
import { useMemo, useState } from 'react'
import { ScreenFrame, type HeadingFocus } from '../../app/screen-frame'
import { useFiles } from '../files/files-provider'
import { acceptedFiles } from '../files/files-state'
import { useJourneyStyles } from '../files/journey-styles'
import { useChosenTarget } from '../target/target-store-provider'
import { CheckSummary } from './check-summary'
import { ColumnTable } from './column-table'
import { MappedPreview } from './mapped-preview'
import { useMappings, type ShapeSession } from './mapping-provider'
import { checkPreview } from './preview-check'
import { ProfileBar, ProfileCard } from './profile-card'
import { TimeCard } from './time-card'
import { useClock } from './use-clock'
import { WholeFileCard } from './whole-file-card'
import { formatCount } from '../../lib/units'

/**
 * The Map screen: for each stream column its source, matched automatically with a visible
 * confidence; the result on the preview records (the shared rules run here, as the engine runs
 * them); what would fail or be dropped; the TimeGenerated assistant; and profiles.
 */
export function MapScreen(focus: HeadingFocus) {
  const journey = useJourneyStyles()
  const { chosen } = useChosenTarget()
  const { state: files } = useFiles()
  const { sessions, waiting } = useMappings()
  const [picked, setPicked] = useState<string | null>(null)
  const accepted = acceptedFiles(files.entries)
  const session = sessions.find((s) => s.shape.key === picked) ?? sessions[0] ?? null

  return (
    <ScreenFrame screen="map" {...focus}>
      {chosen === null ? (
        <MessageBar intent="info" data-testid="map-no-target">
          <MessageBarBody>
            <MessageBarTitle>No target yet</MessageBarTitle>
            The mapping is made for the stream’s columns.{' '}
            <Link href="#/target">Pick the target</Link> first.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {accepted.length === 0 ? (
        <MessageBar intent="info" data-testid="map-no-files">
          <MessageBarBody>
            <MessageBarTitle>No files yet</MessageBarTitle>
            <Link href="#/files">Add files</Link> to map their columns.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {chosen !== null && waiting.length > 0 && sessions.length === 0 ? (
        <Spinner size="tiny" label="Reading the files and matching their columns…" />
      ) : null}
      {sessions.length > 1 ? (
        <TabList
          selectedValue={session?.shape.key}
          onTabSelect={(_event, data) => setPicked(String(data.value))}
          aria-label="Files with different columns"
          data-testid="shape-tabs"
        >
          {sessions.map((s) => (
            <Tab key={s.shape.key} value={s.shape.key} id={`shape-tab-${sessions.indexOf(s)}`}>
              {s.shape.label}
            </Tab>
          ))}
        </TabList>
      ) : null}
      {session === null ? null : (
        <div
          className={journey.stack}
          {...(sessions.length > 1
            ? { role: 'tabpanel', 'aria-labelledby': `shape-tab-${sessions.indexOf(session)}` }
            : {})}
        >
          <SessionView key={session.shape.key} session={session} />
        </div>
      )}
    </ScreenFrame>
  )
}

function SessionView({ session }: { readonly session: ShapeSession }) {
  const journey = useJourneyStyles()
  const nowMs = useClock()
  const draft = session.state.draft
  const records = useMemo(() => session.previews.flatMap((p) => p.records), [session.previews])
  const check = useMemo(
    () =>
      draft === null
        ? null
        : checkPreview({
            draft,
            columns: session.target.columns,
            headers: session.shape.headers,
            records,
            nowMs,
          }),
    [draft, session.target.columns, session.shape.headers, records, nowMs],
  )
  const nested = useMemo(
    () => session.sources.slice(session.shape.headers.length),
    [session.sources, session.shape.headers.length],
  )
  if (draft === null || check === null) return null
  return (
    <>
      <Text data-testid="map-files">
        Mapping <strong>{session.shape.label}</strong> to <strong>{session.stream}</strong>.
      </Text>
      {session.target.origin === 'file' ? (
        <MessageBar intent="warning" layout="multiline" data-testid="map-assumed-columns">
          <MessageBarBody>
            <MessageBarTitle>The stream’s columns are not known</MessageBarTitle>
            The target was typed by hand, so LogDrop proposes columns from the file. Check that they
            match the DCR’s stream declaration exactly (names are case-sensitive): Azure drops
            columns it does not know without an error.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {session.shape.sameColumns > 1 ? <SameMappingSwitch session={session} /> : null}
      <ProfileBar session={session} />
      <CheckSummary session={session} check={check} />
      <ColumnTable session={session} check={check} nested={nested} />
      <TimeCard session={session} nowMs={nowMs} />
      <MappedPreview session={session} check={check} />
      <WholeFileCard
        files={session.shape.files}
        mapping={check.mapping}
        columns={session.target.columns}
      />
      <ProfileCard session={session} mapping={check.issues.length === 0 ? check.mapping : null} />
      <div className={journey.spread}>
        <Text>
          {check.issues.length > 0
            ? 'Fix the mapping problems above before uploading.'
            : `${formatCount(check.passed)} of ${formatCount(check.records)} preview records are ready to send.`}
        </Text>
        <Button
          as="a"
          href="#/upload"
          appearance="primary"
          icon={<ArrowRightRegular />}
          iconPosition="after"
          data-testid="map-next"
        >
          Next: upload
        </Button>
      </div>
    </>
  )
}

/** Files with the same columns share one mapping unless the person maps them one by one. */
function SameMappingSwitch({ session }: { readonly session: ShapeSession }) {
  const { separate, setSeparate } = useMappings()
  const { signature, sameColumns } = session.shape
  const shared = !separate.has(signature)
  return (
    <Switch
      checked={shared}
      onChange={(_event, data) => setSeparate(signature, !data.checked)}
      label={
        shared
          ? `One mapping for all ${sameColumns} files with these columns`
          : `Each of the ${sameColumns} files with these columns has its own mapping (switch on to share one again)`
      }
      data-testid="same-mapping"
    />
  )
}
