/**
 * The preload: the only bridge between the sandboxed page and the main process.
 *
 * Sandboxed preloads cannot load other files, so this compiles to ONE self-contained CommonJS
 * file: run-time imports come only from 'electron'; everything from shared/ is type-only. The
 * channel lists are therefore written out here; the type assertions below fail the build if
 * they drift from the contract, and preload.test.ts compares them at run time too.
 *
 * It exposes exactly PreloadBridge: fixed channels, no ipcRenderer, and listeners never see
 * Electron's event object (Electron security checklist item 20).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { PreloadBridge } from '../../shared/ipc/bridge'
import type { EventName, InvokeChannel } from '../../shared/ipc/contract'

/**
 * Every request channel of shared/ipc/contract.ts. A channel added there must be added here:
 * the build fails until it is (see the check below).
 */
const PRELOAD_INVOKE_CHANNELS = [
  'app:get-info',
  'app:ping',
  'auth:get-state',
  'auth:sign-in',
  'auth:cancel',
  'auth:switch-account',
  'auth:sign-out',
  'auth:use-developer-credentials',
  'auth:set-plaintext-cache',
  'settings:get',
  'settings:update',
  'target:list-subscriptions',
  'target:list-dcrs',
  'target:get-dcr',
  'target:list-dces',
  'target:manual-defaults',
  'target:validate-manual',
  'target:recent',
  'target:check-connection',
  'files:add',
  'files:pick',
  'files:list',
  'files:remove',
  'files:set-options',
  'files:preview',
  'mapping:suggest',
  'mapping:dry-run',
  'mapping:dry-run-cancel',
  'mapping:export',
  'profiles:list',
  'profiles:save',
  'profiles:delete',
  'profiles:match',
  'jobs:start',
  'jobs:pause',
  'jobs:resume',
  'jobs:cancel',
  'jobs:active',
  'failed:summary',
  'failed:list',
  'failed:update',
  'failed:export',
  'failed:retry',
  'failed:delete',
  'history:list',
  'history:resume',
  'history:verify',
  'session:get',
  'session:update',
] as const satisfies readonly InvokeChannel[]

/** Every event of shared/ipc/contract.ts, kept in step the same way. */
const PRELOAD_EVENT_NAMES = [
  'app:notice',
  'auth:state',
  'auth:browser-url',
  'auth:device-code',
  'settings:changed',
  'mapping:dry-run-progress',
  'jobs:progress',
  'jobs:finished',
  'history:changed',
] as const satisfies readonly EventName[]

// Compile-time proof that no channel of the contract is missing from the lists above.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>
const everyInvokeListed: Missing<InvokeChannel, (typeof PRELOAD_INVOKE_CHANNELS)[number]> = true
const everyEventListed: Missing<EventName, (typeof PRELOAD_EVENT_NAMES)[number]> = true
void everyInvokeListed
void everyEventListed

/** Mirrors IPC_INVOKE_PREFIX, IPC_EVENT_PREFIX and BRIDGE_GLOBAL in shared/ipc/bridge.ts. */
const INVOKE_PREFIX = 'logdrop:invoke:'
const EVENT_PREFIX = 'logdrop:event:'
const BRIDGE_GLOBAL = 'logdropBridge'

const invokeChannels: ReadonlySet<string> = new Set(PRELOAD_INVOKE_CHANNELS)
const eventNames: ReadonlySet<string> = new Set(PRELOAD_EVENT_NAMES)

const bridge: PreloadBridge = {
  invoke(channel, payload) {
    if (!invokeChannels.has(channel)) {
      return Promise.reject(new Error(`LogDrop: unknown request channel ${String(channel)}`))
    }
    return ipcRenderer.invoke(`${INVOKE_PREFIX}${channel}`, payload)
  },
  on(event, listener) {
    if (!eventNames.has(event)) throw new Error(`LogDrop: unknown event ${String(event)}`)
    const channel = `${EVENT_PREFIX}${event}`
    const forward = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, forward)
    return () => {
      ipcRenderer.removeListener(channel, forward)
    }
  },
  pathForFile(file) {
    return webUtils.getPathForFile(file as File)
  },
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, Object.freeze(bridge))
