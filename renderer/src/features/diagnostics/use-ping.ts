import { useCallback, useReducer } from 'react'
import { useApi } from '../../app/api-context'
import { INITIAL_PING, pingReducer, type PingState } from './ping-state'

/** The "Test connection" round trip: sends `app:ping` and times the answer. */
export function usePing(): { readonly state: PingState; readonly ping: (message: string) => void } {
  const api = useApi()
  const [state, dispatch] = useReducer(pingReducer, INITIAL_PING)
  const { attempt } = state
  const ping = useCallback(
    (message: string) => {
      const sentAttempt = attempt + 1
      dispatch({ type: 'sent', message, at: performance.now() })
      void api
        .invoke('app:ping', { message })
        .then((result) =>
          dispatch({ type: 'answered', attempt: sentAttempt, result, at: performance.now() }),
        )
    },
    [api, attempt],
  )
  return { state, ping }
}
