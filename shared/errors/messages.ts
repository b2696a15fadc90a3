import { AUTH_MESSAGES } from './areas/auth'
import { CORE_MESSAGES } from './areas/core'
import { ENGINE_MESSAGES } from './areas/engine'
import { FILES_MESSAGES } from './areas/files'
import { SESSION_MESSAGES } from './areas/session'
import { SETTINGS_MESSAGES } from './areas/settings'
import { TARGET_MESSAGES } from './areas/target'
import { UPLOAD_MESSAGES } from './areas/upload'

/**
 * Every error code LogDrop knows, with the text a person sees.
 *
 * User-facing text lives in shared/errors/areas/ (one file per area) and only there; `detail`
 * on an error is for logs.
 */
const MESSAGES = {
  ...AUTH_MESSAGES,
  ...CORE_MESSAGES,
  ...ENGINE_MESSAGES,
  ...FILES_MESSAGES,
  ...SESSION_MESSAGES,
  ...SETTINGS_MESSAGES,
  ...TARGET_MESSAGES,
  ...UPLOAD_MESSAGES,
} as const

/** A stable, namespaced error code (`area/what`). */
export type AppErrorCode = keyof typeof MESSAGES

/** The user-facing message for a code. */
export function userMessage(code: AppErrorCode): string {
  return MESSAGES[code]
}

/** Every known code, for exhaustive checks in tests. */
export const APP_ERROR_CODES = Object.keys(MESSAGES) as readonly AppErrorCode[]
