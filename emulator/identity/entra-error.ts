import { randomUUID } from 'node:crypto'

/** An Entra ID (AADSTS) error before it is put on the wire. */
export interface EntraError {
  /** OAuth error code, e.g. `invalid_grant`. */
  readonly error: string
  /** The AADSTS number, e.g. 50148. */
  readonly code: number
  /** Text after `AADSTSnnnnn: `. */
  readonly message: string
  /** HTTP status; Entra answers 401 for `invalid_client` and 400 for the rest. */
  readonly status: number
}

/** Builds an `EntraError`; `invalid_client` defaults to 401 as Entra does. */
export function entraError(
  error: string,
  code: number,
  message: string,
  status?: number,
): EntraError {
  return { error, code, message, status: status ?? (error === 'invalid_client' ? 401 : 400) }
}

/** Entra's timestamp format: `2016-01-09 02:02:12Z`. */
function entraTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace('T', ' ')}Z`
}

/**
 * The JSON body Entra sends for a failed token or device-code request (reference §7.3):
 * `error_description` repeats the trace and correlation ids and the time, like the real thing.
 */
export function entraErrorBody(failure: EntraError, now: Date, correlationId?: string) {
  const traceId = randomUUID()
  const correlation = correlationId ?? randomUUID()
  const timestamp = entraTimestamp(now)
  return {
    error: failure.error,
    error_description: `AADSTS${failure.code}: ${failure.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
  }
}

/** `error_description` for a redirect or form post, where Entra omits the ids. */
export function entraErrorDescription(failure: EntraError): string {
  return `AADSTS${failure.code}: ${failure.message}`
}

/** The request body is missing a required parameter (AADSTS900144). */
export function missingParameter(name: string): EntraError {
  return entraError(
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${name}'.`,
  )
}
