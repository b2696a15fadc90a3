import type { EventName, InvokeChannel } from './contract'

/**
 * What the Electron preload exposes on `window.logdropBridge`.
 *
 * Untyped on purpose: the preload must be a self-contained file, so it forwards fixed channels
 * and the renderer wraps it in the typed LogDropApi (renderer/src/lib/api).
 */
export interface PreloadBridge {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>
  on(event: EventName, listener: (payload: unknown) => void): () => void
  /** Real path of a dropped or picked File (Electron's webUtils.getPathForFile). */
  pathForFile(file: unknown): string
}

/** The global name the preload exposes through contextBridge. */
export const BRIDGE_GLOBAL = 'logdropBridge'

/** IPC channel names as Electron sees them. */
export const IPC_INVOKE_PREFIX = 'logdrop:invoke:'
export const IPC_EVENT_PREFIX = 'logdrop:event:'
