import { audiencesOf } from '../identity/resources'
import type { TokenCheck } from '../identity/token-service'
import type { ArmFailure } from './arm-errors'

/** ARM's time format in token errors, e.g. `5/4/2021 7:44:31 AM`. */
function armTime(date: Date): string {
  const hours = date.getUTCHours()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${hours % 12 === 0 ? 12 : hours % 12}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`
}

/**
 * Maps a token check to ARM's 401 (reference §5; codes as ARM sends them), or `undefined`
 * when the token is a valid ARM token. The `WWW-Authenticate` header names the authority.
 */
export function armAuthFailure(
  check: TokenCheck,
  authority: string,
  now: Date,
): ArmFailure | undefined {
  if (check.ok && check.audienceKind === 'arm') return undefined
  const failure = (code: string, message: string): ArmFailure => ({
    status: 401,
    code,
    message,
    headers: {
      'WWW-Authenticate': `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${message.replaceAll('"', "'")}"`,
    },
  })
  if (check.ok || check.reason === 'unknown-audience') {
    const audience = check.ok ? check.claims.aud : (check.audience ?? '')
    const allowed = audiencesOf('arm')
      .map((a) => `'${a}'`)
      .join(',')
    return failure(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${audience}'. It should exactly match with one of the allowed audiences ${allowed}.`,
    )
  }
  switch (check.reason) {
    case 'missing':
      return failure(
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
      )
    case 'expired':
      return failure(
        'ExpiredAuthenticationToken',
        `The access token expiry UTC time '${armTime(check.expiredAt ?? now)}' is earlier than current UTC time '${armTime(now)}'.`,
      )
    case 'wrong-issuer':
      return failure(
        'InvalidAuthenticationTokenTenant',
        `The access token is from the wrong issuer. It must match the tenant '${authority}' associated with this subscription.`,
      )
    case 'bad-signature':
      return failure('InvalidAuthenticationToken', 'The access token has an invalid signature.')
    case 'not-yet-valid':
      return failure('InvalidAuthenticationToken', 'The access token is not yet valid.')
    case 'malformed':
      return failure('InvalidAuthenticationToken', 'The access token is invalid.')
  }
}
