import { Body1, Button, Card, Subtitle2, makeStyles, tokens } from '@fluentui/react-components'
import { DocumentAddRegular } from '@fluentui/react-icons'
import { useRef } from 'react'
import { useFiles } from './files-provider'
import { useJourneyStyles } from './journey-styles'

/** File types the picker suggests (anything can still be chosen: the content decides). */
const ACCEPT = '.json,.ndjson,.jsonl,.csv,.tsv,.txt,.log,.gz'

const useStyles = makeStyles({
  zone: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  icon: { fontSize: '32px', color: tokens.colorBrandForeground1 },
  text: { flex: 1, minWidth: '240px', display: 'flex', flexDirection: 'column' },
})

/**
 * "Choose files", and the reminder that files can be dropped anywhere on the window. In the
 * desktop app the native dialog opens; in the browser a file input does the same.
 */
export function AddFilesCard() {
  const styles = useStyles()
  const journey = useJourneyStyles()
  const { addFiles, pickFiles } = useFiles()
  const input = useRef<HTMLInputElement>(null)

  return (
    <Card className={journey.card}>
      <div className={styles.zone} data-testid="drop-zone">
        <DocumentAddRegular className={styles.icon} aria-hidden="true" />
        <div className={styles.text}>
          <Subtitle2 as="h2" className={journey.title}>
            Add files
          </Subtitle2>
          <Body1>
            Drop one or many files anywhere on this window, or choose them. JSON arrays, NDJSON, CSV
            and TSV are read, also gzip-compressed; the format, encoding and delimiter are detected
            and can be changed.
          </Body1>
        </div>
        <Button
          appearance="primary"
          icon={<DocumentAddRegular />}
          onClick={() => (pickFiles === null ? input.current?.click() : pickFiles())}
          data-testid="choose-files"
        >
          Choose files
        </Button>
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          aria-hidden="true"
          tabIndex={-1}
          data-testid="file-input"
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])]
            // Reset so choosing the same file again fires a change.
            event.currentTarget.value = ''
            addFiles(files)
          }}
        />
      </div>
    </Card>
  )
}
