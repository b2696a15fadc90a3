import type { z } from 'zod'
import type { Result } from '../util/result'
import { APP_EVENTS, APP_INVOKE } from './areas/app'
import { AUTH_EVENTS, AUTH_INVOKE } from './areas/auth'
import { FILES_EVENTS, FILES_INVOKE } from './areas/files'
import { JOBS_EVENTS, JOBS_INVOKE } from './areas/jobs'
import { SESSION_EVENTS, SESSION_INVOKE } from './areas/session'
import { SETTINGS_EVENTS, SETTINGS_INVOKE } from './areas/settings'
import { TARGET_EVENTS, TARGET_INVOKE } from './areas/target'
import type { EventSpec, InvokeSpec } from './define'

/**
 * The one contract between the renderer and the main side.
 *
 * Every request the renderer can make is a key here, with the zod schema its payload must pass
 * on the main side; every event the main side can push is a key of EVENTS. Each area keeps its
 * channels in shared/ipc/areas/<area>.ts; this file only joins them. Nothing else crosses.
 */
export const INVOKE = {
  ...APP_INVOKE,
  ...AUTH_INVOKE,
  ...FILES_INVOKE,
  ...JOBS_INVOKE,
  ...SESSION_INVOKE,
  ...SETTINGS_INVOKE,
  ...TARGET_INVOKE,
} as const

export const EVENTS = {
  ...APP_EVENTS,
  ...AUTH_EVENTS,
  ...FILES_EVENTS,
  ...JOBS_EVENTS,
  ...SESSION_EVENTS,
  ...SETTINGS_EVENTS,
  ...TARGET_EVENTS,
} as const

export type InvokeChannel = keyof typeof INVOKE
export type EventName = keyof typeof EVENTS

/** The payload a request takes, as the renderer writes it. */
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof INVOKE)[C]['request']>
/** The payload after validation on the main side. */
export type InvokeParsed<C extends InvokeChannel> = z.output<(typeof INVOKE)[C]['request']>
/** The value a request answers with. */
export type InvokeResponse<C extends InvokeChannel> =
  (typeof INVOKE)[C] extends InvokeSpec<z.ZodType, infer R> ? R : never
/** The payload of an event. */
export type EventPayload<E extends EventName> =
  (typeof EVENTS)[E] extends EventSpec<infer P> ? P : never

/** Channel names as run-time lists, for allow-listing in the preload and the hosts. */
export const INVOKE_CHANNELS = Object.keys(INVOKE) as readonly InvokeChannel[]
export const EVENT_NAMES = Object.keys(EVENTS) as readonly EventName[]

/** True when a string names a known request. */
export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(INVOKE, value)
}

/** True when a string names a known event. */
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, value)
}

/** What the renderer holds: typed requests and event subscriptions, nothing else. */
export interface LogDropApi {
  invoke<C extends InvokeChannel>(
    channel: C,
    ...payload: undefined extends InvokeRequest<C> ? [InvokeRequest<C>?] : [InvokeRequest<C>]
  ): Promise<Result<InvokeResponse<C>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}
