/** How reconnect attempts are spaced, and when to stop trying. */
export interface BackoffOptions {
  /** Delay before the first retry, in ms. */
  readonly baseMs: number
  /** Longest delay between two attempts, in ms. */
  readonly maxMs: number
  /** Failed attempts after which the client gives up and asks the user to reload. */
  readonly maxAttempts: number
  /** Source of jitter in [0, 1); injectable so tests are exact. */
  readonly random: () => number
}

/** About 45 s of retrying: long enough for a host restart, short enough to stop wasting effort. */
export const DEFAULT_BACKOFF: BackoffOptions = {
  baseMs: 500,
  maxMs: 10_000,
  maxAttempts: 8,
  random: Math.random,
}

/**
 * Delay before the next attempt after `failedAttempts` failures, or null to give up.
 *
 * Exponential with "equal jitter" (half fixed, half random) so many tabs reconnecting to a
 * restarted host do not arrive in lockstep.
 */
export function nextRetryDelay(failedAttempts: number, options: BackoffOptions): number | null {
  if (failedAttempts < 1) return 0
  if (failedAttempts > options.maxAttempts) return null
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (failedAttempts - 1))
  return Math.round(ceiling / 2 + (ceiling / 2) * options.random())
}
