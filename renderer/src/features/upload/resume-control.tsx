import { Button } from '@fluentui/react-components'
import { PlayRegular } from '@fluentui/react-icons'
import { presentError } from '../../components/present-error'
import { useHistory } from '../history/history-provider'

/**
 * Resume for an upload that stopped (a restart, a cancel, an error), with why it could not
 * resume: an account that is gone offers sign-in instead of a dead end.
 */
export function ResumeControl({ jobId }: { readonly jobId: string }) {
  const { state, resume } = useHistory()
  const entry = state.entries.find((candidate) => candidate.jobId === jobId)
  const resuming = state.resuming.includes(jobId)
  const error = state.resumeError?.jobId === jobId ? state.resumeError.error : null
  if (entry?.resumable !== true && error === null) return null
  return (
    <>
      {entry?.resumable === true ? (
        <Button
          appearance="primary"
          icon={<PlayRegular />}
          disabled={resuming}
          onClick={() => void resume(jobId)}
          data-testid="upload-resume-stopped"
        >
          {resuming ? 'Resuming…' : 'Resume'}
        </Button>
      ) : null}
      {error === null
        ? null
        : presentError(error, { title: 'Could not resume', testId: 'upload-resume-error' })}
    </>
  )
}
