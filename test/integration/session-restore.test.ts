import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppContext, type AppContext } from '../../electron/core/app-context'
import { dispatchInvoke } from '../../electron/core/ipc/dispatch'
import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../shared/ipc/contract'
import type { Result } from '../../shared/util/result'
import { CSV_MAPPING, writeEventsCsv } from './jobs-helpers'

/*
 * The session (target, mapping edits, the upload shown, the files) across a host restart: two
 * app contexts on one data folder, the first shut down before the second starts, through the
 * contract. Nothing here sends.
 */

let dir: string
const contexts: AppContext[] = []

const TARGET = {
  endpoint: 'https://logs.example.com',
  dcrImmutableId: 'dcr-0123456789abcdef0123456789abcdef',
  streamName: 'Custom-AppEvents',
}

async function start(name = 'data'): Promise<AppContext> {
  const ctx = await createAppContext({
    host: 'electron',
    dataDir: join(dir, name),
    version: 'test',
    env: {},
  })
  contexts.push(ctx)
  return ctx
}

async function ok<C extends InvokeChannel>(
  ctx: AppContext,
  channel: C,
  payload?: InvokeRequest<C>,
): Promise<InvokeResponse<C>> {
  const result = (await dispatchInvoke(
    ctx.handlers,
    channel,
    payload,
    { clientId: 't' },
    ctx.logger,
  )) as Result<InvokeResponse<C>>
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.detail ?? ''}`)
  return result.value
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-session-'))
})

afterAll(async () => {
  for (const ctx of contexts) await ctx.shutdown()
  await rm(dir, { recursive: true, force: true })
})

describe('the session across a host restart', () => {
  it('keeps the target, the mapping edits, the upload shown and the files under their ids', async () => {
    const kept = join(dir, 'kept.csv')
    const gone = join(dir, 'gone.csv')
    await writeEventsCsv(kept, 3, 'kept')
    await writeEventsCsv(gone, 3, 'gone')
    const first = await start()
    const added = await ok(first, 'files:add', { paths: [kept, gone] })
    await ok(first, 'files:set-options', { fileId: added[0]!.id, options: { delimiter: ',' } })
    await ok(first, 'session:update', {
      target: { target: TARGET, label: 'my-dcr', source: 'manual', dcrId: null },
      mappings: { shape: { key: 'stream+headers', mapping: CSV_MAPPING } },
      uploadJobId: 'job-1',
    })
    await first.shutdown()
    contexts.splice(contexts.indexOf(first), 1)
    await rm(gone)

    const second = await start()
    const session = await ok(second, 'session:get')
    expect(session.target).toEqual({
      target: TARGET,
      label: 'my-dcr',
      source: 'manual',
      dcrId: null,
    })
    expect(session.mappings['shape']?.mapping.columns['Message']).toEqual(
      CSV_MAPPING.columns.Message,
    )
    expect(session.uploadJobId).toBe('job-1')
    const files = await ok(second, 'files:list')
    expect(files.map((f) => f.id)).toEqual(added.map((f) => f.id))
    expect(files[0]).toMatchObject({
      name: 'kept.csv',
      rejection: null,
      options: { delimiter: ',' },
    })
    // A file that went away comes back saying so, not silently dropped.
    expect(files[1]).toMatchObject({ name: 'gone.csv', rejection: { code: 'files/unreadable' } })
  })

  it('clears a field with null and rejects a patch that does not pass the schema', async () => {
    const ctx = await start('data-clear')
    await ok(ctx, 'session:update', { uploadJobId: 'job-2' })
    expect((await ok(ctx, 'session:update', { uploadJobId: null })).uploadJobId).toBeNull()
    const bad = await dispatchInvoke(
      ctx.handlers,
      'session:update',
      {
        target: {
          target: { ...TARGET, endpoint: 'http://x' },
          label: 'x',
          source: 'manual',
          dcrId: null,
        },
      },
      { clientId: 't' },
      ctx.logger,
    )
    expect(bad.ok).toBe(false)
    expect((await ok(ctx, 'session:get')).target).toBeNull()
  })

  it('starts an empty session when session.json is not valid', async () => {
    const dataDir = join(dir, 'data-bad')
    const ctx0 = await start('data-bad')
    await ctx0.shutdown()
    contexts.splice(contexts.indexOf(ctx0), 1)
    await writeFile(join(dataDir, 'session.json'), '{"version": 1, "session": 42}')
    const ctx = await start('data-bad')
    expect(await ok(ctx, 'session:get')).toEqual({ target: null, mappings: {}, uploadJobId: null })
    expect(await ok(ctx, 'files:list')).toEqual([])
  })
})
