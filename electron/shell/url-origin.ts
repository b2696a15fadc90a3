/**
 * The origin of a URL as Chromium sees it, or null when the text is not a URL with one.
 *
 * Node's WHATWG URL reports `"null"` as the origin of every non-special scheme, but Electron
 * treats a scheme registered as `standard` (our `app://`) like http: scheme, host and port. So
 * for those we build `scheme://host[:port]` ourselves. Origins are compared whole, never with
 * startsWith (`https://login.microsoftonline.com.evil.example` must not pass).
 */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.origin !== 'null') return parsed.origin
  if (parsed.host === '') return null
  return `${parsed.protocol}//${parsed.host}`.toLowerCase()
}

/** True when both URLs parse and share one origin. */
export function sameOrigin(url: string, origin: string): boolean {
  const actual = originOf(url)
  return actual !== null && actual === originOf(origin)
}
