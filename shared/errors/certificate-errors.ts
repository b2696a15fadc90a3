/**
 * Recognising an untrusted TLS certificate among network errors, so that it is reported as a
 * certificate problem (with the host and the way out, `--ca-file` or the CA setting) and not
 * as an outage to wait for. One list for the ingestion client, ARM reads, sign-in and the
 * connection check.
 */

/** OpenSSL verify codes Node reports (`error.code`), and Node's own TLS identity check. */
const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

/** True for an error code that means the server's certificate was not accepted. */
export function isCertificateErrorCode(code: string): boolean {
  return CERTIFICATE_CODES.has(code)
}

/**
 * The certificate error code in an error or its causes (undici and the Azure SDKs wrap the
 * socket's error), or undefined when the error is not about a certificate.
 */
export function certificateErrorCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && CERTIFICATE_CODES.has(code)) return code
    current = (current as { cause?: unknown }).cause
  }
  // Some clients keep only the text (msal, az): Node's messages name the problem.
  const text = error instanceof Error ? error.message : String(error)
  for (const code of CERTIFICATE_CODES) if (text.includes(code)) return code
  if (/self[- ]signed certificate|unable to verify the first certificate/i.test(text)) {
    return 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  }
  return undefined
}

/** The sentence a person reads: which host, what is wrong, what to do. */
export function certificateProblemText(host: string, code: string): string {
  const why =
    code === 'CERT_HAS_EXPIRED'
      ? 'its certificate has expired'
      : code === 'CERT_NOT_YET_VALID'
        ? 'its certificate is not valid yet'
        : code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH'
          ? 'its certificate is for another host name'
          : 'its certificate is not signed by a trusted authority'
  return (
    `The secure connection to ${host} was refused: ${why} (${code}). This is a certificate ` +
    'problem, not an outage. Behind a proxy that inspects HTTPS, or for a private endpoint, ' +
    'add its CA certificate (PEM) with --ca-file or the "Extra CA certificates" setting, then ' +
    'resume the upload and retry its failed records; nothing is lost.'
  )
}
