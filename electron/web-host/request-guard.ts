import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'

/** A fresh per-launch secret: 32 random bytes, base64url (43 characters, URL-safe). */
export function createHostSecret(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * Compares a candidate with the secret in constant time.
 *
 * Both sides are hashed first, so neither the content nor the length of the secret leaks
 * through how long the comparison takes.
 */
export function secretMatches(candidate: string | undefined, secret: string): boolean {
  if (candidate === undefined) return false
  const a = createHash('sha256').update(candidate).digest()
  const b = createHash('sha256').update(secret).digest()
  return timingSafeEqual(a, b)
}

/** True for 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false
  if (isIP(address) === 4) return address.split('.')[0] === '127'
  if (isIP(address) !== 6) return false
  // The URL parser writes every IPv6 spelling in one canonical form.
  const canonical = new URL(`http://[${address}]/`).hostname
  if (canonical === '[::1]') return true
  const mapped = /^\[::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}\]$/.exec(canonical)
  return mapped?.[1] !== undefined && parseInt(mapped[1], 16) >> 8 === 127
}

/**
 * True when the Host header names this server on loopback: `127.0.0.1:PORT` or
 * `localhost:PORT`, nothing else.
 *
 * DNS-rebinding protection: a hostile site that points its own name at 127.0.0.1 still sends
 * its own name as Host, and is refused.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false
  const value = host.toLowerCase()
  return value === `127.0.0.1:${port}` || value === `localhost:${port}`
}

/** True when a WebSocket's Origin is a page this server served (never missing, never `null`). */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return false
  const value = origin.toLowerCase()
  return value === `http://127.0.0.1:${port}` || value === `http://localhost:${port}`
}

/** How a request path splits into the secret and what follows it. */
export interface SecretPath {
  /** The first path segment, still encoded; compared with the secret. */
  readonly secret: string | undefined
  /** Everything after `/<secret>`, starting with `/` (or `''` for exactly `/<secret>`). */
  readonly rest: string
}

/** Splits `/<secret>/rest?query` into its parts; the query is dropped. */
export function splitSecretPath(rawUrl: string | undefined): SecretPath {
  const path = (rawUrl ?? '').split(/[?#]/, 1)[0] ?? ''
  if (!path.startsWith('/')) return { secret: undefined, rest: '' }
  const slash = path.indexOf('/', 1)
  return slash === -1
    ? { secret: path.slice(1), rest: '' }
    : { secret: path.slice(1, slash), rest: path.slice(slash) }
}
