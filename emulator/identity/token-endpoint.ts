import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readForm } from '../http/read-body'
import { sendJson } from '../http/respond'
import type { SeedUser } from '../seed/seed-types'
import { unknownTenant } from './discovery'
import { entraError, entraErrorBody, missingParameter, type EntraError } from './entra-error'
import { findClient, resolveTenant, type ClientApp, type IdentityContext } from './identity-context'
import { parseScopes, type ParsedScopes } from './resources'
import { clientInfo } from './token-service'

type Outcome = { ok: true; body: Record<string, unknown> } | { ok: false; error: EntraError }

const REFRESH_TOKEN_DAYS = 90
const fail = (error: EntraError): Outcome => ({ ok: false, error })

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

/** Reads client credentials from the form or an HTTP Basic header (`client_secret_basic`). */
function clientCredentials(req: IncomingMessage, form: URLSearchParams) {
  const header = req.headers.authorization
  if (header !== undefined && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) {
      return {
        clientId: decodeURIComponent(decoded.slice(0, colon)),
        secret: decodeURIComponent(decoded.slice(colon + 1)),
      }
    }
  }
  return { clientId: form.get('client_id'), secret: form.get('client_secret') }
}

function unknownClient(clientId: string, tenantName: string): EntraError {
  return entraError(
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  )
}

const invalidGrant = (code: number, message: string) => entraError('invalid_grant', code, message)

/** A public client must not present a secret (AADSTS700025). */
function publicClientWithSecret(): EntraError {
  return entraError(
    'invalid_client',
    700025,
    "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
  )
}

/** The user-token response: access token, rotated refresh token, id token, `client_info`. */
async function userTokens(
  ctx: IdentityContext,
  options: {
    readonly user: SeedUser
    readonly clientId: string
    readonly scopes: ParsedScopes
    readonly wantsClientInfo: boolean
    readonly nonce?: string
  },
): Promise<Outcome> {
  const { user, clientId, scopes } = options
  const access = await ctx.tokens.accessToken({ kind: 'user', user }, scopes.resource, clientId)
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: scopes.resource.scopes.join(' '),
    expires_in: access.expiresIn,
    ext_expires_in: access.expiresIn,
    access_token: access.token,
  }
  const now = ctx.now().getTime()
  if (scopes.oidc.has('offline_access')) {
    body['refresh_token'] = ctx.grants.refreshTokens.issue({
      clientId,
      user,
      issuedAt: now,
      replaced: false,
      expiresAt: now + REFRESH_TOKEN_DAYS * 24 * 60 * 60_000,
    })
  }
  if (scopes.oidc.has('openid')) {
    body['id_token'] = await ctx.tokens.idToken(user, clientId, options.nonce)
  }
  if (options.wantsClientInfo) body['client_info'] = clientInfo(user, ctx.seed.tenant.id)
  return { ok: true, body }
}

function requestedScopes(ctx: IdentityContext, raw: string) {
  return parseScopes(raw, ctx.seed.tenant.displayName)
}

async function authorizationCodeGrant(
  ctx: IdentityContext,
  client: ClientApp,
  form: URLSearchParams,
): Promise<Outcome> {
  const code = form.get('code')
  if (code === null || code === '') return fail(missingParameter('code'))
  const redirectUri = form.get('redirect_uri')
  if (redirectUri === null || redirectUri === '') return fail(missingParameter('redirect_uri'))
  const grant = ctx.grants.authorizationCodes.get(code)
  if (grant === undefined) {
    return fail(
      invalidGrant(
        9002313,
        'Invalid request. Request is malformed or invalid: the authorization code is not valid.',
      ),
    )
  }
  if (grant.redeemed) {
    return fail(
      invalidGrant(
        54005,
        'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
      ),
    )
  }
  if (grant.expiresAt < ctx.now().getTime()) {
    return fail(
      invalidGrant(
        70008,
        'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
      ),
    )
  }
  if (grant.clientId.toLowerCase() !== client.clientId.toLowerCase()) {
    return fail(
      invalidGrant(
        70000,
        'Provided grant is invalid or malformed: the code was issued to another application.',
      ),
    )
  }
  if (grant.redirectUri !== redirectUri) {
    return fail(
      invalidGrant(
        500112,
        `The reply address '${redirectUri}' does not match the reply address '${grant.redirectUri}' provided when requesting Authorization code.`,
      ),
    )
  }
  if (grant.codeChallenge !== undefined) {
    const verifier = form.get('code_verifier')
    if (verifier === null || verifier === '') {
      return fail(
        invalidGrant(
          50148,
          'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
        ),
      )
    }
    const computed =
      grant.codeChallengeMethod === 'plain'
        ? verifier
        : createHash('sha256').update(verifier).digest('base64url')
    if (computed !== grant.codeChallenge) {
      return fail(
        invalidGrant(
          501481,
          'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
        ),
      )
    }
  }
  const scopes = requestedScopes(ctx, form.get('scope') ?? grant.scope)
  if (!scopes.ok) return fail(scopes.error)
  ctx.grants.authorizationCodes.update(code, { ...grant, redeemed: true })
  return userTokens(ctx, {
    user: grant.user,
    clientId: client.clientId,
    scopes: scopes.value,
    wantsClientInfo: form.get('client_info') === '1',
    ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
  })
}

async function refreshTokenGrant(
  ctx: IdentityContext,
  client: ClientApp,
  form: URLSearchParams,
): Promise<Outcome> {
  const token = form.get('refresh_token')
  if (token === null || token === '') return fail(missingParameter('refresh_token'))
  const grant = ctx.grants.refreshTokens.get(token)
  if (grant === undefined) {
    return fail(
      invalidGrant(
        9002313,
        'Invalid request. Request is malformed or invalid: the refresh token is not valid.',
      ),
    )
  }
  if (grant.replaced) {
    return fail(
      invalidGrant(
        70000,
        'Provided grant is invalid or malformed: this refresh token was already used and has been replaced by a newer one.',
      ),
    )
  }
  if (grant.expiresAt < ctx.now().getTime()) {
    return fail(
      invalidGrant(
        700082,
        `The refresh token has expired due to inactivity. The token was issued on ${new Date(grant.issuedAt).toISOString()}.`,
      ),
    )
  }
  if (grant.clientId.toLowerCase() !== client.clientId.toLowerCase()) {
    return fail(
      invalidGrant(
        70000,
        'Provided grant is invalid or malformed: the refresh token was issued to another application.',
      ),
    )
  }
  const scopes = requestedScopes(ctx, form.get('scope') ?? 'openid profile offline_access')
  if (!scopes.ok) return fail(scopes.error)
  // Rotation: the old refresh token stops working once a new one is issued.
  ctx.grants.refreshTokens.update(token, { ...grant, replaced: true })
  return userTokens(ctx, {
    user: grant.user,
    clientId: client.clientId,
    scopes: scopes.value,
    wantsClientInfo: form.get('client_info') === '1',
  })
}

async function deviceCodeGrant(
  ctx: IdentityContext,
  client: ClientApp,
  form: URLSearchParams,
): Promise<Outcome> {
  const deviceCode = form.get('device_code')
  if (deviceCode === null || deviceCode === '') return fail(missingParameter('device_code'))
  const grant = ctx.grants.deviceCodes.get(deviceCode)
  if (grant === undefined || grant.clientId.toLowerCase() !== client.clientId.toLowerCase()) {
    return fail(
      entraError(
        'bad_verification_code',
        70000,
        'Provided grant is invalid or malformed: the device_code is not recognized.',
      ),
    )
  }
  if (grant.status === 'redeemed') {
    return fail(
      invalidGrant(
        54005,
        'This device code was already redeemed; start a new device code request.',
      ),
    )
  }
  if (grant.expiresAt < ctx.now().getTime()) {
    return fail(
      entraError(
        'expired_token',
        70020,
        "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
      ),
    )
  }
  if (grant.status === 'declined') {
    return fail(
      entraError('authorization_declined', 65004, 'User declined to consent to access the app.'),
    )
  }
  if (grant.status === 'pending' || grant.user === undefined) {
    return fail(
      entraError(
        'authorization_pending',
        70016,
        'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
      ),
    )
  }
  const scopes = requestedScopes(ctx, grant.scope)
  if (!scopes.ok) return fail(scopes.error)
  ctx.grants.deviceCodes.update(deviceCode, { ...grant, status: 'redeemed' })
  return userTokens(ctx, {
    user: grant.user,
    clientId: client.clientId,
    scopes: scopes.value,
    wantsClientInfo: form.get('client_info') === '1',
  })
}

async function clientCredentialsGrant(
  ctx: IdentityContext,
  client: ClientApp,
  secret: string | null,
  form: URLSearchParams,
): Promise<Outcome> {
  if (client.kind !== 'confidential' || secret === null || secret === '') {
    if (form.get('client_assertion') !== null) {
      return fail(
        entraError(
          'invalid_client',
          700027,
          'Client assertion failed signature validation: the emulator accepts client secrets only.',
        ),
      )
    }
    return fail(
      entraError(
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      ),
    )
  }
  if (!sameSecret(secret, client.servicePrincipal.clientSecret)) {
    return fail(
      entraError(
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
      ),
    )
  }
  const raw = form.get('scope')
  if (raw === null || raw.trim() === '') return fail(missingParameter('scope'))
  const list = raw.split(/\s+/).filter((s) => s !== '')
  if (list.length !== 1 || !(list[0] as string).endsWith('/.default')) {
    return fail(
      entraError(
        'invalid_scope',
        1002012,
        `The provided value for scope ${raw} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      ),
    )
  }
  const scopes = requestedScopes(ctx, raw)
  if (!scopes.ok) return fail(scopes.error)
  const access = await ctx.tokens.accessToken(
    { kind: 'servicePrincipal', servicePrincipal: client.servicePrincipal },
    scopes.value.resource,
    client.clientId,
  )
  return {
    ok: true,
    body: {
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      ext_expires_in: access.expiresIn,
      access_token: access.token,
    },
  }
}

async function tokenOutcome(
  ctx: IdentityContext,
  req: IncomingMessage,
  tenantSegment: string,
  form: URLSearchParams,
): Promise<Outcome> {
  const tenant = resolveTenant(ctx.seed, tenantSegment)
  if (tenant === undefined)
    return fail({ ...unknownTenant(tenantSegment), error: 'invalid_request' })
  const grantType = form.get('grant_type')
  if (grantType === null || grantType === '') return fail(missingParameter('grant_type'))
  const credentials = clientCredentials(req, form)
  if (credentials.clientId === null || credentials.clientId === '') {
    return fail(missingParameter('client_id'))
  }
  const client = findClient(ctx.seed, credentials.clientId)
  if (client === undefined) return fail(unknownClient(credentials.clientId, tenant.displayName))

  if (grantType === 'client_credentials') {
    return clientCredentialsGrant(ctx, client, credentials.secret, form)
  }
  const userGrants: Record<string, typeof authorizationCodeGrant> = {
    authorization_code: authorizationCodeGrant,
    refresh_token: refreshTokenGrant,
    device_code: deviceCodeGrant,
    'urn:ietf:params:oauth:grant-type:device_code': deviceCodeGrant,
  }
  const handler = userGrants[grantType]
  if (handler === undefined) {
    return fail(
      entraError(
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grantType}'.`,
      ),
    )
  }
  if (client.kind === 'confidential') {
    // Service principals have no users here: only client credentials make sense for them.
    return fail(
      entraError(
        'unauthorized_client',
        700016,
        `The application '${client.clientId}' is not allowed to use the '${grantType}' grant in this emulator; service principals use client_credentials.`,
      ),
    )
  }
  if (credentials.secret !== null && credentials.secret !== '')
    return fail(publicClientWithSecret())
  return handler(ctx, client, form)
}

/**
 * `POST /{tenant}/oauth2/v2.0/token`: authorization code (PKCE and redirect URI checked),
 * refresh token (rotated), device code and client credentials, with Entra's error bodies.
 */
export async function handleToken(
  ctx: IdentityContext,
  req: IncomingMessage,
  res: ServerResponse,
  tenantSegment: string,
  query: URLSearchParams,
): Promise<void> {
  const correlationId = query.get('client-request-id') ?? undefined
  const echo: Record<string, string> =
    correlationId === undefined ? {} : { 'client-request-id': correlationId }
  const form = await readForm(req)
  const outcome = await tokenOutcome(ctx, req, tenantSegment, form)
  if (outcome.ok) {
    sendJson(res, 200, outcome.body, echo)
  } else {
    sendJson(
      res,
      outcome.error.status,
      entraErrorBody(outcome.error, ctx.now(), correlationId),
      echo,
    )
  }
}

/** Any method but POST on the token endpoint (AADSTS900561). */
export function tokenMethodNotAllowed(
  ctx: IdentityContext,
  res: ServerResponse,
  method: string,
): void {
  sendJson(
    res,
    405,
    entraErrorBody(
      entraError(
        'invalid_request',
        900561,
        `The endpoint only accepts POST requests. Received a ${method} request.`,
        405,
      ),
      ctx.now(),
    ),
    { Allow: 'POST' },
  )
}
