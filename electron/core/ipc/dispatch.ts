import { errorData, toErrorData } from '../../../shared/errors/app-error'
import {
  INVOKE,
  isInvokeChannel,
  type InvokeChannel,
  type InvokeParsed,
  type InvokeResponse,
} from '../../../shared/ipc/contract'
import type { Result } from '../../../shared/util/result'
import type { Logger } from '../../platform/logger'

/** Who is asking: hosts fill this in so handlers can scope what they allow (e.g. file access). */
export interface RequestContext {
  /** A stable id of the window or socket the request came from. */
  readonly clientId: string
}

/** One implementation per channel; handlers may throw AppError, never secrets. */
export type InvokeHandlers = {
  readonly [C in InvokeChannel]: (
    payload: InvokeParsed<C>,
    context: RequestContext,
  ) => Promise<InvokeResponse<C>> | InvokeResponse<C>
}

/**
 * The single entry for every request from a renderer, whichever host carried it.
 *
 * Refuses unknown channels, validates the payload with the channel's zod schema before any
 * handler sees it, and turns anything thrown into error data.
 */
export async function dispatchInvoke(
  handlers: InvokeHandlers,
  channel: unknown,
  payload: unknown,
  context: RequestContext,
  logger: Logger,
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    logger.warn('ipc', 'refused unknown channel', { channel: String(channel).slice(0, 80) })
    return { ok: false, error: errorData('ipc/unknown-channel', `unknown channel`) }
  }
  const parsed = INVOKE[channel].request.safeParse(payload)
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
      .join('; ')
    logger.warn('ipc', 'refused invalid payload', { channel, detail })
    return { ok: false, error: errorData('ipc/invalid-payload', `${channel}: ${detail}`) }
  }
  try {
    const handler = handlers[channel] as (p: unknown, c: RequestContext) => unknown
    const value = await handler(parsed.data, context)
    return { ok: true, value }
  } catch (error) {
    const data = toErrorData(error)
    const fields = { code: data.code, detail: data.detail }
    if (data.code === 'internal/bug') logger.error('ipc', `${channel} failed`, fields)
    else logger.warn('ipc', `${channel} failed`, fields)
    return { ok: false, error: data }
  }
}
