import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTrustingDispatcher } from '../../electron/core/emulator-client/trust'
import {
  postRecords,
  readCounters,
  setFaults,
  tableFigures,
} from '../../scripts/soak/emulator-client'
import { inProcessEmulator, type EmulatorHandle } from '../../scripts/soak/emulator-handle'

/*
 * The emulator's admin endpoints (`/_emulator/*`: counters, faults, reset) answer only with the
 * admin key: without it, or with a wrong one, they answer 401 and change nothing.
 */

let dir: string
let handle: EmulatorHandle

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-admin-'))
  handle = await inProcessEmulator({ dir: join(dir, 'emulator') })
})

afterAll(async () => {
  await handle?.close()
  await rm(dir, { recursive: true, force: true })
})

async function adminCall(
  path: string,
  method: string,
  key: string | undefined,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const dispatcher = createTrustingDispatcher(handle.caCertPem)
  try {
    const response = await fetch(`${handle.info.origin}/_emulator/${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'x-emulator-admin-key': key }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      dispatcher,
    })
    return { status: response.status, text: await response.text() }
  } finally {
    await dispatcher.close()
  }
}

const ENDPOINTS: ReadonlyArray<readonly [string, string, unknown?]> = [
  ['counters', 'GET'],
  ['faults', 'GET'],
  ['faults', 'PUT', { rate5xx: 1 }],
  ['faults', 'POST', { rate5xx: 1 }],
  ['faults', 'DELETE'],
  ['reset', 'POST'],
]

describe('the emulator admin endpoints require their key', () => {
  it('answers 401 without the key or with a wrong one, and changes nothing', async () => {
    await setFaults(handle, { latencyMs: 1 })
    expect(await postRecords(handle, 3, 'admin-check')).toEqual([204, 204, 204])
    const key = handle.info.adminKey
    // (Surrounding spaces are not a different key: HTTP trims header values.)
    const wrongKeys: ReadonlyArray<string | undefined> = [
      undefined,
      '',
      'wrong',
      key.toUpperCase() === key ? key.toLowerCase() : key.toUpperCase(),
      key.slice(0, -1),
      `Bearer ${key}`,
    ]
    for (const [path, method, body] of ENDPOINTS) {
      for (const wrong of wrongKeys) {
        const answer = await adminCall(path, method, wrong, body)
        expect(answer.status, `${method} ${path} with ${JSON.stringify(wrong)}`).toBe(401)
        expect(answer.text).toMatch(/x-emulator-admin-key/)
        expect(answer.text).not.toContain('"requests"')
      }
    }
    // Nothing changed: the faults are the ones set with the key, the rows are still there.
    const faults = JSON.parse((await adminCall('faults', 'GET', key)).text) as {
      settings: unknown
    }
    expect(faults.settings).toEqual({ latencyMs: 1 })
    expect((await tableFigures(handle, 'admin-check')).rows).toBe(3)
    expect((await readCounters(handle)).byStatus['204']).toBe(3)
  })

  it('works with the key, and the health probe needs none', async () => {
    const key = handle.info.adminKey
    for (const [path, method, body] of ENDPOINTS) {
      const answer = await adminCall(path, method, key, body)
      expect(answer.status, `${method} ${path}`).toBeLessThan(300)
    }
    expect((await adminCall('health', 'GET', undefined)).status).toBe(200)
    // The reset above, made with the key, did delete the rows.
    expect((await tableFigures(handle, 'admin-check')).rows).toBe(0)
  })
})
