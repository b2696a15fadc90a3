/** An ingestion error answer: status, Azure error code and message. */
export interface IngestionError {
  readonly status: number
  /** Undefined for the one error Azure sends without a code (empty body → bare 500). */
  readonly code?: string
  readonly message: string
  readonly headers?: Record<string, string>
}

/** Size limit of one call, compressed or not (reference §2.1). */
export const MAX_BODY_BYTES = 1_048_576

/** api-versions of the Logs Ingestion API the emulator accepts (reference §1.2). */
export const SUPPORTED_API_VERSIONS = ['2021-11-01-preview', '2023-01-01', '2023-04-01-preview']

/** Builders for every ingestion error, with Azure's codes and messages where they are known. */
export const ingestionErrors = {
  missingApiVersion: (): IngestionError => ({
    status: 400,
    code: 'MissingApiVersionParameter',
    message: 'The api-version query parameter (?api-version=) is required for all requests.',
  }),
  unsupportedApiVersion: (version: string): IngestionError => ({
    status: 400,
    code: 'UnsupportedApiVersion',
    message: `The api-version '${version}' is not supported. Supported versions: ${SUPPORTED_API_VERSIONS.join(', ')}.`,
  }),
  dcrNotFound: (immutableId: string): IngestionError => ({
    status: 404,
    code: 'NotFound',
    message: `Data collection rule with immutable Id '${immutableId}' not found.`,
  }),
  /** The long form from the SDK troubleshooting guides (reference §1.7, TSG). */
  forbidden: (p: {
    immutableId: string
    dcrArmId: string
    tenantId: string
    objectId: string
  }): IngestionError => ({
    status: 403,
    code: 'OperationFailed',
    message:
      `The authentication token provided does not have access to ingest data for the data collection rule with immutable Id '${p.immutableId}' ` +
      `PipelineAccessResult: AccessGranted: False, IsRbacPresent: False, IsDcrDceBindingValid: , DcrArmId: ${p.dcrArmId}, ` +
      `Message: Required authorization action was not found for tenantId ${p.tenantId} objectId ${p.objectId} on resourceId ${p.dcrArmId} ` +
      `ConfigurationId: ${p.immutableId}..`,
  }),
  /** Emulator choice: Azure's status and code for an unknown stream are not documented. */
  unknownStream: (
    stream: string,
    immutableId: string,
    declared: readonly string[],
  ): IngestionError => ({
    status: 404,
    code: 'InvalidStream',
    message: `Stream '${stream}' is not declared in data collection rule with immutable Id '${immutableId}'. Declared streams: ${declared.join(', ') || '(none)'}.`,
  }),
  /** Emulator-only: the DCR's transformation cannot be run faithfully, so nothing is accepted. */
  transformNotSupported: (dcrArmId: string, problem: string): IngestionError => ({
    status: 501,
    code: 'TransformNotSupportedByEmulator',
    message: `The local emulator cannot run data collection rule '${dcrArmId}': ${problem}. Change the seed's transformKql to the supported subset (emulator/data/kql/README.md).`,
  }),
  tooLarge: (which: 'compressed' | 'uncompressed', bytes: number): IngestionError => ({
    status: 413,
    code: 'ContentLengthLimitExceeded',
    message:
      `Maximum allowed content length: ${MAX_BODY_BYTES} bytes (1 MB). ` +
      (which === 'compressed'
        ? `Provided content length: ${bytes} bytes.`
        : `The decompressed content exceeds the limit (more than ${MAX_BODY_BYTES} bytes after gzip decompression).`),
  }),
  /** Azure answers an empty body with a bare 500: no error code, no JSON (reference §1.7). */
  emptyBody: (): IngestionError => ({ status: 500, message: '' }),
  unsupportedEncoding: (encoding: string): IngestionError => ({
    status: 400,
    code: 'UnsupportedContentEncoding',
    message: `Content-Encoding '${encoding}' is not supported; send the body as is or with 'Content-Encoding: gzip'.`,
  }),
  badGzip: (detail: string): IngestionError => ({
    status: 400,
    code: 'InvalidContentEncoding',
    message: `The request body is marked 'Content-Encoding: gzip' but could not be decompressed: ${detail}.`,
  }),
  invalidJson: (detail: string): IngestionError => ({
    status: 400,
    code: 'InvalidJson',
    message: `The request body is not valid JSON: ${detail}. Send a JSON array of objects.`,
  }),
  notAnArray: (found: string): IngestionError => ({
    status: 400,
    code: 'InvalidJson',
    message: `The request body must be a JSON array of objects, but it is ${found}.`,
  }),
  /** Emulator choice: the limit and wording are the emulator's (see `json-depth.ts`). */
  tooDeep: (index: number, maxDepth: number): IngestionError => ({
    status: 400,
    code: 'InvalidJson',
    message: `The request body is nested too deeply: element ${index} goes deeper than ${maxDepth} levels (the array counts as level 1). Flatten the record or send the deep part as a string.`,
  }),
  /** Emulator choice: the body is rejected rather than decoded with replacement characters. */
  notUtf8: (offset: number): IngestionError => ({
    status: 400,
    code: 'InvalidJson',
    message: `The request body is not valid UTF-8 (first invalid byte at offset ${offset}). Send the body encoded as UTF-8.`,
  }),
  notAnObject: (index: number, found: string): IngestionError => ({
    status: 400,
    code: 'InvalidJson',
    message: `The request body must be a JSON array of objects, but element ${index} is ${found}.`,
  }),
  throttled: (p: {
    immutableId: string
    reason: 'requests' | 'bytes'
    limit: number
    retryAfterSeconds: number
  }): IngestionError => ({
    status: 429,
    code: 'TooManyRequests',
    message:
      `Rate limit of ${p.limit} ${p.reason === 'requests' ? 'requests' : 'bytes'} per minute exceeded for data collection rule with immutable Id '${p.immutableId}'. ` +
      `Retry after ${p.retryAfterSeconds} seconds.`,
    headers: { 'retry-after': String(p.retryAfterSeconds) },
  }),
  injectedThrottle: (retryAfterSeconds: number): IngestionError => ({
    status: 429,
    code: 'TooManyRequests',
    message: `Too many requests. Retry after ${retryAfterSeconds} seconds. (Injected by the local emulator.)`,
    headers: { 'retry-after': String(retryAfterSeconds) },
  }),
  injectedUnavailable: (status: number): IngestionError => ({
    status,
    code: 'ServiceUnavailable',
    message:
      'The service is temporarily unavailable. Please retry. (Injected by the local emulator.)',
  }),
  injectedFailAfterN: (status: number, count: number): IngestionError => ({
    status,
    code: STATUS_CODES[status] ?? 'InjectedFault',
    message: `Request failed with status ${status}: every request after the first ${count} fails. (Injected by the local emulator.)`,
    ...(status === 429 ? { headers: { 'retry-after': '1' } } : {}),
  }),
  internal: (detail: string): IngestionError => ({
    status: 500,
    code: 'InternalServerError',
    message: `The local emulator failed to process the request: ${detail}`,
  }),
} as const

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  408: 'RequestTimeout',
  409: 'Conflict',
  413: 'ContentLengthLimitExceeded',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
}

/** Describes a JSON value's kind for messages ("an object", "a string", "null"). */
export function describeJsonKind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  const type = typeof value
  return type === 'object' ? 'an object' : `a ${type}`
}
