import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { clientFrameSchema, type ServerFrame } from '../../../shared/ipc/socket-protocol'
import { SocketClient, type SocketFactory } from './socket-client'

/** A real `ws` server that answers invoke frames the way the browser host does. */
async function startServer(
  answer: (channel: string, payload: unknown) => unknown = (channel, payload) => ({
    ok: true,
    value: { channel, payload },
  }),
) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const received: unknown[] = []
  server.on('connection', (socket) => {
    socket.on('message', (data: Buffer) => {
      const frame = clientFrameSchema.parse(JSON.parse(data.toString('utf8')))
      received.push(frame)
      const reply: ServerFrame = {
        type: 'result',
        id: frame.id,
        result: answer(frame.channel, frame.payload),
      }
      socket.send(JSON.stringify(reply))
    })
  })
  const { port } = server.address() as { port: number }
  return { server, received, url: `ws://127.0.0.1:${port}/secret/ws` }
}

function closeServer(server: WebSocketServer): Promise<void> {
  for (const client of server.clients) client.terminate()
  return new Promise((resolve) => server.close(() => resolve()))
}

const wsFactory: SocketFactory = (url) => new WebSocket(url)
const fastBackoff = { baseMs: 20, maxMs: 40, maxAttempts: 3, random: () => 0 }

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function track(client: SocketClient, server?: WebSocketServer): SocketClient {
  cleanups.push(() => client.dispose())
  if (server) cleanups.push(() => closeServer(server))
  return client
}

describe('SocketClient against a real ws server', () => {
  it('queues a request made before the socket opens and resolves it from the result frame', async () => {
    const { server, url, received } = await startServer()
    const client = track(new SocketClient(url, wsFactory, { backoff: fastBackoff }), server)
    client.start()
    expect(client.getState().status).toBe('connecting')

    const result = await client.invoke('app:ping', { message: 'hello' })

    expect(result).toEqual({
      ok: true,
      value: { channel: 'app:ping', payload: { message: 'hello' } },
    })
    expect(received).toEqual([
      { type: 'invoke', id: 1, channel: 'app:ping', payload: { message: 'hello' } },
    ])
    expect(client.getState()).toMatchObject({ status: 'open', generation: 1, failedAttempts: 0 })
  })

  it('matches concurrent answers to their requests by id', async () => {
    const { server, url } = await startServer((channel, payload) => ({
      ok: true,
      value: `${channel}:${JSON.stringify(payload)}`,
    }))
    const client = track(new SocketClient(url, wsFactory, { backoff: fastBackoff }), server)
    client.start()

    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => client.invoke('app:ping', { message: String(n) })),
    )

    expect(results.map((r) => (r.ok ? r.value : null))).toEqual(
      [1, 2, 3, 4, 5].map((n) => `app:ping:{"message":"${n}"}`),
    )
  })

  it('passes error Results through and reports a malformed answer as a bug', async () => {
    const { server, url } = await startServer((channel) =>
      channel === 'settings:update'
        ? {
            ok: false,
            error: { code: 'settings/invalid', message: 'Those settings…', retryable: false },
          }
        : { nonsense: true },
    )
    const client = track(new SocketClient(url, wsFactory, { backoff: fastBackoff }), server)
    client.start()

    const failed = await client.invoke('settings:update', { concurrency: 0 })
    const malformed = await client.invoke('app:ping', { message: 'x' })

    expect(failed).toEqual({
      ok: false,
      error: { code: 'settings/invalid', message: 'Those settings…', retryable: false },
    })
    expect(malformed.ok).toBe(false)
    expect(!malformed.ok && malformed.error.code).toBe('internal/bug')
  })

  it('dispatches event frames to their listeners until unsubscribed', async () => {
    const { server, url } = await startServer()
    const client = track(new SocketClient(url, wsFactory, { backoff: fastBackoff }), server)
    const seen: unknown[] = []
    const other: unknown[] = []
    const unsubscribe = client.on('settings:changed', (payload) => seen.push(payload))
    client.on('app:notice', (payload) => other.push(payload))
    client.start()
    await client.invoke('app:ping', { message: 'ready' })
    const [socket] = [...server.clients]

    socket?.send(JSON.stringify({ type: 'event', event: 'settings:changed', payload: { a: 1 } }))
    socket?.send('not json')
    socket?.send(JSON.stringify({ type: 'result', id: 999, result: { ok: true } }))
    socket?.send(JSON.stringify({ type: 'event', event: 'app:notice', payload: 'n' }))
    await vi.waitFor(() => expect(other).toEqual(['n']))
    unsubscribe()
    socket?.send(JSON.stringify({ type: 'event', event: 'settings:changed', payload: { a: 2 } }))
    socket?.send(JSON.stringify({ type: 'event', event: 'app:notice', payload: 'm' }))
    await vi.waitFor(() => expect(other).toEqual(['n', 'm']))

    expect(seen).toEqual([{ a: 1 }])
  })

  it('keeps dispatching when one listener throws', async () => {
    const { server, url } = await startServer()
    const failures: unknown[] = []
    const client = track(
      new SocketClient(url, wsFactory, {
        backoff: fastBackoff,
        onListenerError: (error) => failures.push(error),
      }),
      server,
    )
    const seen: unknown[] = []
    client.on('app:notice', () => {
      throw new Error('listener bug')
    })
    client.on('app:notice', (payload) => seen.push(payload))
    client.start()
    await client.invoke('app:ping', { message: 'ready' })

    for (const socket of server.clients) {
      socket.send(JSON.stringify({ type: 'event', event: 'app:notice', payload: 'x' }))
    }

    await vi.waitFor(() => expect(seen).toEqual(['x']))
    expect(failures).toHaveLength(1)
  })

  it('resolves requests in flight as disconnected when the link drops, then reconnects', async () => {
    // This server never answers, so the request is still in flight when the link drops.
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => silent.once('listening', () => resolve()))
    const { port } = silent.address() as { port: number }
    const client = track(
      new SocketClient(`ws://127.0.0.1:${port}/ws`, wsFactory, { backoff: fastBackoff }),
      silent,
    )
    const connected = new Promise<void>((resolve) => silent.once('connection', () => resolve()))
    client.start()
    await connected
    await vi.waitFor(() => expect(client.getState().status).toBe('open'))

    const inFlight = client.invoke('app:ping', { message: 'lost' })
    await vi.waitFor(() => expect(silent.clients.size).toBe(1))
    const reconnected = new Promise<void>((resolve) => silent.once('connection', () => resolve()))
    for (const socket of silent.clients) socket.terminate()

    const result = await inFlight
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.code).toBe('ipc/disconnected')
    expect(!result.ok && result.error.message).toMatch(/^Lost the connection/)
    await reconnected
    await vi.waitFor(() =>
      expect(client.getState()).toMatchObject({ status: 'open', generation: 2, failedAttempts: 0 }),
    )
  })

  it('gives up after the last attempt and then answers at once with disconnected', async () => {
    // Grab a free port, then close the server so every attempt is refused.
    const { server, url } = await startServer()
    await closeServer(server)
    const states: string[] = []
    const client = track(new SocketClient(url, wsFactory, { backoff: fastBackoff }))
    client.subscribe(() => states.push(client.getState().status))

    client.start()
    const queued = await client.invoke('app:ping', { message: 'nobody home' })
    await vi.waitFor(() => expect(client.getState().status).toBe('closed'), { timeout: 5_000 })
    const afterGivingUp = await client.invoke('app:ping', { message: 'still nobody' })

    expect(!queued.ok && queued.error.code).toBe('ipc/disconnected')
    expect(!afterGivingUp.ok && afterGivingUp.error.code).toBe('ipc/disconnected')
    expect(client.getState()).toMatchObject({ failedAttempts: 4, generation: 0, retryAt: null })
    expect(states).toEqual([
      'connecting',
      'reconnecting', // failed 1, retry scheduled
      'reconnecting', // attempt 2
      'reconnecting',
      'reconnecting', // attempt 3
      'reconnecting',
      'reconnecting', // attempt 4
      'closed',
    ])
  })

  it('connects on retryNow after giving up, once the host is back', async () => {
    const { server, url } = await startServer()
    const port = Number(new URL(url).port)
    await closeServer(server)
    const client = track(
      new SocketClient(url, wsFactory, { backoff: { ...fastBackoff, maxAttempts: 0 } }),
    )
    client.start()
    await vi.waitFor(() => expect(client.getState().status).toBe('closed'))

    const revived = new WebSocketServer({ host: '127.0.0.1', port })
    cleanups.push(() => closeServer(revived))
    await new Promise<void>((resolve) => revived.once('listening', () => resolve()))
    client.retryNow()

    await vi.waitFor(() => expect(client.getState()).toMatchObject({ status: 'open' }))
  })

  it('sends a request without a payload as a frame without a payload key', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    const frames: unknown[] = []
    server.on('connection', (socket) =>
      socket.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString('utf8')) as { id: number }
        frames.push(frame)
        socket.send(JSON.stringify({ type: 'result', id: frame.id, result: { ok: true } }))
      }),
    )
    const { port } = server.address() as { port: number }
    const client = track(
      new SocketClient(`ws://127.0.0.1:${port}/ws`, wsFactory, { backoff: fastBackoff }),
      server,
    )
    client.start()

    const result = await client.invoke('app:get-info', undefined)

    expect(result).toEqual({ ok: true, value: undefined })
    expect(frames).toEqual([{ type: 'invoke', id: 1, channel: 'app:get-info' }])
  })

  it('reports a payload that cannot be serialised without sending anything', async () => {
    const { server, url, received } = await startServer()
    const client = track(new SocketClient(url, wsFactory, { backoff: fastBackoff }), server)
    client.start()
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic

    const result = await client.invoke('app:ping', cyclic)

    expect(!result.ok && result.error.code).toBe('ipc/invalid-payload')
    expect(received).toEqual([])
  })
})
