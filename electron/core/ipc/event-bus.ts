import type { EventName, EventPayload } from '../../../shared/ipc/contract'

/** A listener that receives every event; hosts forward them to their windows or sockets. */
export type EventListener = (event: EventName, payload: unknown) => void

/**
 * Typed pub/sub for events the main side pushes to renderers.
 *
 * Services emit; the Electron shell and the browser host subscribe and forward.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload)
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
