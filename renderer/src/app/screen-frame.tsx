import { Body1, makeStyles, tokens, typographyStyles } from '@fluentui/react-components'
import { useEffect, useRef, type ReactNode } from 'react'
import { screenInfo, type ScreenId } from './screens'

const useStyles = makeStyles({
  frame: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '960px',
  },
  heading: {
    ...typographyStyles.title2,
    margin: 0,
    width: 'fit-content',
    borderRadius: tokens.borderRadiusMedium,
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: tokens.spacingHorizontalXXS,
    },
  },
  summary: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    color: tokens.colorNeutralForeground2,
  },
})

/** Focus handling the shell passes to the current screen. */
export interface HeadingFocus {
  /** True right after the user moved here: focus the heading so it is announced. */
  readonly focusHeading: boolean
  readonly onHeadingFocused: () => void
}

/**
 * The common frame of a screen: its h1 (from the registry), the summary line, and content.
 */
export function ScreenFrame({
  screen,
  focusHeading,
  onHeadingFocused,
  children,
}: { readonly screen: ScreenId; readonly children: ReactNode } & HeadingFocus) {
  const styles = useStyles()
  const heading = useRef<HTMLHeadingElement>(null)
  const info = screenInfo(screen)
  const headingId = `screen-title-${screen}`

  useEffect(() => {
    if (!focusHeading) return
    heading.current?.focus()
    onHeadingFocused()
  }, [focusHeading, onHeadingFocused])

  useEffect(() => {
    document.title = `${info.label} · LogDrop`
  }, [info.label])

  return (
    <section className={styles.frame} aria-labelledby={headingId} data-testid={`screen-${screen}`}>
      <div>
        <h1
          id={headingId}
          ref={heading}
          tabIndex={-1}
          className={styles.heading}
          data-testid="screen-title"
        >
          {info.label}
        </h1>
        <Body1 as="p" className={styles.summary}>
          {info.summary}
        </Body1>
      </div>
      {children}
    </section>
  )
}
