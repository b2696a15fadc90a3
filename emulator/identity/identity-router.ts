import type { IncomingMessage, ServerResponse } from 'node:http'
import { readForm } from '../http/read-body'
import { handleAuthorize, handleLogin } from './authorize'
import {
  approveDeviceCode,
  DEVICE_LOGIN_PATH,
  handleDeviceCodeRequest,
  showDeviceLogin,
  submitDeviceCode,
} from './device-code'
import {
  serveInstanceDiscovery,
  serveJwks,
  serveLogout,
  serveOpenIdConfiguration,
} from './discovery'
import type { IdentityContext } from './identity-context'
import { handleToken, tokenMethodNotAllowed } from './token-endpoint'

type Handler = () => Promise<void> | void

/**
 * Finds the identity endpoint for a request, or `undefined` when the path is not Entra's.
 *
 * Paths are matched case-insensitively after the tenant segment, because msal lower-cases
 * authorities (reference §2.1).
 */
export function routeIdentity(
  ctx: IdentityContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Handler | undefined {
  const method = req.method ?? 'GET'
  const path = url.pathname.toLowerCase().replace(/\/+$/, '')
  const query = url.searchParams

  if (path === DEVICE_LOGIN_PATH) {
    if (method === 'GET') return () => showDeviceLogin(res)
    if (method === 'POST') return async () => submitDeviceCode(ctx, res, await readForm(req))
    return undefined
  }
  if (path === `${DEVICE_LOGIN_PATH}/approve` && method === 'POST') {
    return async () => approveDeviceCode(ctx, res, await readForm(req))
  }

  const segments = url.pathname.split('/').filter((s) => s !== '')
  const tenant = segments[0]
  if (tenant === undefined) return undefined
  const rest = `/${segments.slice(1).join('/').toLowerCase()}`

  switch (rest) {
    case '/v2.0/.well-known/openid-configuration':
    case '/.well-known/openid-configuration':
      return method === 'GET' ? () => serveOpenIdConfiguration(ctx, res, tenant) : undefined
    case '/discovery/v2.0/keys':
    case '/discovery/keys':
      return method === 'GET' ? () => serveJwks(ctx, res) : undefined
    case '/discovery/instance':
      return method === 'GET' ? () => serveInstanceDiscovery(ctx, res, query) : undefined
    case '/oauth2/v2.0/authorize':
      if (method === 'GET') return () => handleAuthorize(ctx, res, tenant, query)
      if (method === 'POST') {
        return async () => {
          const merged = new URLSearchParams(query)
          for (const [name, value] of await readForm(req)) merged.set(name, value)
          handleAuthorize(ctx, res, tenant, merged)
        }
      }
      return undefined
    case '/login':
      return method === 'POST' ? async () => handleLogin(ctx, res, await readForm(req)) : undefined
    case '/oauth2/v2.0/token':
      return method === 'POST'
        ? () => handleToken(ctx, req, res, tenant, query)
        : () => tokenMethodNotAllowed(ctx, res, method)
    case '/oauth2/v2.0/devicecode':
      return method === 'POST'
        ? async () => handleDeviceCodeRequest(ctx, res, tenant, await readForm(req))
        : undefined
    case '/oauth2/v2.0/logout':
      return method === 'GET' ? () => serveLogout(res, query) : undefined
    default:
      return undefined
  }
}
