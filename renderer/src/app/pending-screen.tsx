import { Body1, Card, Subtitle1, makeStyles, tokens } from '@fluentui/react-components'
import { ScreenFrame, type HeadingFocus } from './screen-frame'
import { SCREEN_ICONS } from './screen-icons'
import { pendingNotice, type ScreenId } from './screens'

const useStyles = makeStyles({
  placeholder: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}`,
  },
  iconCircle: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '72px',
    height: '72px',
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground2,
    fontSize: '36px',
  },
  title: { margin: 0 },
  text: {
    margin: 0,
    maxWidth: '56ch',
    textAlign: 'center',
    color: tokens.colorNeutralForeground2,
  },
})

/** A screen whose issue is still open: it says so plainly, and which issue will fill it. */
export function PendingScreen({ screen, ...focus }: { readonly screen: ScreenId } & HeadingFocus) {
  const styles = useStyles()
  const Icon = SCREEN_ICONS[screen]
  return (
    <ScreenFrame screen={screen} {...focus}>
      <Card className={styles.placeholder} data-testid="pending-notice">
        <div className={styles.iconCircle} aria-hidden="true">
          <Icon />
        </div>
        <Subtitle1 as="h2" className={styles.title}>
          Not built yet
        </Subtitle1>
        <Body1 as="p" className={styles.text}>
          {pendingNotice(screen)}
        </Body1>
      </Card>
    </ScreenFrame>
  )
}
