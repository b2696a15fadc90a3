import { originOf } from './url-origin'

/** What the shell does with a navigation the page (or a link in it) asked for. */
export type NavigationDecision = 'allow' | 'deny'

/**
 * Decides `will-navigate` / `will-frame-navigate` / `will-redirect`.
 *
 * Only pages of the app itself may load in the window: its own origin (app:// in production,
 * Vite's dev server in development). Everything else is refused; links to the outside world go
 * through the window-open handler and the openExternal allow-list instead.
 */
export function decideNavigation(targetUrl: string, appOrigin: string): NavigationDecision {
  const target = originOf(targetUrl)
  return target !== null && target === originOf(appOrigin) ? 'allow' : 'deny'
}
