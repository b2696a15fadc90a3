/**
 * The one Content Security Policy LogDrop's pages run under, shared by the Electron shell
 * (app:// responses and the dev server) and the browser host, so the two cannot drift apart.
 *
 * Scripts only from the app itself; no plugins, no framing, no form posts, no <base>. Styles
 * allow 'unsafe-inline' because Fluent UI (Griffel) inserts its atomic CSS at run time.
 */
export interface CspOptions {
  /** Extra origins the page may connect to, e.g. the browser host's `ws://127.0.0.1:PORT`. */
  readonly connectSources?: readonly string[]
  /** Vite's dev server needs its inline React-refresh preamble and HMR socket. */
  readonly development?: boolean
}

/** Builds the policy as one header value. */
export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.development === true
  const connect = ["'self'", ...(options.connectSources ?? [])]
  if (dev) connect.push('ws://localhost:*', 'ws://127.0.0.1:*')
  const directives: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', connect],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ]
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ')
}

/** Headers every page and file response carries, besides the CSP. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
}
