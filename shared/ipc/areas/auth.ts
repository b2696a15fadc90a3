import { z } from 'zod'
import {
  SIGN_IN_METHODS,
  accountIdSchema,
  type AccountSummary,
  type AuthState,
  type DeviceCodePrompt,
} from '../../models/auth'
import { defineEvent, defineInvoke } from '../define'

/**
 * Sign-in requests. No request or event carries a token: the renderer sees accounts and states.
 *
 * Typical flow: `auth:get-state` on start and on every `auth:state` event; `auth:sign-in` resolves
 * when the person finished (or fails with `auth/cancelled`, `auth/timed-out`,
 * `auth/sign-in-failed`); while it waits, `auth:cancel` stops it. In the browser host the
 * interactive sign-in page arrives as `auth:browser-url` (open it in a new tab); device-code
 * sign-in sends `auth:device-code` with the code to show.
 */
export const AUTH_INVOKE = {
  /** Accounts, the active one, a pending sign-in and where the token cache lives. */
  'auth:get-state': defineInvoke<AuthState>()(z.undefined()),
  /**
   * Signs in and makes the account active. Resolves when the person has finished; one sign-in at
   * a time (`auth/sign-in-pending` otherwise). `loginHint` prefills the user name, e.g. when an
   * account needs to sign in again.
   */
  'auth:sign-in': defineInvoke<AccountSummary>()(
    z
      .object({
        method: z.enum(SIGN_IN_METHODS),
        loginHint: z.string().trim().min(1).max(256).optional(),
      })
      .strict(),
  ),
  /** Stops a pending sign-in; `cancelled` is false when nothing was pending. */
  'auth:cancel': defineInvoke<{ readonly cancelled: boolean }>()(z.undefined()),
  /** Makes another signed-in account the active one. */
  'auth:switch-account': defineInvoke<AuthState>()(
    z.object({ accountId: accountIdSchema }).strict(),
  ),
  /** Signs one account out and removes its tokens from the cache. */
  'auth:sign-out': defineInvoke<AuthState>()(z.object({ accountId: accountIdSchema }).strict()),
  /**
   * Adds the Azure CLI / environment credentials (DefaultAzureCredential) as an account and makes
   * it active; fails with `auth/developer-credentials-unavailable` when none are found.
   */
  'auth:use-developer-credentials': defineInvoke<AccountSummary>()(z.undefined()),
  /**
   * Where no OS key store exists: `true` keeps the token cache in an unencrypted file only this
   * OS user can read (show PLAINTEXT_CACHE_WARNING first); `false` keeps it in memory and deletes
   * that file. Has no effect on an encrypted cache.
   */
  'auth:set-plaintext-cache': defineInvoke<AuthState>()(
    z.object({ enabled: z.boolean() }).strict(),
  ),
} as const

/** Sign-in events. */
export const AUTH_EVENTS = {
  /** The whole sign-in state, after any change (accounts, active, pending, cache). */
  'auth:state': defineEvent<AuthState>(),
  /**
   * The interactive sign-in page to open. The browser host's renderer opens it in a new tab;
   * the Electron shell has opened it in the system browser already.
   */
  'auth:browser-url': defineEvent<{ readonly url: string }>(),
  /** Device-code sign-in: show this code and the page to enter it on. */
  'auth:device-code': defineEvent<DeviceCodePrompt>(),
} as const
