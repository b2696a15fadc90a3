import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import type { PreloadBridge } from '../../../shared/ipc/bridge'
import { connectApi, type ApiConnection } from './api'

const opened: ApiConnection[] = []
afterEach(() => opened.splice(0).forEach((connection) => connection.dispose()))

describe('connectApi', () => {
  it('uses the preload bridge when the page has one, and never opens a socket', async () => {
    const sockets: string[] = []
    const bridge: PreloadBridge = {
      invoke: async (channel) => ({ ok: true, value: channel }),
      on: () => () => undefined,
      pathForFile: () => '',
    }
    const connection = connectApi({
      bridge,
      baseUri: 'file:///app/index.html',
      createSocket: (url) => {
        sockets.push(url)
        return new WebSocket(url)
      },
    })
    opened.push(connection)

    expect(connection.transport).toBe('bridge')
    expect(connection.getState().status).toBe('open')
    expect(await connection.api.invoke('settings:get')).toEqual({ ok: true, value: 'settings:get' })
    expect(sockets).toEqual([])
  })

  it('otherwise connects a socket under the page base (where the secret is)', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    const paths: string[] = []
    server.on('connection', (socket, request) => {
      paths.push(request.url ?? '')
      socket.on('message', (data: Buffer) => {
        const { id } = JSON.parse(data.toString('utf8')) as { id: number }
        socket.send(JSON.stringify({ type: 'result', id, result: { ok: true, value: 'pong' } }))
      })
    })
    const { port } = server.address() as { port: number }
    try {
      const connection = connectApi({
        bridge: undefined,
        baseUri: `http://127.0.0.1:${port}/per-launch-secret/`,
        createSocket: (url) => new WebSocket(url),
      })
      opened.push(connection)

      const result = await connection.api.invoke('app:ping', { message: 'x' })

      expect(connection.transport).toBe('socket')
      expect(result).toEqual({ ok: true, value: 'pong' })
      expect(paths).toEqual(['/per-launch-secret/ws'])
    } finally {
      opened.splice(0).forEach((connection) => connection.dispose())
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
