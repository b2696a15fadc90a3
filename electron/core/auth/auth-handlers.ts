import type { InvokeHandlers } from '../ipc/dispatch'
import type { AuthService } from './auth-service'

type AuthChannel = Extract<keyof InvokeHandlers, `auth:${string}`>

/** The `auth:*` requests, bound to the AuthService. Nothing returned here holds a token. */
export function createAuthHandlers(auth: AuthService): Pick<InvokeHandlers, AuthChannel> {
  return {
    'auth:get-state': () => auth.getState(),
    'auth:sign-in': (request) => auth.signIn(request),
    'auth:cancel': () => ({ cancelled: auth.cancel() }),
    'auth:switch-account': ({ accountId }) => auth.switchAccount(accountId),
    'auth:sign-out': ({ accountId }) => auth.signOut(accountId),
    'auth:use-developer-credentials': () => auth.useDeveloperCredentials(),
    'auth:set-plaintext-cache': ({ enabled }) => auth.setPlaintextCache(enabled),
  }
}
