import { X509Certificate } from 'node:crypto'
import type { NavigationDecision } from './navigation'
import { originOf } from './url-origin'

/** The running local emulator as the sign-in window needs it. */
export interface EmulatorTrust {
  /** `https://localhost:PORT`. */
  readonly origin: string
  /** Its CA certificate (PEM), from `<emulator dir>/tls/ca.pem`. */
  readonly caCertPem: string
}

/** Chromium's verify results for `setCertificateVerifyProc`: trust it, or keep Chromium's verdict. */
export const CERT_TRUSTED = 0
export const CERT_CHROMIUM_VERDICT = -3

/** True when `certificatePem` is valid now and signed by the CA in `caCertPem`. */
export function isIssuedByCa(certificatePem: string, caCertPem: string, now = new Date()): boolean {
  try {
    const leaf = new X509Certificate(certificatePem)
    const ca = new X509Certificate(caCertPem)
    const time = now.getTime()
    return (
      leaf.checkIssued(ca) &&
      leaf.verify(ca.publicKey) &&
      Date.parse(leaf.validFrom) <= time &&
      time <= Date.parse(leaf.validTo)
    )
  } catch {
    return false
  }
}

/**
 * The verdict for a certificate the emulator sign-in window's session sees: trusted only for the
 * emulator's host and only when its CA signed it; anything else keeps Chromium's own verdict, so
 * the emulator's CA vouches for nothing but the emulator.
 */
export function emulatorCertificateVerdict(
  request: { readonly hostname: string; readonly certificatePem: string },
  emulator: EmulatorTrust | undefined,
  now = new Date(),
): typeof CERT_TRUSTED | typeof CERT_CHROMIUM_VERDICT {
  if (emulator === undefined) return CERT_CHROMIUM_VERDICT
  let host: string
  try {
    host = new URL(emulator.origin).hostname
  } catch {
    return CERT_CHROMIUM_VERDICT
  }
  return request.hostname.toLowerCase() === host.toLowerCase() &&
    isIssuedByCa(request.certificatePem, emulator.caCertPem, now)
    ? CERT_TRUSTED
    : CERT_CHROMIUM_VERDICT
}

/** True for msal's loopback redirect (`http://localhost:PORT/…`, `127.0.0.1`, `[::1]`). */
export function isLoopbackRedirect(url: string): boolean {
  try {
    const parsed = new URL(url)
    return (
      parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
    )
  } catch {
    return false
  }
}

/**
 * Navigation inside the emulator sign-in window: the emulator's own pages and the loopback
 * redirect that hands the code back to msal; nothing else.
 */
export function decideSignInNavigation(url: string, emulatorOrigin: string): NavigationDecision {
  const target = originOf(url)
  if (target !== null && target === originOf(emulatorOrigin)) return 'allow'
  return isLoopbackRedirect(url) ? 'allow' : 'deny'
}
