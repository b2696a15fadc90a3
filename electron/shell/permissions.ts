import { originOf } from './url-origin'

/**
 * The only permissions the app's own page gets: writing plain text to the clipboard (the
 * "copy" buttons). Electron grants every permission unless told otherwise (security checklist
 * item 5), so everything else, and anything asked by another origin, is denied.
 */
const GRANTED_TO_APP: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

/**
 * Decides a permission request or check (`setPermissionRequestHandler`,
 * `setPermissionCheckHandler`): deny by default.
 */
export function decidePermission(
  permission: string,
  requestingUrl: string | undefined,
  appOrigin: string,
): boolean {
  if (!GRANTED_TO_APP.has(permission) || requestingUrl === undefined) return false
  const origin = originOf(requestingUrl)
  return origin !== null && origin === originOf(appOrigin)
}
