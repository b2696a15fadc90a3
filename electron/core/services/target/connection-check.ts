import { randomUUID } from 'node:crypto'
import { fetch, type Dispatcher } from 'undici'
import {
  errorData,
  isAppError,
  toErrorData,
  type AppErrorData,
} from '../../../../shared/errors/app-error'
import { isCertificateErrorCode } from '../../../../shared/errors/certificate-errors'
import type { ConnectionCheck, IngestionTarget } from '../../../../shared/models/target'

/** The Logs Ingestion API version every SDK uses today. */
export const INGESTION_API_VERSION = '2023-01-01'

/** TLS failures that are not about the certificate but need the same advice. */
const TLS_PROTOCOL_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER'])

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
])

export interface ConnectionCheckOptions {
  /** A Monitor-audience token; `forceRefresh` after a 401 (the check retries once). */
  readonly getToken: (forceRefresh: boolean) => Promise<string>
  readonly dispatcher: Dispatcher
  readonly timeoutMs?: number
}

/** The URL of a stream: `{endpoint}/dataCollectionRules/{id}/streams/{stream}?api-version=…`. */
export function streamUrl(target: IngestionTarget): string {
  return (
    `${target.endpoint}/dataCollectionRules/${encodeURIComponent(target.dcrImmutableId)}` +
    `/streams/${encodeURIComponent(target.streamName)}?api-version=${INGESTION_API_VERSION}`
  )
}

function errorCodeOf(error: unknown): string | null {
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return null
}

/** Maps a failed request (no HTTP answer) to advice. */
export function networkProblem(error: unknown): AppErrorData {
  const name = error instanceof Error ? error.name : ''
  const code = errorCodeOf(error)
  const detail = `${name} ${code ?? ''}: ${error instanceof Error ? error.message : String(error)}`
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return errorData('target/timeout', detail, { retryable: true })
  }
  if (
    code !== null &&
    (isCertificateErrorCode(code) ||
      TLS_PROTOCOL_CODES.has(code) ||
      code.startsWith('ERR_TLS') ||
      code.includes('CERT'))
  ) {
    return errorData('target/tls', detail)
  }
  if (code !== null && UNREACHABLE_CODES.has(code)) {
    return errorData('target/unreachable', detail, { retryable: true })
  }
  return errorData('target/unreachable', detail, { retryable: true })
}

interface ServiceError {
  readonly code: string | null
  readonly message: string | null
}

function parseServiceError(text: string): ServiceError {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }
    const code = typeof body.error?.code === 'string' ? body.error.code : null
    const message = typeof body.error?.message === 'string' ? body.error.message : null
    return { code, message: message?.slice(0, 1000) ?? null }
  } catch {
    return { code: null, message: text.trim() === '' ? null : text.slice(0, 300) }
  }
}

/** Maps an HTTP answer other than 204 to advice. */
export function httpProblem(status: number, service: ServiceError): AppErrorData {
  const detail = `HTTP ${status} ${service.code ?? '-'}: ${service.message ?? ''}`
  const mentionsStream = /stream/i.test(`${service.code ?? ''} ${service.message ?? ''}`)
  if (status === 401) {
    return service.code === 'InvalidAudience'
      ? errorData('target/wrong-audience', detail)
      : errorData('target/unauthorized', detail)
  }
  if (status === 403) return errorData('target/forbidden', detail)
  if (status === 404) {
    // Azure's unknown-DCR answer is `NotFound` "Data collection rule with immutable Id … not
    // found."; anything else naming a stream is about the stream.
    const dcrMissing =
      service.code === 'NotFound' ||
      /rule with immutable id '[^']*' not found/i.test(service.message ?? '')
    return mentionsStream && !dcrMissing
      ? errorData('target/stream-not-found', detail)
      : errorData('target/not-found', detail)
  }
  if (status === 400 && mentionsStream) return errorData('target/stream-not-found', detail)
  if (status === 429) return errorData('target/throttled', detail, { retryable: true })
  if (status >= 500) return errorData('target/service-error', detail, { retryable: true })
  return errorData('target/bad-request', detail)
}

/**
 * The check made before an upload: POST `[]` to the stream with a Monitor token.
 *
 * An empty JSON array is a valid, empty batch: 204 means the endpoint, DCR, stream and role are
 * all right, and nothing was ingested. (An empty body would get a 500, as from Azure.) A 401 is
 * retried once with a fresh token.
 */
export async function checkConnection(
  target: IngestionTarget,
  options: ConnectionCheckOptions,
): Promise<ConnectionCheck> {
  const checkedAt = new Date().toISOString()
  const failed = (
    problem: AppErrorData,
    http: { status?: number; service?: ServiceError; requestId?: string | null } = {},
  ): ConnectionCheck => ({
    ready: false,
    target,
    checkedAt,
    problem,
    httpStatus: http.status ?? null,
    serviceCode: http.service?.code ?? null,
    serviceMessage: http.service?.message ?? null,
    requestId: http.requestId ?? null,
  })

  for (const forceRefresh of [false, true]) {
    let token: string
    try {
      token = await options.getToken(forceRefresh)
    } catch (error) {
      return failed(isAppError(error) ? toErrorData(error) : networkProblem(error))
    }
    let status: number
    let text: string
    let requestId: string | null
    try {
      const response = await fetch(streamUrl(target), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'x-ms-client-request-id': randomUUID(),
        },
        body: '[]',
        dispatcher: options.dispatcher,
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      })
      status = response.status
      requestId = response.headers.get('x-ms-request-id')
      text = await response.text()
    } catch (error) {
      return failed(networkProblem(error))
    }
    if (status === 204 || status === 200) return { ready: true, target, checkedAt, requestId }
    if (status === 401 && !forceRefresh) continue
    const service = parseServiceError(text)
    return failed(httpProblem(status, service), { status, service, requestId })
  }
  // Unreachable: the loop returns on its second pass.
  return failed(errorData('target/unauthorized', 'retry loop ended'))
}
