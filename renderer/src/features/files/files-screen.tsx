import { Button, Link, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components'
import { ArrowRightRegular } from '@fluentui/react-icons'
import { ScreenFrame, type HeadingFocus } from '../../app/screen-frame'
import { presentError } from '../../components/present-error'
import { useChosenTarget } from '../target/target-store-provider'
import { AddFilesCard } from './add-files-card'
import { FileList } from './file-list'
import { acceptedFiles } from './files-state'
import { useFiles } from './files-provider'
import { useJourneyStyles } from './journey-styles'
import { PreviewPanel } from './preview-panel'

/**
 * The Files screen: add files (drop or choose), see what LogDrop made of each (format,
 * encoding, delimiter, or why it cannot be read), override that, and preview the records.
 */
export function FilesScreen(focus: HeadingFocus) {
  const journey = useJourneyStyles()
  const { state, dismissError } = useFiles()
  const { chosen } = useChosenTarget()
  const accepted = acceptedFiles(state.entries)
  const added = state.entries.filter((entry) => state.lastAdded.includes(entry.id))
  const hasFiles = state.entries.length + state.uploading.length > 0

  return (
    <ScreenFrame screen="files" {...focus}>
      {chosen === null ? (
        <MessageBar intent="info" data-testid="files-no-target">
          <MessageBarBody>
            You can add files now; to map and upload them, also{' '}
            <Link href="#/target">pick the target</Link> (the stream your logs go to).
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {state.error === null
        ? null
        : presentError(state.error, {
            title: 'Could not add or change a file',
            onRetry: dismissError,
            retryLabel: 'Dismiss',
            testId: 'files-error',
          })}
      <div role="status" aria-live="polite" className={journey.srOnly} data-testid="files-status">
        {added.length === 0
          ? ''
          : `Added ${added.length} ${added.length === 1 ? 'file' : 'files'}: ${added.map((e) => e.name).join(', ')}.`}
      </div>
      <AddFilesCard />
      {state.load === 'loading' && !hasFiles ? (
        <Spinner size="tiny" label="Loading your files…" />
      ) : null}
      {hasFiles ? <FileList /> : null}
      <PreviewPanel />
      {accepted.length === 0 ? null : (
        <div className={journey.spread}>
          <Text>
            {accepted.length} {accepted.length === 1 ? 'file is' : 'files are'} ready to map.
          </Text>
          <Button
            as="a"
            href="#/map"
            appearance="primary"
            icon={<ArrowRightRegular />}
            iconPosition="after"
            data-testid="files-next"
          >
            Next: map the columns
          </Button>
        </div>
      )}
    </ScreenFrame>
  )
}
