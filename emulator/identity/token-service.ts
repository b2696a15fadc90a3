import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Caller } from '../data/data-plane'
import type { SeedServicePrincipal, SeedTenant, SeedUser } from '../seed/seed-types'
import { loadJose } from './jose'
import { audienceKindOf, type AudienceKind, type RequestedResource } from './resources'
import type { SigningKey } from './signing-key'

/** Who a token is for. */
export type Principal =
  | { readonly kind: 'user'; readonly user: SeedUser }
  | { readonly kind: 'servicePrincipal'; readonly servicePrincipal: SeedServicePrincipal }

/** The claims of an emulator access token (a subset of Entra's). */
export interface AccessTokenClaims {
  readonly aud: string
  readonly iss: string
  readonly iat: number
  readonly nbf: number
  readonly exp: number
  readonly tid: string
  readonly oid: string
  readonly sub: string
  readonly appid: string
  readonly azp: string
  readonly idtyp: 'user' | 'app'
  readonly ver: '2.0'
  readonly uti: string
  readonly name?: string
  readonly preferred_username?: string
  readonly upn?: string
  readonly scp?: string
}

/** Why a bearer token was refused. */
export type TokenProblem =
  | 'missing'
  | 'malformed'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'unknown-audience'

/** The outcome of checking a bearer token. */
export type TokenCheck =
  | {
      readonly ok: true
      readonly claims: AccessTokenClaims
      readonly audienceKind: AudienceKind
      /** The caller in the data plane's terms. */
      readonly caller: Caller
    }
  | {
      readonly ok: false
      readonly reason: TokenProblem
      /** Plain-language reason, safe to log (it never contains the token). */
      readonly message: string
      /** The token's `aud`, when it was valid apart from an unknown audience. */
      readonly audience?: string
      /** The token's expiry, when it was expired. */
      readonly expiredAt?: Date
    }

/** The `client_info` msal-node reads to build the home account id `uid.utid`. */
export function clientInfo(user: SeedUser, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: user.objectId, utid: tenantId })).toString('base64url')
}

/** Entra's pairwise `sub`: stable per user and app, different across apps. */
function pairwiseSubject(objectId: string, clientId: string, tenantId: string): string {
  return createHash('sha256').update(`${objectId}|${clientId}|${tenantId}`).digest('base64url')
}

/** Lets the time in seconds be read from the injected clock. */
function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000)
}

/** Allowed clock difference between issuer and verifier, as ARM allows. */
const CLOCK_SKEW_SECONDS = 300

/**
 * Issues and checks the emulator's tokens: RS256 JWTs signed with the key published at
 * `jwks_uri`, issuer `<origin>/<tenant>/v2.0`, audience following the requested scope.
 */
export class TokenService {
  constructor(
    private readonly origin: string,
    private readonly tenant: SeedTenant,
    private readonly key: SigningKey,
    private readonly now: () => Date,
    private readonly accessTokenLifetimeSeconds: number,
  ) {}

  /** `iss` of every token, and the `issuer` of the OpenID configuration. */
  issuer(): string {
    return `${this.origin}/${this.tenant.id}/v2.0`
  }

  /** The JSON Web Key Set served at `jwks_uri`. */
  jwks(): { keys: ReadonlyArray<Readonly<Record<string, unknown>>> } {
    return { keys: [this.key.jwk] }
  }

  private async sign(claims: Record<string, unknown>): Promise<string> {
    const jose = await loadJose()
    return new jose.SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.key.kid, x5t: this.key.kid })
      .sign(this.key.privateKey)
  }

  /** Issues an access token for `principal` to call `resource` through app `clientId`. */
  async accessToken(
    principal: Principal,
    resource: RequestedResource,
    clientId: string,
  ): Promise<{ token: string; expiresIn: number }> {
    const now = seconds(this.now())
    const expiresIn = this.accessTokenLifetimeSeconds
    const common = {
      aud: resource.audience,
      iss: this.issuer(),
      iat: now,
      nbf: now,
      exp: now + expiresIn,
      tid: this.tenant.id,
      appid: clientId,
      azp: clientId,
      ver: '2.0',
      uti: randomBytes(16).toString('base64url'),
      rh: `0.${randomBytes(24).toString('base64url')}.`,
    }
    const claims =
      principal.kind === 'user'
        ? {
            ...common,
            idtyp: 'user',
            appidacr: '0',
            azpacr: '0',
            oid: principal.user.objectId,
            sub: pairwiseSubject(principal.user.objectId, clientId, this.tenant.id),
            name: principal.user.displayName,
            preferred_username: principal.user.username,
            upn: principal.user.username,
            unique_name: principal.user.username,
            scp: resource.delegatedScope,
          }
        : {
            ...common,
            idtyp: 'app',
            appidacr: '1',
            azpacr: '1',
            oid: principal.servicePrincipal.objectId,
            sub: principal.servicePrincipal.objectId,
            app_displayname: principal.servicePrincipal.displayName,
          }
    return { token: await this.sign(claims), expiresIn }
  }

  /**
   * Issues an id token. msal-node reads `tid`, `oid`, `preferred_username` and `name`; a
   * `nonce` is included only when the authorize request sent one (reference §2.3).
   */
  async idToken(user: SeedUser, clientId: string, nonce?: string): Promise<string> {
    const now = seconds(this.now())
    return this.sign({
      aud: clientId,
      iss: this.issuer(),
      iat: now,
      nbf: now,
      exp: now + 3600,
      tid: this.tenant.id,
      oid: user.objectId,
      sub: pairwiseSubject(user.objectId, clientId, this.tenant.id),
      name: user.displayName,
      preferred_username: user.username,
      ver: '2.0',
      uti: randomBytes(16).toString('base64url'),
      rh: `0.${randomBytes(24).toString('base64url')}.`,
      ...(nonce !== undefined ? { nonce } : {}),
      aio: randomUUID(),
    })
  }

  /**
   * Checks a bearer token: signature, issuer, lifetime (5 minutes skew) and a known audience.
   * Routes then compare `audienceKind` with what they serve.
   */
  async verifyAccessToken(token: string | undefined): Promise<TokenCheck> {
    if (token === undefined || token === '') {
      return { ok: false, reason: 'missing', message: 'No bearer token was sent.' }
    }
    const jose = await loadJose()
    let payload: Record<string, unknown>
    try {
      const verified = await jose.jwtVerify(token, this.key.publicKey, {
        algorithms: ['RS256'],
        issuer: this.issuer(),
        currentDate: this.now(),
        clockTolerance: CLOCK_SKEW_SECONDS,
      })
      payload = verified.payload
    } catch (error) {
      return describeJoseFailure(error, jose)
    }
    const audience = typeof payload['aud'] === 'string' ? payload['aud'] : ''
    const audienceKind = audienceKindOf(audience)
    if (audienceKind === undefined) {
      return {
        ok: false,
        reason: 'unknown-audience',
        message: `The token is for an unknown audience '${audience}'.`,
        audience,
      }
    }
    const claims = payload as unknown as AccessTokenClaims
    const caller: Caller = {
      objectId: claims.oid,
      appId: claims.appid,
      kind: claims.idtyp === 'app' ? 'servicePrincipal' : 'user',
    }
    return { ok: true, claims, audienceKind, caller }
  }
}

function describeJoseFailure(
  error: unknown,
  jose: Awaited<ReturnType<typeof loadJose>>,
): TokenCheck & { ok: false } {
  if (error instanceof jose.errors.JWTExpired) {
    const exp = error.payload['exp']
    return {
      ok: false,
      reason: 'expired',
      message: 'The token has expired.',
      ...(typeof exp === 'number' ? { expiredAt: new Date(exp * 1000) } : {}),
    }
  }
  if (error instanceof jose.errors.JWSSignatureVerificationFailed) {
    return { ok: false, reason: 'bad-signature', message: 'The token signature is not valid.' }
  }
  if (error instanceof jose.errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') {
      return { ok: false, reason: 'wrong-issuer', message: 'The token has an unknown issuer.' }
    }
    if (error.claim === 'nbf' || error.claim === 'iat') {
      return { ok: false, reason: 'not-yet-valid', message: 'The token is not valid yet.' }
    }
  }
  return { ok: false, reason: 'malformed', message: 'The token is not a valid JWT.' }
}
