import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components'
import type { AccountSummary } from '../../../../shared/models/auth'

/** Asks before signing an account out. */
export function SignOutDialog({
  account,
  open,
  onConfirm,
  onCancel,
}: {
  readonly account: AccountSummary | null
  readonly open: boolean
  readonly onConfirm: (account: AccountSummary) => void
  readonly onCancel: () => void
}) {
  return (
    <Dialog
      open={open && account !== null}
      onOpenChange={(_event, data) => {
        if (!data.open) onCancel()
      }}
    >
      <DialogSurface data-testid="sign-out-dialog">
        <DialogBody>
          <DialogTitle>Sign out {account?.name}?</DialogTitle>
          <DialogContent>
            {account?.kind === 'developer'
              ? 'LogDrop stops using your Azure CLI / environment credentials. Your Azure CLI stays signed in; `az logout` signs it out.'
              : `LogDrop removes the sign-in of ${account?.username ?? 'this account'} from this computer. You can sign in again at any time.`}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              onClick={() => {
                if (account !== null) onConfirm(account)
              }}
              data-testid="sign-out-confirm"
            >
              Sign out
            </Button>
            <Button onClick={onCancel}>Keep signed in</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
