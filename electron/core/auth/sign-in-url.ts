import { fetch } from 'undici'

/**
 * True when a URL may be opened as a sign-in page: https, no credentials in it, and exactly the
 * configured authority's origin (whole-origin comparison, never a prefix match, so
 * `https://login.microsoftonline.com.evil.example` fails).
 */
export function isAllowedSignInUrl(url: string, authorityHost: string): boolean {
  let parsed: URL
  let allowed: URL
  try {
    parsed = new URL(url)
    allowed = new URL(authorityHost)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:' || allowed.protocol !== 'https:') return false
  if (parsed.username !== '' || parsed.password !== '') return false
  return parsed.origin === allowed.origin
}

/** Where msal's loopback server waits, and the state it expects back. */
export interface LoopbackTarget {
  readonly redirectUri: string
  readonly state: string
}

/**
 * Reads msal's loopback address and state from the authorize URL it hands to `openBrowser`.
 *
 * Null unless the redirect is plain http to localhost or 127.0.0.1: the cancel POST below must
 * never go anywhere else.
 */
export function loopbackFromAuthorizeUrl(url: string): LoopbackTarget | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  const redirectUri = parsed.searchParams.get('redirect_uri')
  const state = parsed.searchParams.get('state')
  if (redirectUri === null || state === null) return null
  let redirect: URL
  try {
    redirect = new URL(redirectUri)
  } catch {
    return null
  }
  if (redirect.protocol !== 'http:') return null
  if (redirect.hostname !== 'localhost' && redirect.hostname !== '127.0.0.1') return null
  return { redirectUri, state }
}

/**
 * Ends msal's wait on its loopback server, as the identity provider would for a refusal.
 *
 * msal-node has no cancel for `acquireTokenInteractive` (reference §1.2): posting
 * `error=access_denied` with the right state makes it reject and close the server.
 */
export async function abortLoopback(target: LoopbackTarget, reason: string): Promise<void> {
  const body = new URLSearchParams({
    error: 'access_denied',
    error_description: reason,
    state: target.state,
  })
  // The loopback server listens on 127.0.0.1; "localhost" may resolve to ::1 first.
  const url = new URL(target.redirectUri)
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1'
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
    signal: AbortSignal.timeout(5_000),
  })
  await response.arrayBuffer()
}
