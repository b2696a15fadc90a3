/** An access token and when it stops working. Lives in memory only. */
export interface AccessTokenData {
  readonly token: string
  readonly expiresOnMs: number
}

/** Asks whoever owns the credentials (the main thread) for a token. */
export type TokenFetcher = (forceRefresh: boolean) => Promise<AccessTokenData>

/**
 * The worker's view of the token: cached, refreshed a little before it expires, and fetched
 * once for everyone when many requests need it at the same moment.
 */
export class TokenCache {
  private cached: AccessTokenData | undefined
  private pending: Promise<AccessTokenData> | undefined

  constructor(
    private readonly fetcher: TokenFetcher,
    /** Refresh this long before expiry (core-rest-pipeline uses two minutes too). */
    private readonly marginMs = 120_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token that is good for at least `marginMs`, when the owner can give one. */
  async get(): Promise<AccessTokenData> {
    const cached = this.cached
    if (cached !== undefined && cached.expiresOnMs - this.marginMs > this.now()) return cached
    return this.fetch(false)
  }

  /**
   * A new token after `stale` was refused (401). When another request already replaced it,
   * the replacement is returned without asking again.
   */
  async refresh(stale: string): Promise<AccessTokenData> {
    if (this.cached !== undefined && this.cached.token !== stale) return this.cached
    if (this.pending !== undefined) return this.pending
    return this.fetch(true)
  }

  private fetch(forceRefresh: boolean): Promise<AccessTokenData> {
    if (this.pending !== undefined) return this.pending
    const pending = this.fetcher(forceRefresh).then(
      (token) => {
        this.cached = token
        this.pending = undefined
        return token
      },
      (error: unknown) => {
        this.pending = undefined
        throw error
      },
    )
    this.pending = pending
    return pending
  }
}
