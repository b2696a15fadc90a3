import { createReadStream } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { errorData, toErrorData, type AppErrorData } from '../../shared/errors/app-error'
import type { AppContext } from '../core/app-context'
import { isAllowedOrigin } from './request-guard'

/**
 * The browser host's file routes, behind the same secret, Host and loopback checks as
 * everything else (web-host.ts checks those before calling here):
 *
 * - `PUT <base>/files?name=<name>`: the body (a dropped or picked file) streams to the data
 *   folder's staging area and is registered; the answer is JSON `Result<FileEntry>`. The page's
 *   Origin must be this host (a PUT from another site is refused even with the secret).
 * - `GET <base>/exports/<token>`: a one-time download made by `failed:export` or
 *   `mapping:export`; the file is deleted once sent.
 */

/** What the routes need from the host. */
export interface FileRouteContext {
  readonly context: AppContext
  readonly port: number
  /** Security headers every response carries. */
  readonly headers: Readonly<Record<string, string>>
}

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  'files/upload-too-large': 413,
  'files/bad-name': 400,
  'files/upload-failed': 400,
  'files/staging-unwritable': 507,
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>>,
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

function sendError(
  res: ServerResponse,
  status: number,
  error: AppErrorData,
  headers: Readonly<Record<string, string>>,
): void {
  sendJson(res, status, { ok: false, error }, headers)
}

/** Handles `rest` (the path after the secret) when it is a file route; false otherwise. */
export async function handleFileRoute(
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
  route: FileRouteContext,
): Promise<boolean> {
  if (rest === '/files') {
    await receiveUpload(req, res, route)
    return true
  }
  if (rest.startsWith('/exports/')) {
    await sendDownload(req, res, rest.slice('/exports/'.length), route)
    return true
  }
  return false
}

async function receiveUpload(
  req: IncomingMessage,
  res: ServerResponse,
  route: FileRouteContext,
): Promise<void> {
  const { context, headers } = route
  if (req.method !== 'PUT') {
    res.writeHead(405, { ...headers, Allow: 'PUT', 'Cache-Control': 'no-store' })
    res.end()
    return
  }
  if (!isAllowedOrigin(req.headers.origin, route.port)) {
    context.logger.warn('host', 'refused upload', { reason: 'foreign or missing Origin' })
    req.resume()
    sendError(
      res,
      403,
      errorData('ipc/untrusted-sender', 'upload without this host as Origin'),
      headers,
    )
    return
  }
  const name = new URL(req.url ?? '/', 'http://host').searchParams.get('name') ?? ''
  const length = req.headers['content-length']
  const expectedBytes = length === undefined ? undefined : Number(length)
  try {
    const entry = await context.files.addUpload(name, req, {
      ...(expectedBytes === undefined || !Number.isSafeInteger(expectedBytes)
        ? {}
        : { expectedBytes }),
    })
    sendJson(res, 200, { ok: true, value: entry }, headers)
  } catch (error) {
    const data = toErrorData(error)
    context.logger.warn('host', 'upload failed', { code: data.code, detail: data.detail })
    // Stop reading what is left of a refused body, then answer and close the connection.
    req.unpipe()
    res.setHeader('Connection', 'close')
    sendError(res, STATUS_BY_CODE[data.code] ?? 500, data, headers)
  }
}

async function sendDownload(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  route: FileRouteContext,
): Promise<void> {
  const { context, headers } = route
  if (req.method !== 'GET') {
    res.writeHead(405, { ...headers, Allow: 'GET', 'Cache-Control': 'no-store' })
    res.end()
    return
  }
  const download = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? context.downloads.take(token) : undefined
  if (download === undefined) {
    sendError(res, 404, errorData('exports/not-found', 'unknown or used token'), headers)
    return
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': download.contentType,
    'Content-Disposition': `attachment; filename="${download.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
    'Cache-Control': 'no-store',
  })
  try {
    await pipeline(createReadStream(download.path), res)
  } catch (error) {
    context.logger.warn('host', 'download failed', { detail: String(error) })
    res.destroy()
  } finally {
    await download.done()
  }
}
