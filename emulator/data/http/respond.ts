import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

const HEX32 = /^[0-9a-f]{32}$/i

/**
 * The `x-ms-client-request-id` to echo: Azure answers with the dashed GUID form even when the
 * client sent 32 bare hex digits (reference §1.5).
 */
export function echoedClientRequestId(req: IncomingMessage): string | undefined {
  const raw = req.headers['x-ms-client-request-id']
  const value = Array.isArray(raw) ? raw[0] : raw
  if (value === undefined || value === '') return undefined
  if (!HEX32.test(value)) return value
  const h = value.toLowerCase()
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** Headers every data-plane response carries: a fresh request id and the echoed client id. */
export function requestHeaders(
  req: IncomingMessage,
  requestId = randomUUID(),
): Record<string, string> {
  const headers: Record<string, string> = { 'x-ms-request-id': requestId }
  const client = echoedClientRequestId(req)
  if (client !== undefined) headers['x-ms-client-request-id'] = client
  return headers
}

/** Sends a JSON body with the given status and headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  })
  res.end(text)
}

/**
 * Reads a small request body (admin and query calls) as text; undefined when it passes `limit`
 * bytes. The rest of an oversized body is drained and dropped so the socket can still answer.
 */
export function readSmallBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
