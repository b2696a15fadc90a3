import { errorData } from '../../../shared/errors/app-error'
import type { PreloadBridge } from '../../../shared/ipc/bridge'
import type { EventName, InvokeChannel, LogDropApi } from '../../../shared/ipc/contract'
import type { Result } from '../../../shared/util/result'
import { toResult } from './result-shape'

/** True when a value has the shape of the preload's bridge (functions we call). */
export function isPreloadBridge(value: unknown): value is PreloadBridge {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  return typeof candidate.invoke === 'function' && typeof candidate.on === 'function'
}

/**
 * Wraps the untyped Electron preload bridge into the typed LogDropApi.
 *
 * The preload forwards whatever main answers; this checks it is a Result, and turns a rejected
 * IPC call (no handler, window closing) into error data so callers never see a throw.
 */
export function createBridgeApi(bridge: PreloadBridge): LogDropApi {
  return {
    async invoke(channel, ...payload) {
      return invokeBridge(bridge, channel, payload[0])
    },
    on(event, listener) {
      return subscribeBridge(bridge, event, listener as (payload: unknown) => void)
    },
  }
}

async function invokeBridge(
  bridge: PreloadBridge,
  channel: InvokeChannel,
  payload: unknown,
): Promise<Result<never>> {
  try {
    return toResult(await bridge.invoke(channel, payload))
  } catch (error) {
    return {
      ok: false,
      error: errorData('internal/bug', `${channel}: IPC failed: ${String(error)}`),
    }
  }
}

function subscribeBridge(
  bridge: PreloadBridge,
  event: EventName,
  listener: (payload: unknown) => void,
): () => void {
  try {
    const unsubscribe = bridge.on(event, listener)
    return typeof unsubscribe === 'function' ? unsubscribe : () => undefined
  } catch (error) {
    console.error(`LogDrop could not subscribe to ${event}`, error)
    return () => undefined
  }
}
