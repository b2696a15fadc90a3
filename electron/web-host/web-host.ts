import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { MAX_CLIENT_FRAME_BYTES, SOCKET_PATH } from '../../shared/ipc/socket-protocol'
import { createAppContext, type AppContext } from '../core/app-context'
import {
  buildContentSecurityPolicy,
  SECURITY_HEADERS,
} from '../core/renderer-assets/content-security-policy'
import { readRendererFile } from '../core/renderer-assets/renderer-files'
import { handleFileRoute } from './file-routes'
import {
  createHostSecret,
  isAllowedHost,
  isAllowedOrigin,
  isLoopbackAddress,
  secretMatches,
  splitSecretPath,
} from './request-guard'
import { attachSocketSession } from './socket-session'

export interface WebHostOptions {
  /** Folder for settings, journals and logs (the same one the desktop app uses). */
  readonly dataDir: string
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number
  /** The built renderer (dist/renderer); nothing outside it is ever served. */
  readonly rendererDir: string
  /** Captures log lines (tests scan them). */
  readonly logSink?: (line: string) => void
  /** Shown by app:get-info; defaults to 0.0.0-dev. */
  readonly version?: string
  readonly echoLogs?: boolean
  /**
   * The secret path segment to use instead of a fresh one (web-main reads it from
   * `--secret-file`, so a restarted host keeps its URL and reloaded pages reconnect).
   */
  readonly secret?: string
}

/** A running browser host. */
export interface WebHost {
  /** `http://127.0.0.1:PORT/<secret>/`: the only URL that opens the app. */
  readonly url: string
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string
  readonly port: number
  /** The main-side services behind the socket (the same ones the Electron shell uses). */
  readonly context: AppContext
  /** Closes sockets and the server, then lets the services shut down. Safe to call twice. */
  stop(): Promise<void>
}

/** How long stop() waits for sockets to finish their close handshake. */
const SOCKET_CLOSE_GRACE_MS = 1000

interface Refusal {
  readonly status: number
  readonly reason: string
}

/**
 * Starts the browser host: the built renderer and the contract over a WebSocket, on loopback.
 *
 * Every request and socket must carry the per-launch secret as its first path segment, name
 * this server in its Host header (DNS rebinding), come from a loopback address, and, for
 * sockets, come from a page of this origin. Requests go through dispatchInvoke with the app
 * context, exactly like Electron IPC.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const context = await createAppContext({
    host: 'browser',
    dataDir: options.dataDir,
    version: options.version ?? '0.0.0-dev',
    ...(options.logSink === undefined ? {} : { logSink: options.logSink }),
    ...(options.echoLogs === undefined ? {} : { echoLogs: options.echoLogs }),
  })
  const { logger } = context
  const secret = options.secret ?? createHostSecret()
  let port = 0
  let headers: Record<string, string> = {}
  let nextClient = 1

  function refuse(req: IncomingMessage): Refusal | undefined {
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      return { status: 403, reason: 'non-loopback address' }
    }
    if (!isAllowedHost(req.headers.host, port)) return { status: 421, reason: 'foreign Host' }
    if (!secretMatches(splitSecretPath(req.url).secret, secret)) {
      return { status: 403, reason: 'missing or wrong secret' }
    }
    return undefined
  }

  function sendText(res: ServerResponse, status: number, text: string, extra = {}): void {
    res.writeHead(status, {
      ...headers,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...extra,
    })
    res.end(text)
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = refuse(req)
    if (refusal !== undefined) {
      logger.warn('host', 'refused request', {
        reason: refusal.reason,
        remote: req.socket.remoteAddress,
      })
      sendText(res, refusal.status, refusalText(refusal.status))
      return
    }
    // File uploads (PUT <base>/files) and one-time downloads (GET <base>/exports/<token>).
    if (
      await handleFileRoute(req, res, splitSecretPath(req.url).rest, { context, port, headers })
    ) {
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' })
      return
    }
    const { rest } = splitSecretPath(req.url)
    if (rest === '') {
      // Relative asset URLs (vite base './') need the trailing slash.
      res.writeHead(308, { ...headers, Location: `/${secret}/`, 'Cache-Control': 'no-store' })
      res.end()
      return
    }
    if (rest === `/${SOCKET_PATH}`) {
      sendText(res, 426, 'This address takes WebSocket connections.', { Upgrade: 'websocket' })
      return
    }
    const file = await readRendererFile(options.rendererDir, rest)
    if (!file.ok) {
      sendText(res, file.status, file.status === 404 ? 'Not found.' : 'Bad request.')
      return
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': file.contentType,
      'Content-Length': String(file.body.length),
      'Cache-Control': file.isDocument ? 'no-store' : 'private, no-cache',
    })
    res.end(req.method === 'HEAD' ? undefined : file.body)
  }

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    perMessageDeflate: false,
  })

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const refusal: Refusal | undefined =
      refuse(req) ??
      (splitSecretPath(req.url).rest !== `/${SOCKET_PATH}`
        ? { status: 404, reason: 'not the socket path' }
        : !isAllowedOrigin(req.headers.origin, port)
          ? { status: 403, reason: 'foreign Origin' }
          : undefined)
    if (refusal !== undefined) {
      logger.warn('host', 'refused socket', {
        reason: refusal.reason,
        remote: req.socket.remoteAddress,
      })
      const status = `${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}`
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const clientId = `browser:${nextClient++}`
      logger.info('host', 'socket connected', { clientId })
      attachSocketSession(ws, context, clientId)
    })
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      logger.error('host', 'request failed', { detail: String(error) })
      if (!res.headersSent) sendText(res, 500, 'Internal error.')
      else res.destroy()
    })
  })
  server.on('upgrade', onUpgrade)

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen({ host: '127.0.0.1', port: options.port ?? 0, exclusive: true }, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    await context.shutdown()
    throw error
  }
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  headers = {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': buildContentSecurityPolicy({
      connectSources: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`],
    }),
  }
  logger.info('host', 'browser host listening', { port })

  let stopping: Promise<void> | undefined
  return {
    url: `${origin}/${secret}/`,
    origin,
    port,
    context,
    stop: () => {
      stopping ??= (async () => {
        for (const client of sockets.clients) client.close(1001, 'LogDrop is shutting down')
        // Give clients a moment to answer the close handshake, then cut the rest off.
        const closed = new Promise<void>((resolve) => sockets.close(() => resolve()))
        const late = setTimeout(() => {
          for (const client of sockets.clients) client.terminate()
        }, SOCKET_CLOSE_GRACE_MS)
        await closed
        clearTimeout(late)
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await context.shutdown()
      })()
      return stopping
    },
  }
}

function refusalText(status: number): string {
  return status === 421
    ? 'Misdirected request: open LogDrop at the 127.0.0.1 address it printed.'
    : 'Forbidden: open the exact address LogDrop printed, including its secret part.'
}
