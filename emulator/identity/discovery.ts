import type { ServerResponse } from 'node:http'
import { sendHtml, sendJson, sendRedirect } from '../http/respond'
import type { SeedTenant } from '../seed/seed-types'
import { entraError, entraErrorBody } from './entra-error'
import { resolveTenant, type IdentityContext } from './identity-context'
import { messagePage } from './pages'

/** AADSTS90002 for a tenant segment the emulator does not know. */
export function unknownTenant(segment: string) {
  return entraError(
    'invalid_tenant',
    90002,
    `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  )
}

/**
 * The OpenID configuration document, shaped like Entra's v2 document. Endpoints name the
 * tenant GUID for a specific tenant and the alias for `common`/`organizations`, whose issuer
 * keeps Entra's `{tenantid}` placeholder (msal-node fills it in).
 */
export function openIdConfiguration(ctx: IdentityContext, segment: string, tenant: SeedTenant) {
  const alias = ['common', 'organizations'].includes(segment.toLowerCase())
  const path = alias ? segment.toLowerCase() : tenant.id
  const base = `${ctx.origin}/${path}`
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: alias ? `${ctx.origin}/{tenantid}/v2.0` : ctx.tokens.issuer(),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    tenant_region_scope: 'EU',
    cloud_instance_name: new URL(ctx.origin).host,
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  }
}

/** Serves the OpenID configuration for a tenant segment (400 AADSTS90002 when unknown). */
export function serveOpenIdConfiguration(
  ctx: IdentityContext,
  res: ServerResponse,
  segment: string,
) {
  const tenant = resolveTenant(ctx.seed, segment)
  if (tenant === undefined) {
    sendJson(res, 400, entraErrorBody(unknownTenant(segment), ctx.now()))
    return
  }
  sendJson(res, 200, openIdConfiguration(ctx, segment, tenant))
}

/**
 * Answers msal's instance discovery (`/common/discovery/instance`) the way Entra answers it
 * for its own hosts: this origin is its only alias. Clients should skip the call with
 * `knownAuthorities` / `disableInstanceDiscovery`, but a sensible answer helps those that do not.
 */
export function serveInstanceDiscovery(
  ctx: IdentityContext,
  res: ServerResponse,
  query: URLSearchParams,
) {
  const host = new URL(ctx.origin).host
  const endpoint = query.get('authorization_endpoint')
  let tenantSegment = 'common'
  if (endpoint !== null) {
    let parsed: URL | undefined
    try {
      parsed = new URL(endpoint)
    } catch {
      parsed = undefined
    }
    if (parsed === undefined || parsed.host.toLowerCase() !== host.toLowerCase()) {
      sendJson(
        res,
        400,
        entraErrorBody(
          entraError('invalid_instance', 50049, 'Unknown or invalid instance.'),
          ctx.now(),
        ),
      )
      return
    }
    tenantSegment = parsed.pathname.split('/').filter((s) => s !== '')[0] ?? 'common'
  }
  sendJson(res, 200, {
    tenant_discovery_endpoint: `${ctx.origin}/${tenantSegment}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  })
}

/** Serves the signing keys at `jwks_uri`. */
export function serveJwks(ctx: IdentityContext, res: ServerResponse) {
  sendJson(res, 200, ctx.tokens.jwks())
}

/**
 * The sign-out endpoint: the emulator keeps no browser session, so it only confirms, and
 * returns to a loopback `post_logout_redirect_uri` when one is given.
 */
export function serveLogout(res: ServerResponse, query: URLSearchParams) {
  const back = query.get('post_logout_redirect_uri')
  if (back !== null && /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i.test(back)) {
    sendRedirect(res, back)
    return
  }
  sendHtml(
    res,
    200,
    messagePage('You signed out of your account', 'It’s a good idea to close all browser windows.'),
  )
}
