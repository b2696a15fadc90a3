import {
  Button,
  Card,
  CardHeader,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { useState } from 'react'
import {
  PLAINTEXT_CACHE_WARNING,
  type TokenCacheStatus,
  type TokenCacheStorage,
} from '../../../../shared/models/auth'
import { useAuth } from './auth-provider'

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  title: { margin: 0 },
})

const STORAGE_TEXT: Readonly<Record<TokenCacheStorage, string>> = {
  'encrypted-file':
    'Your sign-in is saved on this computer, encrypted with the operating system’s key store.',
  'plaintext-file':
    'Your sign-in is saved UNENCRYPTED in a file only your user account can read, as you chose.',
  memory: 'Your sign-in is kept in memory only: you sign in again after LogDrop restarts.',
}

/**
 * Where the sign-in (token cache) is kept. Without an OS key store, the person may opt in to an
 * unencrypted file, after reading what that means.
 */
export function TokenCacheCard({ cache }: { readonly cache: TokenCacheStatus }) {
  const styles = useStyles()
  const auth = useAuth()
  const [confirming, setConfirming] = useState(false)
  const changing = auth.state.task?.kind === 'plaintext-cache'

  return (
    <Card className={styles.card} data-testid="token-cache-card" data-storage={cache.storage}>
      <CardHeader
        header={
          <Subtitle2 as="h2" className={styles.title}>
            Saved sign-in
          </Subtitle2>
        }
      />
      {cache.storage === 'memory' && cache.warning !== null ? null : (
        // The memory warning says this already.
        <Text data-testid="token-cache-status">{STORAGE_TEXT[cache.storage]}</Text>
      )}
      {cache.encryptionAvailable ? null : (
        <>
          {cache.warning === null ? null : (
            <MessageBar intent="warning" layout="multiline" data-testid="token-cache-warning">
              <MessageBarBody>{cache.warning}</MessageBarBody>
            </MessageBar>
          )}
          <Switch
            checked={cache.plaintextOptIn}
            disabled={changing}
            label="Remember my sign-in in an unencrypted file"
            onChange={(_event, data) => {
              if (data.checked) setConfirming(true)
              else auth.setPlaintextCache(false)
            }}
            data-testid="token-cache-opt-in"
          />
        </>
      )}
      <Dialog open={confirming} onOpenChange={(_event, data) => setConfirming(data.open)}>
        <DialogSurface data-testid="token-cache-dialog">
          <DialogBody>
            <DialogTitle>Remember your sign-in unencrypted?</DialogTitle>
            <DialogContent>{PLAINTEXT_CACHE_WARNING}</DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                onClick={() => {
                  setConfirming(false)
                  auth.setPlaintextCache(true)
                }}
                data-testid="token-cache-confirm"
              >
                Remember unencrypted
              </Button>
              <Button onClick={() => setConfirming(false)}>Keep it in memory</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Card>
  )
}
