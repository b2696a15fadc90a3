import { randomInt } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { sendHtml, sendJson } from '../http/respond'
import { unknownTenant } from './discovery'
import { entraError, entraErrorBody, missingParameter, type EntraError } from './entra-error'
import type { DeviceCodeGrant } from './grant-store'
import { findClient, findUser, resolveTenant, type IdentityContext } from './identity-context'
import { accountPickerPage, deviceCodeEntryPage, errorPage, messagePage } from './pages'
import { parseScopes } from './resources'

/** Where people enter device codes (Entra's is `https://microsoft.com/devicelogin`). */
export const DEVICE_LOGIN_PATH = '/devicelogin'
const APPROVE_PATH = '/devicelogin/approve'
/** No 0/O or 1/I: people type these codes. */
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

function newUserCode(): string {
  let code = ''
  for (let i = 0; i < 9; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]
  return code
}

function normalizeUserCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '')
}

/**
 * `POST /{tenant}/oauth2/v2.0/devicecode`: starts a device code flow for a public client.
 * msal-node derives this URL from `token_endpoint` (reference §1.4).
 */
export function handleDeviceCodeRequest(
  ctx: IdentityContext,
  res: ServerResponse,
  tenantSegment: string,
  form: URLSearchParams,
): void {
  const failWith = (error: EntraError) =>
    sendJson(res, error.status, entraErrorBody(error, ctx.now()))
  const tenant = resolveTenant(ctx.seed, tenantSegment)
  if (tenant === undefined)
    return failWith({ ...unknownTenant(tenantSegment), error: 'invalid_request' })
  const clientId = form.get('client_id')
  if (clientId === null || clientId === '') return failWith(missingParameter('client_id'))
  const client = findClient(ctx.seed, clientId)
  if (client === undefined) {
    return failWith(
      entraError(
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'.`,
      ),
    )
  }
  if (client.kind !== 'public') {
    return failWith(
      entraError(
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      ),
    )
  }
  const scope = form.get('scope')
  if (scope === null || scope.trim() === '') return failWith(missingParameter('scope'))
  const scopes = parseScopes(scope, tenant.displayName)
  if (!scopes.ok) return failWith(scopes.error)

  const { deviceCodeLifetimeSeconds: lifetime, deviceCodeIntervalSeconds: interval } = ctx.settings
  const userCode = newUserCode()
  const deviceCode = ctx.grants.deviceCodes.issue({
    clientId: client.clientId,
    clientName: client.displayName,
    scope,
    userCode,
    status: 'pending',
    expiresAt: ctx.now().getTime() + lifetime * 1000,
  })
  const verificationUri = `${ctx.origin}${DEVICE_LOGIN_PATH}`
  sendJson(res, 200, {
    user_code: userCode,
    device_code: deviceCode,
    verification_uri: verificationUri,
    expires_in: lifetime,
    interval,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
  })
}

/** `GET /devicelogin`: the code entry page. */
export function showDeviceLogin(res: ServerResponse): void {
  sendHtml(res, 200, deviceCodeEntryPage(DEVICE_LOGIN_PATH))
}

function pendingGrant(ctx: IdentityContext, userCode: string): DeviceCodeGrant | undefined {
  return ctx.grants.deviceCodes.find((g) => g.userCode === userCode && g.status === 'pending')
}

/** `POST /devicelogin`: checks the typed code, then shows the account picker. */
export function submitDeviceCode(
  ctx: IdentityContext,
  res: ServerResponse,
  form: URLSearchParams,
): void {
  const userCode = normalizeUserCode(form.get('otc') ?? '')
  const grant = userCode === '' ? undefined : pendingGrant(ctx, userCode)
  if (grant === undefined) {
    sendHtml(
      res,
      400,
      deviceCodeEntryPage(
        DEVICE_LOGIN_PATH,
        'That code didn’t work. Check the code and try again.',
      ),
    )
    return
  }
  if (grant.expiresAt < ctx.now().getTime()) {
    sendHtml(
      res,
      400,
      deviceCodeEntryPage(
        DEVICE_LOGIN_PATH,
        'The code you entered has expired. Get a new code from the device you’re trying to sign in to and try again.',
      ),
    )
    return
  }
  const context = ctx.grants.deviceSignIns.issue({ userCode, expiresAt: grant.expiresAt })
  sendHtml(
    res,
    200,
    accountPickerPage({
      appName: grant.clientName,
      action: APPROVE_PATH,
      context,
      users: ctx.seed.users,
    }),
  )
}

/** `POST /devicelogin/approve`: the picked account (or Cancel) completes the device flow. */
export function approveDeviceCode(
  ctx: IdentityContext,
  res: ServerResponse,
  form: URLSearchParams,
): void {
  const signIn = ctx.grants.deviceSignIns.get(form.get('ctx') ?? '')
  const grant = signIn === undefined ? undefined : pendingGrant(ctx, signIn.userCode)
  if (grant === undefined || grant.expiresAt < ctx.now().getTime()) {
    sendHtml(
      res,
      400,
      errorPage(
        'This sign-in has expired',
        'Get a new code from your app or device and try again.',
      ),
    )
    return
  }
  if (form.get('action') === 'cancel') {
    ctx.grants.deviceCodes.replace(grant, { ...grant, status: 'declined' })
    sendHtml(
      res,
      200,
      messagePage(
        'Sign-in declined',
        `You declined to sign in to ${grant.clientName} on your device. You may now close this window.`,
      ),
    )
    return
  }
  const user = findUser(ctx.seed, form.get('user') ?? '')
  if (user === undefined) {
    sendHtml(
      res,
      400,
      errorPage('Unknown account', 'The account you picked does not exist in this directory.'),
    )
    return
  }
  ctx.grants.deviceCodes.replace(grant, { ...grant, status: 'approved', user })
  sendHtml(
    res,
    200,
    messagePage(
      `${grant.clientName}`,
      `You have signed in to the ${grant.clientName} application on your device. You may now close this window.`,
    ),
  )
}
