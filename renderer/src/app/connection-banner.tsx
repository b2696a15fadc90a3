import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components'
import { ArrowClockwiseRegular } from '@fluentui/react-icons'
import { userMessage } from '../../../shared/errors/messages'
import { describeReconnect, isOffline } from '../lib/connection-state'
import { useConnectionState, useRetryConnection } from './api-context'

/**
 * Tells the user, at the top of the page, that requests cannot reach the LogDrop service (the
 * browser host's socket is down), with Reload and Retry now. Never shown for Electron's IPC.
 */
export function ConnectionBanner() {
  const state = useConnectionState()
  const retryNow = useRetryConnection()
  if (!isOffline(state)) return null
  return (
    <MessageBar intent="error" layout="multiline" data-testid="connection-banner">
      <MessageBarBody>
        <MessageBarTitle>
          {state.generation === 0 ? 'Not connected' : 'Connection lost'}
        </MessageBarTitle>
        {userMessage('ipc/disconnected')} {describeReconnect(state)}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={retryNow} data-testid="retry-connection-button">
          Retry now
        </Button>
        <Button
          appearance="primary"
          icon={<ArrowClockwiseRegular />}
          onClick={() => window.location.reload()}
          data-testid="reload-button"
        >
          Reload
        </Button>
      </MessageBarActions>
    </MessageBar>
  )
}
