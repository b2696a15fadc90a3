import type { IncomingMessage } from 'node:http'

/** The token of an `Authorization: Bearer <token>` header, or `undefined`. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization
  if (header === undefined) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1]
}
