import type { z } from 'zod'

/**
 * One request the renderer can make: the zod schema its payload must pass on the main side,
 * and (as a type only) the value it answers with inside a Result.
 */
export interface InvokeSpec<Req extends z.ZodType, Res> {
  readonly request: Req
  /** Type-only marker; never read at run time. */
  readonly response?: Res
}

/** One event the main side can push to the renderer. */
export interface EventSpec<Payload> {
  /** Type-only marker; never read at run time. */
  readonly payload?: Payload
}

/**
 * Declares a request. Curried so the response type is explicit while the schema is inferred:
 * `defineInvoke<AppInfo>()(z.undefined())`.
 */
export function defineInvoke<Res>() {
  return <Req extends z.ZodType>(request: Req): InvokeSpec<Req, Res> => ({ request })
}

/** Declares an event with its payload type. */
export function defineEvent<Payload>(): EventSpec<Payload> {
  return {}
}
