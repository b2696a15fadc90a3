import {
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
} from '@fluentui/react-components'
import { ArrowDownloadRegular, SaveRegular } from '@fluentui/react-icons'
import { useState } from 'react'
import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { Mapping } from '../../../../shared/mapping/mapping-schema'
import { useApi } from '../../app/api-context'
import { presentError } from '../../components/present-error'
import { finishSave } from '../../lib/save-outcome'
import { useJourneyStyles } from '../files/journey-styles'
import { useMappings, type ShapeSession } from './mapping-provider'
import { profileForShape } from './mapping-session'

/** Tells when a profile was applied on open (or could be), with a way back to the automatic match. */
export function ProfileBar({ session }: { readonly session: ShapeSession }) {
  const { dispatch, profiles } = useMappings()
  const applied = session.state.profile
  const shape = session.shape.key
  if (applied !== null && applied.how === 'applied') {
    return (
      <MessageBar intent="success" layout="multiline" data-testid="profile-applied">
        <MessageBarBody>
          <MessageBarTitle>Profile “{applied.name}” applied</MessageBarTitle>
          {session.shape.files.map((file) => file.name).join(', ')}{' '}
          {session.shape.files.length === 1 ? 'has' : 'have'} the same columns as the file this
          profile was saved for, so its mapping, time column and formats were used.
          {applied.ignored.length === 0
            ? ''
            : ` Left out (not in this stream): ${applied.ignored.join(', ')}.`}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => dispatch(shape, { type: 'reset-all' })} data-testid="profile-undo">
            Use the automatic match
          </Button>
        </MessageBarActions>
      </MessageBar>
    )
  }
  if (applied !== null) return null
  const { offer } = profileForShape(session.shape, profiles.value ?? [], session.stream)
  if (offer === null) return null
  return (
    <MessageBar intent="info" layout="multiline" data-testid="profile-offer">
      <MessageBarBody>
        <MessageBarTitle>A saved profile may fit</MessageBarTitle>“{offer.name}” was saved for{' '}
        {offer.stream} with similar columns.
      </MessageBarBody>
      <MessageBarActions>
        <Button
          onClick={() =>
            dispatch(shape, {
              type: 'profile-applied',
              id: offer.id,
              name: offer.name,
              mapping: offer.mapping,
            })
          }
        >
          Apply it
        </Button>
      </MessageBarActions>
    </MessageBar>
  )
}

/** Saves the mapping as a profile (applied again when files with these columns come back). */
export function ProfileCard({
  session,
  mapping,
}: {
  readonly session: ShapeSession
  readonly mapping: Mapping | null
}) {
  const journey = useJourneyStyles()
  const api = useApi()
  const { saveProfile } = useMappings()
  const [name, setName] = useState(
    session.state.profile?.name ?? `${session.shape.files[0]?.name ?? 'Files'} → ${session.stream}`,
  )
  const [error, setError] = useState<AppErrorData | null>(null)
  const [status, setStatus] = useState('')
  const [busy, setBusy] = useState(false)

  const save = async () => {
    if (mapping === null) return
    setBusy(true)
    setError(null)
    const problem = await saveProfile(session, name.trim(), mapping)
    setBusy(false)
    if (problem === null)
      setStatus(
        `Saved as “${name.trim()}”. Files with these columns get this mapping automatically.`,
      )
    else setError(problem)
  }

  const exportFile = async () => {
    if (mapping === null) return
    const result = await api.invoke('mapping:export', {
      mapping,
      fileName: `${session.stream.replace(/[^A-Za-z0-9_-]+/g, '-')}.mapping.json`,
    })
    if (!result.ok) setError(result.error)
    else setStatus(finishSave(result.value))
  }

  return (
    <Card className={journey.card} data-testid="profile-card">
      <Subtitle2 as="h2" className={journey.title}>
        Save this mapping
      </Subtitle2>
      <Text className={journey.secondary}>
        A profile remembers the mapping, the time column and formats for files with these columns,
        and applies them when such a file is dropped again. The mapping file works with the command
        line too (<code>logdrop upload --mapping</code>).
      </Text>
      <div className={journey.row}>
        <Field label="Profile name" required>
          <Input
            value={name}
            onChange={(_event, data) => setName(data.value)}
            data-testid="profile-name"
          />
        </Field>
        <Button
          appearance="primary"
          icon={<SaveRegular />}
          disabled={mapping === null || busy || name.trim() === ''}
          onClick={() => void save()}
          data-testid="profile-save"
        >
          Save as profile
        </Button>
        <Button
          icon={<ArrowDownloadRegular />}
          disabled={mapping === null}
          onClick={() => void exportFile()}
          data-testid="mapping-export"
        >
          Save mapping file
        </Button>
      </div>
      <Text role="status" data-testid="profile-status">
        {status}
      </Text>
      {error === null
        ? null
        : presentError(error, { title: 'Could not save', testId: 'profile-error' })}
    </Card>
  )
}
