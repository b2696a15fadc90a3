import { randomBytes, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { sendHtml, sendRedirect } from '../http/respond'
import { unknownTenant } from './discovery'
import { entraError, entraErrorDescription, type EntraError } from './entra-error'
import type { PendingSignIn } from './grant-store'
import { findClient, findUser, resolveTenant, type IdentityContext } from './identity-context'
import { accountPickerPage, errorPage, formPostPage } from './pages'
import { parseScopes } from './resources'
import { clientInfo } from './token-service'

const SIGN_IN_MINUTES = 15
const CODE_MINUTES = 10

/**
 * True for the redirect URIs a public client registered as "Mobile and desktop" may use:
 * a loopback `http://localhost[:port][/path]` (any port, as Entra allows for loopback) or
 * the `msal<clientId>://auth` scheme of the Electron samples.
 */
export function isAllowedRedirectUri(uri: string, clientId: string): boolean {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return false
  }
  if (url.username !== '' || url.password !== '' || url.hash !== '') return false
  if (url.protocol === 'http:') return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  return url.protocol === `msal${clientId.toLowerCase()}:`
}

type ResponseMode = PendingSignIn['responseMode']

interface Destination {
  readonly redirectUri: string
  readonly responseMode: ResponseMode
  readonly state?: string
}

/** Hands a result to the app: auto-posted form (`form_post`) or a redirect (`query`, `fragment`). */
function deliver(res: ServerResponse, to: Destination, fields: Record<string, string>): void {
  const all = to.state === undefined ? fields : { ...fields, state: to.state }
  if (to.responseMode === 'form_post') {
    const nonce = randomBytes(16).toString('base64')
    sendHtml(res, 200, formPostPage(to.redirectUri, all, nonce), { scriptNonce: nonce })
    return
  }
  const url = new URL(to.redirectUri)
  const params = new URLSearchParams(all)
  if (to.responseMode === 'query') {
    for (const [name, value] of params) url.searchParams.append(name, value)
    sendRedirect(res, url.toString())
  } else {
    sendRedirect(res, `${url.toString()}#${params.toString()}`)
  }
}

function deliverError(res: ServerResponse, to: Destination, failure: EntraError): void {
  deliver(res, to, { error: failure.error, error_description: entraErrorDescription(failure) })
}

function showError(res: ServerResponse, failure: EntraError): void {
  sendHtml(
    res,
    400,
    errorPage('Sorry, but we’re having trouble signing you in.', entraErrorDescription(failure)),
  )
}

/**
 * `GET|POST /{tenant}/oauth2/v2.0/authorize`: checks the request like Entra (problems with
 * the client or redirect URI are shown on the page; the rest go back to the app), then shows
 * the account picker.
 */
export function handleAuthorize(
  ctx: IdentityContext,
  res: ServerResponse,
  tenantSegment: string,
  params: URLSearchParams,
): void {
  const tenant = resolveTenant(ctx.seed, tenantSegment)
  if (tenant === undefined) {
    showError(res, unknownTenant(tenantSegment))
    return
  }
  const clientId = params.get('client_id')
  if (clientId === null || clientId === '') {
    showError(
      res,
      entraError(
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      ),
    )
    return
  }
  const client = findClient(ctx.seed, clientId)
  if (client === undefined) {
    showError(
      res,
      entraError(
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      ),
    )
    return
  }
  if (client.kind === 'confidential') {
    showError(
      res,
      entraError('invalid_request', 500113, 'No reply address is registered for the application.'),
    )
    return
  }
  const redirectUri = params.get('redirect_uri') ?? ''
  if (!isAllowedRedirectUri(redirectUri, client.clientId)) {
    showError(
      res,
      entraError(
        'invalid_request',
        50011,
        `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${client.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
      ),
    )
    return
  }

  const requestedMode = params.get('response_mode') ?? 'query'
  const responseMode: ResponseMode = ['form_post', 'query', 'fragment'].includes(requestedMode)
    ? (requestedMode as ResponseMode)
    : 'query'
  const state = params.get('state') ?? undefined
  const to: Destination = { redirectUri, responseMode, ...(state !== undefined ? { state } : {}) }

  if (!['form_post', 'query', 'fragment'].includes(requestedMode)) {
    deliverError(
      res,
      to,
      entraError(
        'invalid_request',
        70007,
        `The response_mode '${requestedMode}' is not supported.`,
      ),
    )
    return
  }
  const responseType = params.get('response_type') ?? ''
  if (responseType !== 'code') {
    deliverError(
      res,
      to,
      entraError(
        'unsupported_response_type',
        70005,
        `The response_type '${responseType}' is not enabled for the application. Use 'code'.`,
      ),
    )
    return
  }
  const scope = params.get('scope') ?? ''
  if (scope.trim() === '') {
    deliverError(
      res,
      to,
      entraError(
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'scope'.",
      ),
    )
    return
  }
  const scopes = parseScopes(scope, tenant.displayName)
  if (!scopes.ok) {
    deliverError(res, to, scopes.error)
    return
  }
  const challenge = params.get('code_challenge') ?? undefined
  const method =
    params.get('code_challenge_method') ?? (challenge === undefined ? undefined : 'plain')
  if (method !== undefined && method !== 'S256' && method !== 'plain') {
    deliverError(
      res,
      to,
      entraError(
        'invalid_request',
        9002313,
        'Invalid request. Request is malformed or invalid: unsupported code_challenge_method.',
      ),
    )
    return
  }
  if (challenge !== undefined && (challenge.length < 43 || challenge.length > 128)) {
    deliverError(
      res,
      to,
      entraError('invalid_request', 501491, 'Invalid size of Code_Challenge parameter.'),
    )
    return
  }
  if (params.get('prompt') === 'none') {
    // The emulator keeps no browser session, so silent sign-in always needs interaction.
    deliverError(
      res,
      to,
      entraError(
        'login_required',
        50058,
        'A silent sign-in request was sent but no user is signed in.',
      ),
    )
    return
  }

  const pending: PendingSignIn = {
    clientId: client.clientId,
    clientName: client.displayName,
    redirectUri,
    responseMode,
    scope,
    wantsClientInfo: params.get('client_info') === '1',
    expiresAt: ctx.now().getTime() + SIGN_IN_MINUTES * 60_000,
    ...(state !== undefined ? { state } : {}),
    ...(params.get('nonce') !== null ? { nonce: params.get('nonce') as string } : {}),
    ...(challenge !== undefined ? { codeChallenge: challenge } : {}),
    ...(method !== undefined ? { codeChallengeMethod: method } : {}),
    ...(params.get('login_hint') !== null ? { loginHint: params.get('login_hint') as string } : {}),
  }
  const context = ctx.grants.pendingSignIns.issue(pending)
  sendHtml(
    res,
    200,
    accountPickerPage({
      appName: client.displayName,
      action: `/${tenant.id}/login`,
      context,
      users: ctx.seed.users,
      ...(pending.loginHint !== undefined ? { loginHint: pending.loginHint } : {}),
    }),
  )
}

/**
 * `POST /{tenant}/login`: the account picker's answer. A picked account gets a code (valid 10
 * minutes, once); Cancel sends `access_denied` back to the app, as declining does on Entra.
 */
export function handleLogin(
  ctx: IdentityContext,
  res: ServerResponse,
  form: URLSearchParams,
): void {
  const context = form.get('ctx') ?? ''
  const pending = context === '' ? undefined : ctx.grants.pendingSignIns.get(context)
  if (pending === undefined || pending.expiresAt < ctx.now().getTime()) {
    showError(
      res,
      entraError(
        'invalid_request',
        90007,
        'Your sign-in request is unknown or has expired. Start signing in again from the app.',
      ),
    )
    return
  }
  // One answer per sign-in page: a second submit must not mint a second code.
  ctx.grants.pendingSignIns.update(context, { ...pending, expiresAt: 0 })
  const to: Destination = pending
  if (form.get('action') === 'cancel') {
    deliverError(
      res,
      to,
      entraError('access_denied', 65004, 'User declined to consent to access the app.'),
    )
    return
  }
  const user = findUser(ctx.seed, form.get('user') ?? '')
  if (user === undefined) {
    showError(
      res,
      entraError('invalid_request', 50034, 'The user account does not exist in the directory.'),
    )
    return
  }
  const code = ctx.grants.authorizationCodes.issue({
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    user,
    scope: pending.scope,
    redeemed: false,
    expiresAt: ctx.now().getTime() + CODE_MINUTES * 60_000,
    ...(pending.codeChallenge !== undefined ? { codeChallenge: pending.codeChallenge } : {}),
    ...(pending.codeChallengeMethod !== undefined
      ? { codeChallengeMethod: pending.codeChallengeMethod }
      : {}),
    ...(pending.nonce !== undefined ? { nonce: pending.nonce } : {}),
  })
  deliver(res, to, {
    code,
    ...(pending.wantsClientInfo ? { client_info: clientInfo(user, ctx.seed.tenant.id) } : {}),
    session_state: randomUUID(),
  })
}
