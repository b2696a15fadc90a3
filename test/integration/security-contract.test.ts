import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppContext, type AppContext } from '../../electron/core/app-context'
import { dispatchInvoke, type InvokeHandlers } from '../../electron/core/ipc/dispatch'
import { INVOKE_CHANNELS } from '../../shared/ipc/contract'
import { listFiles } from '../helpers/secret-scan'

/*
 * Contract payloads that fail validation are rejected with an error and never acted on: every
 * channel of INVOKE gets junk and answers `ipc/invalid-payload` without its handler running;
 * unknown channels answer `ipc/unknown-channel`; and nothing the app keeps changes.
 */

let dir: string
let ctx: AppContext
/** The real handlers, wrapped to count calls: a refused payload must never reach one. */
let handlers: InvokeHandlers
const calls: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-contract-'))
  ctx = await createAppContext({ host: 'electron', dataDir: dir, version: 'test', env: {} })
  handlers = new Proxy(ctx.handlers, {
    get(target, channel, receiver) {
      const handler = Reflect.get(target, channel, receiver) as unknown
      if (typeof handler !== 'function') return handler
      return (...args: unknown[]) => {
        calls.push(String(channel))
        return (handler as (...a: unknown[]) => unknown)(...args)
      }
    },
  })
})

afterAll(async () => {
  await ctx?.shutdown()
  await rm(dir, { recursive: true, force: true })
})

const call = (channel: unknown, payload: unknown) =>
  dispatchInvoke(handlers, channel, payload, { clientId: 'renderer' }, ctx.logger)

/** Payloads no channel accepts: wrong types, unknown keys, prototype games, huge values. */
const JUNK: ReadonlyArray<readonly [string, unknown]> = [
  ['a string', 'junk'],
  ['a number', 12_345],
  ['an array', [1, 2, 3]],
  ['null', null],
  ['an unknown key', { junk: true }],
  ['a prototype key', JSON.parse('{"__proto__": {"polluted": true}, "junk": 1}') as unknown],
  ['a path where an id belongs', { fileId: '../../etc/passwd', jobId: '../../etc', id: '/etc' }],
  ['a very long text', { message: 'x'.repeat(200_000), junk: 'y'.repeat(100_000) }],
]

/** What the app keeps, read through its own channels and from its data folder. */
async function snapshot() {
  const read = async (channel: string) => {
    const result = await dispatchInvoke(
      ctx.handlers,
      channel,
      undefined,
      { clientId: 's' },
      ctx.logger,
    )
    return result.ok ? result.value : result.error.code
  }
  const files: Record<string, number> = {}
  // Logs grow with every refusal (as they should); everything else must stay as it was.
  for (const file of await listFiles(dir, ['logs'])) {
    const info = await stat(join(dir, file))
    files[file] = info.mtimeMs + info.size
  }
  return {
    settings: await read('settings:get'),
    files: await read('files:list'),
    profiles: await read('profiles:list'),
    history: await read('history:list'),
    active: await read('jobs:active'),
    auth: await read('auth:get-state'),
    dataFolder: files,
  }
}

describe('the contract refuses what it cannot validate', () => {
  it('has channels to check', () => {
    expect(INVOKE_CHANNELS.length).toBeGreaterThan(40)
  })

  it.each(INVOKE_CHANNELS)(
    '%s: every junk payload → ipc/invalid-payload, handler not called',
    async (channel) => {
      const before = await snapshot()
      calls.length = 0
      for (const [label, payload] of JUNK) {
        const result = await call(channel, payload)
        expect(result.ok, `${channel} with ${label}`).toBe(false)
        if (!result.ok) {
          expect(result.error.code, `${channel} with ${label}`).toBe('ipc/invalid-payload')
          expect(result.error.message).toMatch(/./)
        }
      }
      expect(calls).toEqual([])
      expect(await snapshot()).toEqual(before)
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    },
  )

  it('answers unknown channels with ipc/unknown-channel and calls nothing', async () => {
    calls.length = 0
    for (const channel of [
      'fs:read',
      'shell:open-external',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'app:ping ',
      'APP:PING',
      '',
      42,
      null,
      undefined,
      { channel: 'app:ping' },
    ]) {
      const result = await call(channel, { path: '/etc/passwd' })
      const label = JSON.stringify(channel) ?? 'undefined'
      expect(result.ok, label).toBe(false)
      if (!result.ok) expect(result.error.code, label).toBe('ipc/unknown-channel')
    }
    expect(calls).toEqual([])
  })

  it('still acts on a valid payload (the wrapper sees the call)', async () => {
    calls.length = 0
    const result = await call('app:ping', { message: 'hello' })
    expect(result).toMatchObject({ ok: true, value: { message: 'hello' } })
    expect(calls).toEqual(['app:ping'])
  })
})
