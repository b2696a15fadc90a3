import { createRequire } from 'node:module'
import type { Dispatcher, Pool } from 'undici'

/**
 * undici's Pool and its `request()`, loaded without the package's index, which also loads
 * fetch, WebSocket, caches, proxies and mocks: about 90 ms of the upload worker's start-up
 * against about 35 ms for these two (undici 7 has no exports map, and these are the modules
 * its index itself loads; `engine-upload` tests and the benchmark run through them).
 * Measured again on 2026-12-07 (Node 20, five cold processes each): the index 189-305 ms
 * (median 243), these two 59-84 ms (median 67). Because the paths are internal, package.json
 * pins undici's exact version and `undici-pool.test.ts` checks them against the index.
 */
const load = createRequire(__filename)
const PoolClass = load('undici/lib/dispatcher/pool') as typeof Pool
const api = load('undici/lib/api') as {
  readonly request: (
    this: Dispatcher,
    options: Dispatcher.RequestOptions,
  ) => Promise<Dispatcher.ResponseData>
}

/** A keep-alive connection pool to one origin. */
export type ConnectionPool = Pool

export function createPool(origin: string, options: Pool.Options): ConnectionPool {
  return new PoolClass(origin, options)
}

/** `pool.request()` as the package index would attach it to every dispatcher. */
export function poolRequest(
  pool: ConnectionPool,
  options: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  return api.request.call(pool, options)
}
