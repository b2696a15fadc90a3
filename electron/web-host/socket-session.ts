import type { WebSocket } from 'ws'
import { errorData } from '../../shared/errors/app-error'
import { clientFrameSchema, type ServerFrame } from '../../shared/ipc/socket-protocol'
import type { AppContext } from '../core/app-context'
import { dispatchInvoke } from '../core/ipc/dispatch'

/** WebSocket close codes (RFC 6455 §7.4.1) the host uses when a client breaks the protocol. */
const CLOSE_UNSUPPORTED_DATA = 1003
const CLOSE_INVALID_DATA = 1007
const CLOSE_POLICY = 1008

/**
 * Serves the contract on one accepted socket: requests in, results and events out.
 *
 * Every text frame must parse as JSON and pass `clientFrameSchema` before anything reads it;
 * its payload is then validated per channel by dispatchInvoke, exactly as for Electron IPC. A
 * frame with a usable id but a bad shape is answered with `ipc/invalid-payload`; anything that
 * is not a frame at all closes the socket.
 */
export function attachSocketSession(socket: WebSocket, context: AppContext, clientId: string) {
  const { logger } = context

  function send(frame: ServerFrame): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame))
  }

  const unsubscribe = context.events.subscribe((event, payload) => {
    send({ type: 'event', event, payload })
  })

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      socket.close(CLOSE_UNSUPPORTED_DATA, 'text frames only')
      return
    }
    let raw: unknown
    try {
      raw = JSON.parse(frameText(data))
    } catch {
      logger.warn('host', 'closed socket: frame is not JSON', { clientId })
      socket.close(CLOSE_INVALID_DATA, 'frames are JSON')
      return
    }
    const frame = clientFrameSchema.safeParse(raw)
    if (!frame.success) {
      const id = usableId(raw)
      logger.warn('host', 'refused malformed frame', { clientId })
      if (id === undefined) socket.close(CLOSE_POLICY, 'malformed frame')
      else send({ type: 'result', id, result: { ok: false, error: invalidFrame() } })
      return
    }
    const { id, channel, payload } = frame.data
    void dispatchInvoke(context.handlers, channel, payload, { clientId }, logger).then((result) =>
      send({ type: 'result', id, result }),
    )
  })

  socket.on('error', (error) => {
    logger.warn('host', 'socket error', { clientId, detail: error.message })
  })
  socket.on('close', () => {
    unsubscribe()
    logger.debug('host', 'socket closed', { clientId })
  })
}

function frameText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8')
}

function usableId(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const id = (raw as { id?: unknown }).id
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined
}

function invalidFrame() {
  return errorData('ipc/invalid-payload', 'frame does not match the socket protocol')
}
