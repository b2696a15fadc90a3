import type { IncomingMessage } from 'node:http'

/** A request body over the route's limit. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError'
}

/**
 * Reads a whole (small) request body.
 *
 * Identity and ARM bodies are forms and short JSON; the limit stops a runaway client from
 * filling memory. Ingestion bodies are the data plane's business and never pass through here.
 */
export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > limit) throw new BodyTooLargeError(`Request body is over ${limit} bytes.`)
    chunks.push(buffer)
  }
  return Buffer.concat(chunks)
}

/** Reads an `application/x-www-form-urlencoded` body. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req)).toString('utf8'))
}
