import { Skeleton, SkeletonItem, Text, makeStyles, tokens } from '@fluentui/react-components'
import { useConnectionState } from '../../app/api-context'
import { ScreenFrame, type HeadingFocus } from '../../app/screen-frame'
import { presentError } from '../../components/present-error'
import { isOffline } from '../../lib/connection-state'
import { AccountsCard } from './accounts-card'
import { useAuth } from './auth-provider'
import { CloudCard } from './cloud-card'
import { SignInCard } from './sign-in-card'
import { TokenCacheCard } from './token-cache-card'

const useStyles = makeStyles({
  columns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(340px, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
})

/**
 * The Sign in screen: which cloud, the signed-in accounts, the ways to add one (browser, code,
 * developer credentials) and where the sign-in is kept.
 */
export function SignInScreen(focus: HeadingFocus) {
  const styles = useStyles()
  const { state } = useAuth()
  const offline = isOffline(useConnectionState())
  const { auth } = state

  if (auth === null) {
    return (
      <ScreenFrame screen="sign-in" {...focus}>
        {state.load === 'loading' && offline ? (
          <Text>Your accounts appear here once LogDrop is connected.</Text>
        ) : null}
        {state.load === 'loading' && !offline ? (
          <Skeleton aria-label="Loading your accounts">
            <SkeletonItem size={32} />
            <SkeletonItem size={32} />
          </Skeleton>
        ) : null}
        {state.loadError === null
          ? null
          : presentError(state.loadError, {
              title: 'Could not read the sign-in state',
              testId: 'auth-load-error',
            })}
      </ScreenFrame>
    )
  }

  return (
    <ScreenFrame screen="sign-in" {...focus}>
      <div className={styles.columns}>
        <div className={styles.stack}>
          <SignInCard />
          <AccountsCard auth={auth} />
        </div>
        <div className={styles.stack}>
          <CloudCard auth={auth} />
          <TokenCacheCard cache={auth.tokenCache} />
        </div>
      </div>
    </ScreenFrame>
  )
}
