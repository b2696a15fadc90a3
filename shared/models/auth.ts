import { z } from 'zod'
import type { AppErrorData } from '../errors/app-error'
import type { CloudId } from './settings'

/**
 * Sign-in as the renderer sees it: account names and states, never a token.
 *
 * Tokens, refresh tokens, codes and the token cache stay on the main side; these shapes are all
 * that crosses (see shared/ipc/areas/auth.ts).
 */

/** How a person signs in: the system browser (default) or a code typed on another device. */
export const SIGN_IN_METHODS = ['interactive', 'device-code'] as const
export type SignInMethod = (typeof SIGN_IN_METHODS)[number]

/**
 * `microsoft`: signed in with msal (browser or device code).
 * `developer`: the Azure CLI / environment credentials (DefaultAzureCredential), for developers
 * and automation; it has no sign-out of its own (`az logout` does that).
 */
export type AccountKind = 'microsoft' | 'developer'

/** The id of the developer-credentials account (there is at most one). */
export const DEVELOPER_ACCOUNT_ID = 'developer'

/** Account ids are msal's home account id (`<oid>.<tid>`) or `developer`. */
export const accountIdSchema = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[A-Za-z0-9._-]+$/, 'not an account id')

export interface AccountSummary {
  /** Stable id to pass back in requests (msal's home account id, or `developer`). */
  readonly id: string
  readonly kind: AccountKind
  /** Display name, e.g. "Ada Lovelace" (falls back to the user name). */
  readonly name: string
  /** Sign-in name, e.g. `ada@contoso.example`; for developer credentials, what the token says. */
  readonly username: string
  /** Home tenant id (GUID), or empty when unknown. */
  readonly tenantId: string
  /** The account discovery, checks and uploads use. */
  readonly active: boolean
  /**
   * True when a token could not be renewed silently (expired session, revoked consent, MFA):
   * the person must sign in again; nothing opens a browser on its own.
   */
  readonly needsSignIn: boolean
}

/** What a person needs to finish a device-code sign-in on another device. */
export interface DeviceCodePrompt {
  readonly userCode: string
  readonly verificationUri: string
  /** ISO time after which the code is no longer accepted. */
  readonly expiresAt: string
  /** The identity provider's own instructions (localised by Entra). */
  readonly message: string
}

/** A sign-in that is waiting for the person (in the browser or on another device). */
export interface PendingSignIn {
  readonly method: SignInMethod
  readonly startedAt: string
  /** ISO time at which LogDrop gives up waiting (the sign-in timeout). */
  readonly expiresAt: string
  /**
   * Interactive only: the sign-in page (authority host only). In the browser host the renderer
   * opens it in a new tab; in Electron it was opened in the system browser already.
   */
  readonly browserUrl: string | null
  /** Device code only: the code to show. */
  readonly deviceCode: DeviceCodePrompt | null
}

/**
 * Where the token cache lives.
 * `encrypted-file`: encrypted with the OS keystore (Electron safeStorage), mode 0600.
 * `plaintext-file`: the person opted in; a file only their OS account can read (mode 0600).
 * `memory`: nothing on disk; sign-in is needed again after a restart.
 */
export type TokenCacheStorage = 'encrypted-file' | 'plaintext-file' | 'memory'

export interface TokenCacheStatus {
  readonly storage: TokenCacheStorage
  /** True when the OS keystore can encrypt the cache. */
  readonly encryptionAvailable: boolean
  /** The person's choice to keep an unencrypted cache file when no keystore exists. */
  readonly plaintextOptIn: boolean
  /** Text to show next to the opt-in (null when the cache is encrypted). */
  readonly warning: string | null
}

/** Everything the Sign in screen shows. Pushed as `auth:state` whenever it changes. */
export interface AuthState {
  readonly cloud: CloudId
  readonly cloudName: string
  /** Tenant the sign-in authority uses (`organizations`, a GUID or a domain). */
  readonly tenant: string
  readonly accounts: readonly AccountSummary[]
  readonly activeAccountId: string | null
  readonly pending: PendingSignIn | null
  readonly tokenCache: TokenCacheStatus
  /**
   * Why sign-in cannot work right now (e.g. `auth/emulator-not-running` for the Local emulator
   * cloud); null when it can.
   */
  readonly problem: AppErrorData | null
}

/**
 * Shown beside the plaintext-cache opt-in: what it means, plainly.
 *
 * Kept here (not in the UI) so every host shows the same words.
 */
export const PLAINTEXT_CACHE_WARNING =
  'This computer has no secure key store LogDrop can use, so your sign-in is kept in memory and ' +
  'you sign in again after each restart. If you choose to remember it, LogDrop saves your ' +
  'sign-in tokens UNENCRYPTED in a file only your user account can read. Anyone who can read ' +
  'your files (an administrator, a backup, malware running as you) could use them to act as ' +
  'you in Azure until they expire or you sign out.'

/** Shown once the person chose the unencrypted file: the risk they took, not the choice again. */
export const PLAINTEXT_CACHE_RISK =
  'Anyone who can read your files (an administrator, a backup, malware running as you) could ' +
  'use the saved tokens to act as you in Azure until they expire or you sign out.'
