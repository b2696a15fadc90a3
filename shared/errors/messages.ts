import { CORE_MESSAGES } from './areas/core'
import { SETTINGS_MESSAGES } from './areas/settings'

/**
 * Every error code LogDrop knows, with the text a person sees.
 *
 * User-facing text lives in shared/errors/areas/ (one file per area) and only there; `detail`
 * on an error is for logs.
 */
const MESSAGES = {
  ...CORE_MESSAGES,
  ...SETTINGS_MESSAGES,
} as const

/** A stable, namespaced error code (`area/what`). */
export type AppErrorCode = keyof typeof MESSAGES

/** The user-facing message for a code. */
export function userMessage(code: AppErrorCode): string {
  return MESSAGES[code]
}

/** Every known code, for exhaustive checks in tests. */
export const APP_ERROR_CODES = Object.keys(MESSAGES) as readonly AppErrorCode[]
