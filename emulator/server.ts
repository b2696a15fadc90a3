import { createHash, randomUUID, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { handleArm, isArmPath, type ArmContext } from './arm/arm-router'
import { CLOUD_METADATA_PATH, handleCloudMetadata } from './arm/cloud-metadata'
import type { Caller, DataPlane } from './data/data-plane'
import { bearerToken } from './http/bearer'
import { BodyTooLargeError } from './http/read-body'
import { sendJson } from './http/respond'
import type { IdentityContext } from './identity/identity-context'
import { routeIdentity } from './identity/identity-router'
import type { TokenCheck, TokenService } from './identity/token-service'

/** The data plane as the server uses it (tests may run without one). */
export type DataPlaneRoutes = Pick<
  DataPlane,
  'handleIngestion' | 'handleQuery' | 'handleAdmin' | 'countRefused'
>

/** Everything the request handler needs, built once the origin is known. */
export interface EmulatorContext {
  readonly origin: string
  readonly identity: IdentityContext
  readonly arm: ArmContext
  readonly tokens: TokenService
  readonly adminKey: string
  readonly dataPlane?: DataPlaneRoutes
  readonly log: (message: string) => void
}

/** The header that carries the admin key to `/_emulator/*`. */
export const ADMIN_KEY_HEADER = 'x-emulator-admin-key'

function azureError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers = {},
) {
  sendJson(res, status, { error: { code, message } }, headers)
}

function sameSecret(given: string, expected: string): boolean {
  const hash = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(hash(given), hash(expected))
}

const BEARER_CHALLENGE = (origin: string, tenantId: string) => ({
  'WWW-Authenticate': `Bearer authorization_uri="${origin}/${tenantId}", error="invalid_token"`,
})

/** Why a data-plane request's token is refused, and with which status. */
interface AuthFailure {
  readonly status: number
  readonly code: string
  readonly message: string
}

/**
 * The Logs Ingestion API's authentication (reference §1.6, §1.7): a Monitor-audience token or
 * 401; a valid token for another API is 401 `InvalidAudience`. Other 401 codes are not
 * documented by Azure, so they follow ARM's.
 */
function ingestionAuthFailure(check: TokenCheck): AuthFailure | undefined {
  if (check.ok && check.audienceKind === 'monitor') return undefined
  if (check.ok || check.reason === 'unknown-audience') {
    return {
      status: 401,
      code: 'InvalidAudience',
      message: 'Invalid authorization token audience.',
    }
  }
  if (check.reason === 'missing') {
    return {
      status: 401,
      code: 'AuthenticationFailed',
      message: "Authentication failed. The 'Authorization' header is missing.",
    }
  }
  if (check.reason === 'expired') {
    return {
      status: 401,
      code: 'ExpiredAuthenticationToken',
      message: 'The access token has expired.',
    }
  }
  return {
    status: 401,
    code: 'InvalidAuthenticationToken',
    message: 'The access token is invalid.',
  }
}

/**
 * The Log Analytics query API's authentication, as its error page documents: no token is 401
 * `AuthenticationFailed`; a bad token is 403 `InvalidAuthenticationToken`; a token for another
 * audience is 403 `InvalidAuthenticationTokenAudience`.
 */
function queryAuthFailure(check: TokenCheck): AuthFailure | undefined {
  if (check.ok && check.audienceKind === 'loganalytics') return undefined
  if (check.ok || check.reason === 'unknown-audience') {
    const audience = check.ok ? check.claims.aud : (check.audience ?? '')
    return {
      status: 403,
      code: 'InvalidAuthenticationTokenAudience',
      message: `The access token has been obtained from wrong audience or resource '${audience}'. It should exactly match (including forward slash) with one of the allowed audiences 'https://api.loganalytics.io'.`,
    }
  }
  if (check.reason === 'missing') {
    return {
      status: 401,
      code: 'AuthenticationFailed',
      message: "Authentication failed. The 'Authorization' header is missing.",
    }
  }
  return {
    status: 403,
    code: 'InvalidAuthenticationToken',
    message: 'The access token is invalid.',
  }
}

async function dataPlaneCaller(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  api: 'ingestion' | 'query',
): Promise<Caller | undefined> {
  const check = await ctx.tokens.verifyAccessToken(bearerToken(req))
  const challenge = BEARER_CHALLENGE(ctx.origin, ctx.identity.seed.tenant.id)
  const failure = api === 'ingestion' ? ingestionAuthFailure(check) : queryAuthFailure(check)
  if (failure === undefined && check.ok) return check.caller
  if (failure !== undefined) {
    ctx.dataPlane?.countRefused(api, failure.status)
    azureError(res, failure.status, failure.code, failure.message, challenge)
  }
  return undefined
}

function noDataPlane(res: ServerResponse) {
  azureError(res, 503, 'ServiceUnavailable', 'The emulator was started without its data plane.')
}

const INGESTION_PATH = /^\/dataCollectionRules\/([^/]+)\/streams\/([^/]+)\/?$/i
const QUERY_PATH = /^\/v1\/workspaces\/([^/]+)\/query\/?$/i
const ADMIN_PREFIX = '/_emulator/'

async function route(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const method = req.method ?? 'GET'
  const path = url.pathname

  if (path === `${ADMIN_PREFIX}health` && method === 'GET') {
    sendJson(res, 200, { ok: true })
    return
  }
  if (path.startsWith(ADMIN_PREFIX)) {
    const key = req.headers[ADMIN_KEY_HEADER]
    if (typeof key !== 'string' || !sameSecret(key, ctx.adminKey)) {
      azureError(res, 401, 'Unauthorized', `Missing or wrong ${ADMIN_KEY_HEADER} header.`)
      return
    }
    if (ctx.dataPlane === undefined) return noDataPlane(res)
    await ctx.dataPlane.handleAdmin(req, res, `${path.slice(ADMIN_PREFIX.length)}${url.search}`)
    return
  }

  const ingestion = INGESTION_PATH.exec(path)
  if (ingestion !== null) {
    if (method !== 'POST') {
      ctx.dataPlane?.countRefused('ingestion', 405)
      azureError(
        res,
        405,
        'MethodNotAllowed',
        `The Logs Ingestion API accepts POST only, not ${method}.`,
        { Allow: 'POST' },
      )
      return
    }
    const caller = await dataPlaneCaller(ctx, req, res, 'ingestion')
    if (caller === undefined) return
    if (ctx.dataPlane === undefined) return noDataPlane(res)
    await ctx.dataPlane.handleIngestion(
      req,
      res,
      {
        immutableId: decodeURIComponent(ingestion[1] ?? ''),
        stream: decodeURIComponent(ingestion[2] ?? ''),
        apiVersion: url.searchParams.get('api-version'),
      },
      caller,
    )
    return
  }

  const query = QUERY_PATH.exec(path)
  if (query !== null) {
    if (method !== 'GET' && method !== 'POST') {
      ctx.dataPlane?.countRefused('query', 405)
      azureError(
        res,
        405,
        'MethodNotAllowed',
        `The query API accepts GET and POST, not ${method}.`,
        { Allow: 'GET, POST' },
      )
      return
    }
    const caller = await dataPlaneCaller(ctx, req, res, 'query')
    if (caller === undefined) return
    if (ctx.dataPlane === undefined) return noDataPlane(res)
    await ctx.dataPlane.handleQuery(
      req,
      res,
      { workspaceId: decodeURIComponent(query[1] ?? '') },
      caller,
    )
    return
  }

  if (path === CLOUD_METADATA_PATH && method === 'GET') {
    handleCloudMetadata(res, ctx.origin, url.searchParams.get('api-version'))
    return
  }

  if (isArmPath(path)) {
    await handleArm(ctx.arm, req, res, url)
    return
  }

  const identity = routeIdentity(ctx.identity, req, res, url)
  if (identity !== undefined) {
    await identity()
    return
  }
  azureError(res, 404, 'NotFound', `The emulator has no endpoint for ${method} ${path}.`)
}

/**
 * The request handler: one origin plays Entra ID, ARM, Logs Ingestion, the query API and the
 * admin API, told apart by path. Each response carries `x-ms-request-id`; request lines
 * (method, path, status, never the query or headers) go to `log`.
 */
export function createRequestHandler(ctx: EmulatorContext): RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', ctx.origin)
    res.setHeader('x-ms-request-id', randomUUID())
    const started = Date.now()
    res.on('finish', () => {
      ctx.log(`${req.method ?? '?'} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`)
    })
    route(ctx, req, res, url).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (error instanceof BodyTooLargeError) {
        azureError(res, 413, 'RequestEntityTooLarge', error.message)
        return
      }
      ctx.log(
        `Unhandled error on ${req.method ?? '?'} ${url.pathname}: ${(error as Error).message}`,
      )
      azureError(res, 500, 'InternalServerError', 'The emulator failed to handle the request.')
    })
  }
}

/** A listening HTTPS server (IPv4 loopback, plus IPv6 loopback when the machine has it). */
export interface ListeningServer {
  readonly port: number
  /** Swaps the request handler (the server starts with a 503 one until the origin is known). */
  setHandler(handler: RequestListener): void
  close(): Promise<void>
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    server.listen({ port, host }, () => {
      server.off('error', onError)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

/**
 * Listens with TLS on `localhost` only: 127.0.0.1 and, when available, [::1] on the same
 * port (so clients resolving `localhost` to either address connect). Port 0 picks a free one.
 */
export async function listenHttps(
  tls: { readonly cert: string; readonly key: string },
  port: number,
): Promise<ListeningServer> {
  let handler: RequestListener = (_req, res) => {
    res.writeHead(503, { 'Retry-After': '1' }).end()
  }
  const dispatch: RequestListener = (req, res) => handler(req, res)
  const primary = createServer({ cert: tls.cert, key: tls.key }, dispatch)
  const actualPort = await listen(primary, port, '127.0.0.1')
  const servers = [primary]
  const secondary = createServer({ cert: tls.cert, key: tls.key }, dispatch)
  try {
    await listen(secondary, actualPort, '::1')
    servers.push(secondary)
  } catch {
    // No IPv6 loopback here: IPv4 alone is fine.
  }
  return {
    port: actualPort,
    setHandler(next) {
      handler = next
    },
    async close() {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve())
              server.closeAllConnections()
            }),
        ),
      )
    },
  }
}
