import { Subtitle1, makeStyles, tokens } from '@fluentui/react-components'
import { DocumentArrowUpRegular } from '@fluentui/react-icons'
import { useEffect, useReducer } from 'react'
import { hashForScreen } from '../../app/navigation-state'
import { NO_DRAG, carriesFiles, dragReducer, isDragging } from './drag-state'

const useStyles = makeStyles({
  overlay: {
    position: 'fixed',
    inset: 0,
    zIndex: 2000,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: tokens.spacingVerticalL,
    backgroundColor: tokens.colorBackgroundOverlay,
    pointerEvents: 'none',
  },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXXL}`,
    borderRadius: tokens.borderRadiusXLarge,
    border: `${tokens.strokeWidthThickest} dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    boxShadow: tokens.shadow28,
  },
  icon: { fontSize: '48px', color: tokens.colorBrandForeground1 },
})

/**
 * Files can be dropped anywhere on the window: while a drag carrying files is over it, a full
 * window overlay says so; on drop the files are added and the Files screen opens. Drags of text
 * or links are left alone. Pointer users only: keyboard users have "Choose files".
 */
export function DropOverlay({ onDrop }: { readonly onDrop: (files: File[]) => void }) {
  const styles = useStyles()
  const [drag, dispatch] = useReducer(dragReducer, NO_DRAG)

  useEffect(() => {
    const hasFiles = (event: DragEvent) => carriesFiles([...(event.dataTransfer?.types ?? [])])
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return
      event.preventDefault()
      dispatch({ type: 'enter', hasFiles: true })
    }
    const onOver = (event: DragEvent) => {
      if (!hasFiles(event)) return
      // Without this the browser would open the file instead of handing it to the page.
      event.preventDefault()
      if (event.dataTransfer !== null) event.dataTransfer.dropEffect = 'copy'
    }
    const onLeave = (event: DragEvent) => {
      if (hasFiles(event)) dispatch({ type: 'leave' })
    }
    const onDropEvent = (event: DragEvent) => {
      const files = [...(event.dataTransfer?.files ?? [])]
      dispatch({ type: 'drop' })
      if (files.length === 0) return
      event.preventDefault()
      onDrop(files)
      const filesHash = hashForScreen('files')
      if (window.location.hash !== filesHash) window.location.hash = filesHash
    }
    const onEnd = () => dispatch({ type: 'cancel' })
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragover', onOver)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('drop', onDropEvent)
    window.addEventListener('dragend', onEnd)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('drop', onDropEvent)
      window.removeEventListener('dragend', onEnd)
    }
  }, [onDrop])

  if (!isDragging(drag)) return null
  return (
    <div className={styles.overlay} aria-hidden="true" data-testid="drop-overlay">
      <div className={styles.panel}>
        <DocumentArrowUpRegular className={styles.icon} />
        <Subtitle1>Drop to add the files</Subtitle1>
        <span>JSON, NDJSON, CSV or TSV, also gzip-compressed</span>
      </div>
    </div>
  )
}
