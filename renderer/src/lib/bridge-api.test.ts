import { describe, expect, it } from 'vitest'
import type { PreloadBridge } from '../../../shared/ipc/bridge'
import type { EventName, InvokeChannel } from '../../../shared/ipc/contract'
import { createBridgeApi, isPreloadBridge } from './bridge-api'

/**
 * An in-memory stand-in for Electron's preload (which cannot run in Node): it answers like
 * main's dispatcher would and lets the test push events.
 */
function memoryBridge(answer: (channel: InvokeChannel, payload: unknown) => Promise<unknown>) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const bridge: PreloadBridge = {
    invoke: answer,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => set.delete(listener)
    },
    pathForFile: () => '',
  }
  const push = (event: EventName, payload: unknown) =>
    listeners.get(event)?.forEach((listener) => listener(payload))
  return { bridge, push }
}

describe('createBridgeApi', () => {
  it('forwards channel and payload and returns the Result', async () => {
    const calls: unknown[] = []
    const { bridge } = memoryBridge(async (channel, payload) => {
      calls.push([channel, payload])
      return { ok: true, value: { message: 'hi', receivedAt: 'now' } }
    })
    const api = createBridgeApi(bridge)

    const result = await api.invoke('app:ping', { message: 'hi' })

    expect(result).toEqual({ ok: true, value: { message: 'hi', receivedAt: 'now' } })
    expect(calls).toEqual([['app:ping', { message: 'hi' }]])
  })

  it('turns a rejected IPC call into error data instead of throwing', async () => {
    const { bridge } = memoryBridge(() => Promise.reject(new Error('No handler registered')))
    const result = await createBridgeApi(bridge).invoke('settings:get')
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.code).toBe('internal/bug')
    expect(!result.ok && result.error.detail).toContain('No handler registered')
  })

  it('reports an answer that is not a Result as a bug', async () => {
    const { bridge } = memoryBridge(async () => 'surprise')
    const result = await createBridgeApi(bridge).invoke('settings:get')
    expect(!result.ok && result.error.code).toBe('internal/bug')
  })

  it('delivers events until unsubscribed', () => {
    const { bridge, push } = memoryBridge(async () => ({ ok: true }))
    const api = createBridgeApi(bridge)
    const seen: unknown[] = []
    const off = api.on('app:notice', (notice) => seen.push(notice.text))
    push('app:notice', { level: 'info', text: 'one' })
    off()
    push('app:notice', { level: 'info', text: 'two' })
    expect(seen).toEqual(['one'])
  })
})

describe('isPreloadBridge', () => {
  it('recognises only objects with invoke and on functions', () => {
    expect(isPreloadBridge(memoryBridge(async () => null).bridge)).toBe(true)
    expect(isPreloadBridge(undefined)).toBe(false)
    expect(isPreloadBridge({ invoke: () => null })).toBe(false)
  })
})
