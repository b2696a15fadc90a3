import { errorData } from '../../../shared/errors/app-error'
import type { ClientFrame } from '../../../shared/ipc/socket-protocol'
import type { Result } from '../../../shared/util/result'
import { DEFAULT_BACKOFF, nextRetryDelay, type BackoffOptions } from './backoff'
import {
  INITIAL_CONNECTION,
  connectionReducer,
  type ConnectionAction,
  type ConnectionState,
} from './connection-state'
import { disconnected, toResult } from './result-shape'

/**
 * The part of a WebSocket the client uses.
 *
 * The browser's WebSocket and the `ws` package's both fit, so tests run the client in Node
 * against a real `ws` server. Method syntax keeps listener parameters bivariant, which is what
 * lets both event types through.
 */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'open', listener: () => void): void
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void
  addEventListener(type: 'close', listener: () => void): void
  addEventListener(type: 'error', listener: () => void): void
}

/** Opens a socket to a URL; `(url) => new WebSocket(url)` in the browser. */
export type SocketFactory = (url: string) => SocketLike

export interface SocketClientOptions {
  readonly backoff?: Partial<BackoffOptions>
  /** Clock for retry times; injectable for tests. */
  readonly now?: () => number
  /** Where listener failures are reported; the console by default. */
  readonly onListenerError?: (error: unknown) => void
}

/** WebSocket.readyState of an open socket (same number in browsers and in `ws`). */
const OPEN = 1

type EventListener = (payload: unknown) => void

/**
 * The renderer's end of the browser host's socket: requests, answers and pushed events.
 *
 * Frames follow shared/ipc/socket-protocol.ts. Requests made while the first attempt (or a
 * retry) is connecting are queued and sent on open; requests that cannot be delivered, and
 * those in flight when the link drops, resolve to an `ipc/disconnected` Result. Nothing here
 * throws at the caller. After a drop it retries with backoff, then gives up (status `closed`).
 */
export class SocketClient {
  private socket: SocketLike | null = null
  private nextId = 1
  private readonly pending = new Map<number, (result: Result<unknown>) => void>()
  private queued: { readonly id: number; readonly text: string }[] = []
  private readonly eventListeners = new Map<string, Set<EventListener>>()
  private readonly stateListeners = new Set<() => void>()
  private state: ConnectionState = INITIAL_CONNECTION
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private disposed = false
  private readonly backoff: BackoffOptions
  private readonly now: () => number
  private readonly onListenerError: (error: unknown) => void

  constructor(
    private readonly url: string,
    private readonly createSocket: SocketFactory,
    options: SocketClientOptions = {},
  ) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff }
    this.now = options.now ?? Date.now
    this.onListenerError =
      options.onListenerError ?? ((error) => console.error('LogDrop event listener failed', error))
  }

  /** Opens the first connection. Separate from the constructor so listeners can attach first. */
  start(): void {
    if (this.socket === null && this.retryTimer === null && !this.disposed) this.connect()
  }

  /** Sends one request; always resolves, never rejects. */
  invoke(channel: string, payload: unknown): Promise<Result<unknown>> {
    const socket = this.socket
    if (this.disposed || socket === null) {
      return Promise.resolve(disconnected(`${channel}: no connection (${this.state.status})`))
    }
    const id = this.nextId++
    const frame: ClientFrame = { type: 'invoke', id, channel, payload }
    let text: string
    try {
      text = JSON.stringify(frame)
    } catch (error) {
      return Promise.resolve({
        ok: false,
        error: errorData('ipc/invalid-payload', `${channel}: not serialisable: ${String(error)}`),
      })
    }
    return new Promise((resolve) => {
      this.pending.set(id, resolve)
      if (socket.readyState === OPEN) this.send(socket, id, text)
      else this.queued.push({ id, text })
    })
  }

  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on(event: string, listener: EventListener): () => void {
    let listeners = this.eventListeners.get(event)
    if (listeners === undefined) {
      listeners = new Set()
      this.eventListeners.set(event, listeners)
    }
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }

  getState(): ConnectionState {
    return this.state
  }

  /** Notifies on every connection state change (shape fits useSyncExternalStore). */
  subscribe(listener: () => void): () => void {
    this.stateListeners.add(listener)
    return () => {
      this.stateListeners.delete(listener)
    }
  }

  /** Skips the wait before the next attempt, or tries once more after giving up. */
  retryNow(): void {
    if (this.disposed || this.socket !== null) return
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.connect()
  }

  /** Closes the link for good; pending requests resolve as disconnected. */
  dispose(): void {
    this.disposed = true
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    const socket = this.socket
    this.socket = null
    this.failPending('client disposed')
    socket?.close(1000, 'closing')
  }

  private connect(): void {
    this.retryTimer = null
    let socket: SocketLike
    try {
      socket = this.createSocket(this.url)
    } catch (error) {
      this.update({ type: 'attempt-started' })
      this.linkFailed(`could not open the socket: ${String(error)}`)
      return
    }
    this.socket = socket
    this.update({ type: 'attempt-started' })
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return
      this.update({ type: 'opened' })
      const frames = this.queued
      this.queued = []
      for (const { id, text } of frames) this.send(socket, id, text)
    })
    socket.addEventListener('message', (event) => {
      if (this.socket === socket) this.receive(event.data)
    })
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return
      this.socket = null
      this.linkFailed('the connection closed')
    })
    // 'error' is always followed by 'close', which does the work.
    socket.addEventListener('error', () => undefined)
  }

  private send(socket: SocketLike, id: number, text: string): void {
    try {
      socket.send(text)
    } catch (error) {
      this.settle(id, disconnected(`send failed: ${String(error)}`))
    }
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return
    let frame: unknown
    try {
      frame = JSON.parse(data)
    } catch {
      return
    }
    if (typeof frame !== 'object' || frame === null) return
    const { type } = frame as { type?: unknown }
    if (type === 'result') {
      const { id, result } = frame as { id?: unknown; result?: unknown }
      if (typeof id === 'number') this.settle(id, toResult(result))
    } else if (type === 'event') {
      const { event, payload } = frame as { event?: unknown; payload?: unknown }
      if (typeof event === 'string') this.dispatch(event, payload)
    }
  }

  private dispatch(event: string, payload: unknown): void {
    const listeners = this.eventListeners.get(event)
    if (listeners === undefined) return
    for (const listener of [...listeners]) {
      try {
        listener(payload)
      } catch (error) {
        this.onListenerError(error)
      }
    }
  }

  private settle(id: number, result: Result<unknown>): void {
    const resolve = this.pending.get(id)
    if (resolve === undefined) return
    this.pending.delete(id)
    resolve(result)
  }

  private linkFailed(detail: string): void {
    this.failPending(detail)
    if (this.disposed) return
    const delay = nextRetryDelay(this.state.failedAttempts + 1, this.backoff)
    this.update({ type: 'failed', retryAt: delay === null ? null : this.now() + delay })
    if (delay !== null) this.retryTimer = setTimeout(() => this.connect(), delay)
  }

  private failPending(detail: string): void {
    this.queued = []
    const waiting = [...this.pending.values()]
    this.pending.clear()
    for (const resolve of waiting) resolve(disconnected(detail))
  }

  private update(action: ConnectionAction): void {
    this.state = connectionReducer(this.state, action)
    for (const listener of [...this.stateListeners]) listener()
  }
}
