/**
 * The custom scheme the packaged renderer is served from (Electron security checklist item 18:
 * avoid file://). Registered as standard and secure, so the page gets a real origin,
 * `app://logdrop`, that navigation and sender checks compare against.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'logdrop'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
/** The page the window loads in production. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * The still-encoded path of an app:// request, or null when it is not for our host.
 *
 * The path then goes through readRendererFile, which refuses traversal.
 */
export function appRequestPath(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST) return null
  return parsed.pathname
}
