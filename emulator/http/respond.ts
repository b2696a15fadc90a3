import type { ServerResponse } from 'node:http'

/** Headers every emulator response carries, like Azure front ends do. */
export type ExtraHeaders = Readonly<Record<string, string | number>>

/** Sends a JSON body with its length; `no-store` because tokens and errors must not be cached. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: ExtraHeaders = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store, no-cache',
    Pragma: 'no-cache',
    ...headers,
  })
  res.end(text)
}

/** Sends an HTML page with a strict content security policy (inline script only by nonce). */
export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  options: { readonly scriptNonce?: string; readonly headers?: ExtraHeaders } = {},
): void {
  const script = options.scriptNonce === undefined ? "'none'" : `'nonce-${options.scriptNonce}'`
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store, no-cache',
    'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; script-src ${script}; form-action 'self' http://localhost:* http://127.0.0.1:* http://[::1]:*; base-uri 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...options.headers,
  })
  res.end(html)
}

/** Sends a redirect (used for `response_mode=query|fragment`). */
export function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': 0 })
  res.end()
}
