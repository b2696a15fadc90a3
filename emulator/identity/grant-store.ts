import { createHash, randomBytes } from 'node:crypto'
import type { SeedUser } from '../seed/seed-types'

/** Something that lapses. Times are epoch milliseconds from the injected clock. */
interface Expiring {
  readonly expiresAt: number
}

/**
 * An in-memory map from secrets (codes, refresh tokens) to grants.
 *
 * Only a SHA-256 of each secret is kept, so the secret itself lives only in the response that
 * carried it. Lapsed entries are dropped a while after they expire, so an expired code can
 * still be told apart from an unknown one.
 */
export class SecretStore<T extends Expiring> {
  private readonly entries = new Map<string, T>()

  constructor(
    private readonly prefix: string,
    private readonly bytes: number,
    private readonly now: () => Date,
    private readonly keepExpiredMs = 24 * 60 * 60 * 1000,
  ) {}

  private static hash(secret: string): string {
    return createHash('sha256').update(secret).digest('base64url')
  }

  /** Stores `grant` under a new random secret and returns the secret. */
  issue(grant: T): string {
    this.sweep()
    const secret = `${this.prefix}${randomBytes(this.bytes).toString('base64url')}`
    this.entries.set(SecretStore.hash(secret), grant)
    return secret
  }

  /** Looks a grant up by its secret. */
  get(secret: string): T | undefined {
    return this.entries.get(SecretStore.hash(secret))
  }

  /** Replaces the grant stored under `secret` (grants are immutable records). */
  update(secret: string, grant: T): void {
    this.entries.set(SecretStore.hash(secret), grant)
  }

  /** Finds a grant by a predicate (device codes are also found by their user code). */
  find(predicate: (grant: T) => boolean): T | undefined {
    for (const grant of this.entries.values()) if (predicate(grant)) return grant
    return undefined
  }

  /** Replaces a grant found by identity rather than by secret. */
  replace(old: T, next: T): void {
    for (const [key, grant] of this.entries) {
      if (grant === old) {
        this.entries.set(key, next)
        return
      }
    }
  }

  private sweep(): void {
    const limit = this.now().getTime() - this.keepExpiredMs
    for (const [key, grant] of this.entries) if (grant.expiresAt < limit) this.entries.delete(key)
  }
}

/** What the authorize request asked for, kept while the person picks an account. */
export interface PendingSignIn extends Expiring {
  readonly clientId: string
  readonly clientName: string
  readonly redirectUri: string
  readonly responseMode: 'form_post' | 'query' | 'fragment'
  readonly state?: string
  readonly nonce?: string
  readonly scope: string
  readonly codeChallenge?: string
  readonly codeChallengeMethod?: 'S256' | 'plain'
  readonly wantsClientInfo: boolean
  readonly loginHint?: string
}

/** An issued authorization code. */
export interface AuthorizationCodeGrant extends Expiring {
  readonly clientId: string
  readonly redirectUri: string
  readonly user: SeedUser
  readonly scope: string
  readonly codeChallenge?: string
  readonly codeChallengeMethod?: 'S256' | 'plain'
  readonly nonce?: string
  readonly redeemed: boolean
}

/** An issued refresh token; `replaced` once a refresh rotated it. */
export interface RefreshGrant extends Expiring {
  readonly clientId: string
  readonly user: SeedUser
  readonly issuedAt: number
  readonly replaced: boolean
}

/** A device code flow in progress. */
export interface DeviceCodeGrant extends Expiring {
  readonly clientId: string
  readonly clientName: string
  readonly scope: string
  /** What the person types on the verification page, e.g. `FQK5HW3UF`. */
  readonly userCode: string
  readonly status: 'pending' | 'approved' | 'declined' | 'redeemed'
  readonly user?: SeedUser
}

/** Every grant the identity endpoints hand out, per emulator run. */
export interface GrantStores {
  readonly pendingSignIns: SecretStore<PendingSignIn>
  readonly authorizationCodes: SecretStore<AuthorizationCodeGrant>
  readonly refreshTokens: SecretStore<RefreshGrant>
  readonly deviceCodes: SecretStore<DeviceCodeGrant>
  /** Device-code sign-in pages in progress: page context → the device code grant. */
  readonly deviceSignIns: SecretStore<{ readonly expiresAt: number; readonly userCode: string }>
}

/** Creates empty stores; secrets look like Entra's (`0.A…`/`1.A…` prefixes). */
export function createGrantStores(now: () => Date): GrantStores {
  return {
    pendingSignIns: new SecretStore('', 24, now),
    authorizationCodes: new SecretStore('1.A', 96, now),
    refreshTokens: new SecretStore('1.A', 192, now),
    deviceCodes: new SecretStore('DAQABAAEAAA', 96, now),
    deviceSignIns: new SecretStore('', 24, now),
  }
}
