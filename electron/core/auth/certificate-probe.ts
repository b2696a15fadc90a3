import { fetch } from 'undici'
import { certificateErrorCode } from '../../../shared/errors/certificate-errors'
import { createDispatcher } from './tls-trust'

/** A host whose certificate is not trusted, and Node's code for why. */
export interface CertificateProblem {
  readonly host: string
  readonly code: string
}

/**
 * Whether a failure came from an untrusted certificate, and whose. The error itself is checked
 * first; msal reports a failed TLS handshake only as `endpoints_resolution_error`, so when the
 * error does not say, each host is asked once over TLS with the same trust (any HTTP answer,
 * even 404, means its certificate is fine).
 */
export async function findCertificateProblem(
  error: unknown,
  urls: readonly string[],
  extraCaPem: string | null,
): Promise<CertificateProblem | undefined> {
  const first = urls[0]
  const known = certificateErrorCode(error)
  if (known !== undefined && first !== undefined) return { host: new URL(first).host, code: known }
  const dispatcher = createDispatcher(extraCaPem)
  try {
    for (const url of urls) {
      const code = await probe(url, dispatcher)
      if (code !== undefined) return { host: new URL(url).host, code }
    }
  } finally {
    await dispatcher.close().catch(() => undefined)
  }
  return undefined
}

async function probe(
  url: string,
  dispatcher: ReturnType<typeof createDispatcher>,
): Promise<string | undefined> {
  try {
    const response = await fetch(new URL(url).origin, {
      method: 'HEAD',
      dispatcher,
      signal: AbortSignal.timeout(5_000),
    })
    await response.body?.cancel()
    return undefined
  } catch (error) {
    return certificateErrorCode(error)
  }
}
