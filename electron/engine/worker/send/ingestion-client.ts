import type { UploadTarget } from '../../../../shared/models/upload-job'
import { redactSecrets } from '../../../platform/redact'
import { parseRetryAfter, type HeaderValue } from './retry-after'
import type { AttemptResult } from './retry-policy'
import { createPool, poolRequest, type ConnectionPool } from './undici-pool'

/** The API version every current SDK uses (reference §1.2). */
export const DEFAULT_API_VERSION = '2023-01-01'

export interface IngestionClientOptions {
  readonly target: UploadTarget
  /** Extra CA to trust (the local emulator). Replaces the default roots for this pool only. */
  readonly caCertPem?: string
  /** Keep-alive connections; one per request in flight. */
  readonly connections: number
  /** One attempt gives up after this long. */
  readonly requestTimeoutMs: number
  readonly userAgent: string
}

/** One request's headers and payload. */
export interface PostRequest {
  /** The JSON array, gzip-compressed unless `gzip` is false. */
  readonly body: Uint8Array
  readonly gzip: boolean
  readonly token: string
  /** Sent as x-ms-client-request-id; one per chunk, kept across its retries. */
  readonly clientRequestId: string
  readonly signal: AbortSignal
}

/** Longest error text kept from a response body. */
const MAX_MESSAGE = 2_000

/** Network error codes that no retry can fix. */
const PERMANENT_NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_FAIL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_INVALID_URL',
])

/**
 * POSTs gzip'd JSON arrays to `{endpoint}/dataCollectionRules/{id}/streams/{stream}` over a
 * keep-alive connection pool (undici), and reduces every answer or error to an AttemptResult.
 * It never retries by itself: the caller owns the retry policy.
 */
export class IngestionClient {
  private readonly pool: ConnectionPool
  private readonly path: string

  constructor(private readonly options: IngestionClientOptions) {
    const url = new URL(options.target.endpoint)
    const base = url.pathname.replace(/\/+$/, '')
    const apiVersion = options.target.apiVersion ?? DEFAULT_API_VERSION
    this.path =
      `${base}/dataCollectionRules/${encodeURIComponent(options.target.dcrImmutableId)}` +
      `/streams/${encodeURIComponent(options.target.streamName)}` +
      `?api-version=${encodeURIComponent(apiVersion)}`
    this.pool = createPool(url.origin, {
      connections: Math.max(1, options.connections),
      keepAliveTimeout: 30_000,
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
      connect: {
        ...(options.caCertPem === undefined ? {} : { ca: options.caCertPem }),
        timeout: Math.min(30_000, options.requestTimeoutMs),
      },
    })
  }

  /** Sends one attempt. Never throws: failures come back as data. */
  async post(request: PostRequest): Promise<AttemptResult> {
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs)
    const signal = AbortSignal.any([request.signal, timeout])
    try {
      const response = await poolRequest(this.pool, {
        method: 'POST',
        path: this.path,
        headers: {
          authorization: `Bearer ${request.token}`,
          'content-type': 'application/json',
          ...(request.gzip ? { 'content-encoding': 'gzip' } : {}),
          accept: 'application/json',
          'x-ms-client-request-id': request.clientRequestId,
          'user-agent': this.options.userAgent,
        },
        body: request.body,
        signal,
      })
      const headers = response.headers as Record<string, HeaderValue>
      const requestId = firstHeader(headers['x-ms-request-id'])
      if (response.statusCode >= 200 && response.statusCode <= 299) {
        await response.body.dump()
        return {
          kind: 'accepted',
          status: response.statusCode,
          ...(requestId === undefined ? {} : { requestId }),
        }
      }
      const text = await response.body.text().catch(() => '')
      const { code, message } = readErrorBody(text, headers, response.statusCode)
      const retryAfterMs = parseRetryAfter(headers, Date.now())
      return {
        kind: 'rejected',
        status: response.statusCode,
        message,
        ...(code === undefined ? {} : { code }),
        ...(requestId === undefined ? {} : { requestId }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      }
    } catch (error) {
      if (request.signal.aborted) return { kind: 'aborted' }
      if (timeout.aborted) {
        return {
          kind: 'network',
          code: 'ETIMEDOUT',
          message: `no answer within ${this.options.requestTimeoutMs} ms`,
        }
      }
      const code = errorCode(error)
      return {
        kind: 'network',
        code,
        message: redactSecrets(error instanceof Error ? error.message : String(error)),
        ...(PERMANENT_NETWORK_CODES.has(code) ? { permanent: true } : {}),
      }
    }
  }

  /** Closes idle connections; in-flight requests must be settled or aborted first. */
  async close(): Promise<void> {
    await this.pool.destroy().catch(() => undefined)
  }
}

function firstHeader(value: HeaderValue): string | undefined {
  return typeof value === 'string' ? value : value?.[0]
}

/** The service's `{ error: { code, message } }` body, or the status line when there is none. */
function readErrorBody(
  text: string,
  headers: Readonly<Record<string, HeaderValue>>,
  status: number,
): { code?: string; message: string } {
  let code = firstHeader(headers['x-ms-error-code'])
  let message: string | undefined
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }
    if (typeof parsed.error?.code === 'string') code = parsed.error.code
    if (typeof parsed.error?.message === 'string') message = parsed.error.message
  } catch {
    if (text.trim() !== '') message = text.trim()
  }
  const finalMessage = redactSecrets(message ?? `HTTP ${status}`).slice(0, MAX_MESSAGE)
  return { ...(code === undefined ? {} : { code }), message: finalMessage }
}

/** The most specific code an error carries (undici wraps socket errors in `cause`). */
function errorCode(error: unknown): string {
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && !code.startsWith('UND_ERR')) return code
    current = (current as { cause?: unknown }).cause
  }
  const top = (error as { code?: unknown } | null)?.code
  return typeof top === 'string' ? top : 'ENETWORK'
}
