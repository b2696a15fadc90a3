import {
  Badge,
  Button,
  Card,
  CardHeader,
  Persona,
  Subtitle2,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components'
import { ArrowSyncRegular, PersonSwapRegular, SignOutRegular } from '@fluentui/react-icons'
import { useState } from 'react'
import type { AccountSummary, AuthState } from '../../../../shared/models/auth'
import { useAuth } from './auth-provider'
import { signInPhase } from './auth-state'
import { SignOutDialog } from './sign-out-dialog'

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  title: { margin: 0 },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  active: { border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}` },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, marginLeft: 'auto' },
  tenant: { color: tokens.colorNeutralForeground2, wordBreak: 'break-all' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
})

/** The signed-in accounts: which is active, which need to sign in again, switch, sign out. */
export function AccountsCard({ auth }: { readonly auth: AuthState }) {
  const styles = useStyles()
  // The account stays set while the dialog closes, so its text does not blank mid-animation.
  const [confirming, setConfirming] = useState<{
    readonly account: AccountSummary | null
    readonly open: boolean
  }>({ account: null, open: false })
  const close = () => setConfirming((current) => ({ ...current, open: false }))
  const { signOut } = useAuth()

  return (
    <Card className={styles.card} data-testid="accounts-card">
      <CardHeader
        header={
          <Subtitle2 as="h2" className={styles.title} id="accounts-heading">
            Accounts
          </Subtitle2>
        }
        description={
          <Text size={200}>Discovery, connection checks and uploads use the active account.</Text>
        }
      />
      {auth.accounts.length === 0 ? (
        <Text data-testid="no-accounts">
          No account is signed in yet. Add one above to browse your Azure resources.
        </Text>
      ) : (
        <ul className={styles.list} aria-labelledby="accounts-heading" data-testid="account-list">
          {auth.accounts.map((account) => (
            <AccountItem
              key={account.id}
              account={account}
              onSignOut={(chosen) => setConfirming({ account: chosen, open: true })}
            />
          ))}
        </ul>
      )}
      <SignOutDialog
        account={confirming.account}
        open={confirming.open}
        onConfirm={(account) => {
          close()
          signOut(account.id)
        }}
        onCancel={close}
      />
    </Card>
  )
}

function AccountItem({
  account,
  onSignOut,
}: {
  readonly account: AccountSummary
  readonly onSignOut: (account: AccountSummary) => void
}) {
  const styles = useStyles()
  const auth = useAuth()
  const busy = auth.state.task !== null || signInPhase(auth.state) !== 'idle'
  const signInAgain = () => {
    if (account.kind === 'developer') auth.addDeveloperCredentials()
    else auth.signIn('interactive', account.username)
  }

  return (
    <li
      className={mergeClasses(styles.item, account.active && styles.active)}
      data-testid="account"
      data-username={account.username}
      data-active={account.active}
      data-needs-sign-in={account.needsSignIn}
    >
      <div className={styles.head}>
        <Persona
          name={account.name}
          secondaryText={account.username}
          avatar={{ color: 'colorful', 'aria-hidden': true }}
        />
        <span className={styles.badges}>
          {account.active ? (
            <Badge appearance="filled" color="brand" data-testid="account-active">
              Active
            </Badge>
          ) : null}
          {account.needsSignIn ? (
            <Badge appearance="tint" color="warning" data-testid="account-needs-sign-in">
              Needs sign-in
            </Badge>
          ) : null}
          {account.kind === 'developer' ? (
            <Badge appearance="tint" color="informative">
              Azure CLI / environment
            </Badge>
          ) : null}
        </span>
      </div>
      <Text size={200} className={styles.tenant}>
        Tenant {account.tenantId === '' ? 'unknown' : account.tenantId}
      </Text>
      <div className={styles.actions}>
        {account.needsSignIn ? (
          <Button
            appearance="primary"
            icon={<ArrowSyncRegular />}
            disabledFocusable={busy}
            onClick={signInAgain}
            aria-label={`Sign in again as ${account.name}`}
            data-testid="account-sign-in-again"
          >
            Sign in again
          </Button>
        ) : null}
        {account.active ? null : (
          <Button
            icon={<PersonSwapRegular />}
            disabledFocusable={busy}
            onClick={() => auth.switchAccount(account.id)}
            aria-label={`Use this account (${account.name})`}
            data-testid="account-switch"
          >
            Use this account
          </Button>
        )}
        <Button
          appearance="subtle"
          icon={<SignOutRegular />}
          disabledFocusable={busy}
          onClick={() => onSignOut(account)}
          aria-label={`Sign out ${account.name}`}
          data-testid="account-sign-out"
        >
          Sign out
        </Button>
      </div>
    </li>
  )
}
