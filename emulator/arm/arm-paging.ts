/**
 * ARM list paging: `{ value, nextLink }` where `nextLink` is an absolute URL carrying
 * `$skipToken` (reference §4.1, §5). The token is opaque to clients; here it is the offset.
 */
export interface PageRequest {
  /** The request URL; `nextLink` keeps its path and api-version. */
  readonly url: URL
  readonly origin: string
  readonly pageSize: number
}

/** Reads `$skipToken`; `undefined` means the token is not one this emulator issued. */
export function pageOffset(url: URL): number | undefined {
  const token = url.searchParams.get('$skipToken')
  if (token === null) return 0
  const decoded = Number(Buffer.from(token, 'base64url').toString('utf8'))
  return Number.isInteger(decoded) && decoded >= 0 ? decoded : undefined
}

/** Cuts one page of `items` and builds the `nextLink` for the rest. */
export function page<T>(items: readonly T[], offset: number, request: PageRequest) {
  const value = items.slice(offset, offset + request.pageSize)
  const next = offset + request.pageSize
  if (next >= items.length) return { value }
  const link = new URL(request.url.pathname, request.origin)
  const apiVersion = request.url.searchParams.get('api-version')
  if (apiVersion !== null) link.searchParams.set('api-version', apiVersion)
  const token = Buffer.from(String(next)).toString('base64url')
  // `$` is kept literal, as ARM writes its nextLinks.
  const separator = link.search === '' ? '?' : '&'
  return { value, nextLink: `${link.toString()}${separator}$skipToken=${token}` }
}
