import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppContext, type AppContext } from '../../electron/core/app-context'
import { dispatchInvoke } from '../../electron/core/ipc/dispatch'
import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../shared/ipc/contract'
import type { FileEntry } from '../../shared/models/files'
import type { Result } from '../../shared/util/result'
import {
  CSV_MAPPING,
  NDJSON_MAPPING,
  STREAM,
  STREAM_COLUMNS,
  writeEventsCsv,
  writeEventsNdjson,
} from './jobs-helpers'

/*
 * Files, previews, auto-matching, dry runs and profiles through the contract (dispatchInvoke),
 * on real files in a temp folder. No Azure is involved: nothing here sends.
 */

let dir: string
let ctx: AppContext
let browserCtx: AppContext
const progress: unknown[] = []

async function call<C extends InvokeChannel>(
  channel: C,
  payload?: InvokeRequest<C>,
  context: AppContext = ctx,
): Promise<Result<InvokeResponse<C>>> {
  return (await dispatchInvoke(
    context.handlers,
    channel,
    payload,
    { clientId: 't' },
    context.logger,
  )) as Result<InvokeResponse<C>>
}

async function ok<C extends InvokeChannel>(
  channel: C,
  payload?: InvokeRequest<C>,
): Promise<InvokeResponse<C>> {
  const result = await call(channel, payload)
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.detail ?? ''}`)
  return result.value
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-files-'))
  ctx = await createAppContext({
    host: 'electron',
    dataDir: join(dir, 'data'),
    version: 'test',
    env: {},
  })
  browserCtx = await createAppContext({
    host: 'browser',
    dataDir: join(dir, 'data-browser'),
    version: 'test',
    env: {},
  })
  ctx.events.subscribe((event, payload) => {
    if (event === 'mapping:dry-run-progress') progress.push(payload)
  })
})

afterAll(async () => {
  await ctx?.shutdown()
  await browserCtx?.shutdown()
  await rm(dir, { recursive: true, force: true })
})

describe('registering files', () => {
  let csv: FileEntry
  let ndjson: FileEntry

  it('adds dropped files by path and says what each is', async () => {
    await writeEventsCsv(join(dir, 'events.csv'), 50, 'reg', new Set([3, 7]))
    await writeEventsNdjson(join(dir, 'events.ndjson'), 40, 'reg', new Set([5]))
    await writeFile(
      join(dir, 'events.json.gz'),
      gzipSync(
        JSON.stringify([
          { a: 1, b: 'x' },
          { a: 2, b: 'y' },
        ]),
      ),
    )
    await writeFile(join(dir, 'image.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]))
    await writeFile(join(dir, 'empty.csv'), '')
    await writeFile(join(dir, 'notes.txt'), 'just some words\nand more words\n')
    const entries = await ok('files:add', {
      paths: [
        'events.csv',
        'events.ndjson',
        'events.json.gz',
        'image.bin',
        'empty.csv',
        'notes.txt',
      ].map((n) => join(dir, n)),
    })
    const [a, b, c, bin, empty, notes] = entries as [
      FileEntry,
      FileEntry,
      FileEntry,
      FileEntry,
      FileEntry,
      FileEntry,
    ]
    csv = a
    ndjson = b
    expect(csv).toMatchObject({
      name: 'events.csv',
      origin: 'local',
      rejection: null,
      detected: { format: 'csv', delimiter: ',', encoding: 'utf-8', gzip: false },
      headers: ['timestamp', 'host', 'level', 'bytes', 'duration_ms', 'success', 'message'],
    })
    expect(csv.size).toBeGreaterThan(1000)
    expect(csv.headerSignature).toMatch(/^h1-[0-9a-f]{16}$/)
    expect(ndjson.detected?.format).toBe('ndjson')
    expect(ndjson.headers).toEqual(['ts', 'host', 'severity', 'size', 'detail', 'ok', 'props'])
    expect(c.detected).toMatchObject({ format: 'json', gzip: true })
    expect(c.rejection).toBeNull()
    expect(bin.rejection?.code).toBe('parse/binary-file')
    expect(bin.rejection?.message).toMatch(/not a text file/)
    expect(empty.rejection?.code).toBe('parse/empty-file')
    expect(notes.rejection?.code).toBe('files/unknown-format')
    expect((await ok('files:list')).map((e) => e.name)).toEqual([
      'events.csv',
      'events.ndjson',
      'events.json.gz',
      'image.bin',
      'empty.csv',
      'notes.txt',
    ])
  })

  it('refuses ids that were never registered, and paths in the browser host', async () => {
    const unknown = await call('files:preview', { fileId: 'f-000000000000000000000000' })
    expect(!unknown.ok && unknown.error.code).toBe('files/not-registered')
    const browserAdd = await call('files:add', { paths: [join(dir, 'events.csv')] }, browserCtx)
    expect(!browserAdd.ok && browserAdd.error.code).toBe('files/paths-unavailable')
    const pick = await call('files:pick', {}, browserCtx)
    expect(!pick.ok && pick.error.code).toBe('files/pick-unavailable')
    const relative = await ok('files:add', { paths: ['events.csv'] })
    expect(relative[0]?.rejection?.code).toBe('files/not-a-file')
    const folder = await ok('files:add', { paths: [dir] })
    expect(folder[0]?.rejection?.code).toBe('files/not-a-file')
  })

  it('registers what the native dialog picked', async () => {
    const asked: boolean[] = []
    const withDialog = await createAppContext({
      host: 'electron',
      dataDir: join(dir, 'data-dialog'),
      version: 'test',
      env: {},
      pickFiles: async ({ multiple }) => {
        asked.push(multiple)
        return multiple ? [join(dir, 'events.csv'), join(dir, 'events.ndjson')] : []
      },
    })
    try {
      const picked = await call('files:pick', { multiple: true }, withDialog)
      expect(picked.ok && picked.value.map((e) => [e.name, e.rejection])).toEqual([
        ['events.csv', null],
        ['events.ndjson', null],
      ])
      expect(await call('files:pick', { multiple: false }, withDialog)).toEqual({
        ok: true,
        value: [],
      })
      expect(asked).toEqual([true, false])
    } finally {
      await withDialog.shutdown()
    }
  })

  it('registers the same path once and lets the person force a format', async () => {
    const again = await ok('files:add', { paths: [join(dir, 'events.csv')] })
    expect(again[0]?.id).toBe(csv.id)
    const notes = (await ok('files:list')).find((e) => e.name === 'notes.txt') as FileEntry
    const forced = await ok('files:set-options', {
      fileId: notes.id,
      options: { format: 'csv', delimiter: ' ' },
    })
    expect(forced.rejection).toBeNull()
    expect(forced.detected?.delimiter).toBe(' ')
    expect(forced.options).toEqual({ format: 'csv', delimiter: ' ' })
    expect(forced.headers).toEqual(['just', 'some', 'words'])
  })

  it('previews CSV with inferred types and NDJSON with its bad line', async () => {
    const preview = await ok('files:preview', { fileId: csv.id, limit: 20 })
    expect(preview.records).toHaveLength(20)
    expect(preview.truncated).toBe(true)
    expect(preview.lines[0]).toBe(2)
    expect(preview.records[0]?.['message']).toBe('reg row 0, ok')
    const types = Object.fromEntries(preview.columns.map((c) => [c.name, c.guess.type]))
    expect(types).toMatchObject({
      timestamp: 'datetime',
      level: 'int',
      bytes: 'int',
      success: 'boolean',
      message: 'string',
    })
    const nd = await ok('files:preview', { fileId: ndjson.id })
    expect(nd.records).toHaveLength(39)
    expect(nd.truncated).toBe(false)
    expect(nd.problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'parse/ndjson-invalid-line', line: 6 }),
    ])
    expect(nd.records[0]?.['detail']).toEqual({ msg: 'reg event 0', ms: 0 })
  })

  it('suggests a mapping, nested JSON paths included', async () => {
    const result = await ok('mapping:suggest', {
      fileId: ndjson.id,
      stream: STREAM,
      streamColumns: STREAM_COLUMNS,
    })
    const by = Object.fromEntries(result.suggestions.map((s) => [s.column, s]))
    expect(by['Host']).toMatchObject({ source: 'host', match: 'case-insensitive' })
    expect(by['Time']).toMatchObject({ source: 'ts', match: 'synonym' })
    expect(by['Message']).toMatchObject({ source: 'detail.msg' })
    // Too far apart to guess (the person picks it): no match is better than a wrong one.
    expect(by['Properties']).toMatchObject({ source: null, match: 'none', confidence: 0 })
    expect(result.sourceColumns).toContain('detail.ms')
    expect(result.draft.stream).toBe(STREAM)
    // A nested source reads through the objects, not as one key with a dot.
    expect(result.draft.columns['Message']?.source).toEqual({ kind: 'field', path: 'detail.msg' })
    expect(result.draft.columns['Host']?.source).toEqual({ kind: 'field', path: ['host'] })
  })

  it('dry-runs a whole file in a worker: failures by column, dropped fields, requests', async () => {
    progress.length = 0
    const result = await ok('mapping:dry-run', {
      fileId: csv.id,
      mapping: CSV_MAPPING,
      streamColumns: STREAM_COLUMNS,
    })
    expect(result).toMatchObject({
      records: 50,
      valid: 48,
      failed: 2,
      failedByCause: { validation: 2 },
      cancelled: false,
    })
    expect(result.failedByColumn).toEqual([
      expect.objectContaining({ column: 'Level', code: 'mapping/coercion-failed', count: 2 }),
    ])
    expect(result.failedByColumn[0]?.examples.map((e) => e.line)).toEqual([5, 9])
    expect(result.requests).toBe(1)
    expect(result.droppedFields.total).toBe(0)
    expect(progress.length).toBeGreaterThan(0)

    const nd = await ok('mapping:dry-run', {
      fileId: ndjson.id,
      mapping: { ...NDJSON_MAPPING, columns: { Message: NDJSON_MAPPING.columns.Message } },
      streamColumns: STREAM_COLUMNS,
    })
    expect(nd).toMatchObject({ records: 40, valid: 39, failed: 1, parseErrors: { count: 1 } })
    expect(nd.parseErrors.examples[0]?.line).toBe(6)
    // Every record drops ts, host, severity, size, ok and props.
    expect(nd.droppedFields.total).toBe(39 * 6)
    expect(nd.droppedFields.byField.map((f) => f.field).sort()).toEqual([
      'host',
      'ok',
      'props',
      'severity',
      'size',
      'ts',
    ])
  })

  it('stops a dry run when asked, and when a newer one of the same file starts', async () => {
    await writeEventsNdjson(join(dir, 'large.ndjson'), 150_000, `large ${'pad '.repeat(20)}`)
    const [large] = await ok('files:add', { paths: [join(dir, 'large.ndjson')] })
    const fileId = (large as FileEntry).id
    const first = call('mapping:dry-run', { fileId, mapping: NDJSON_MAPPING })
    const second = call('mapping:dry-run', { fileId, mapping: NDJSON_MAPPING })
    const firstResult = await first
    expect(firstResult.ok && firstResult.value.cancelled).toBe(true)
    expect(await ok('mapping:dry-run-cancel', { fileId })).toEqual({ cancelled: true })
    const secondResult = await second
    expect(secondResult.ok && secondResult.value.cancelled).toBe(true)
    expect(secondResult.ok && secondResult.value.records).toBeLessThan(150_000)
    expect(await ok('mapping:dry-run-cancel', { fileId })).toEqual({ cancelled: false })
  })

  it('refuses a mapping that names a column the stream lacks', async () => {
    const result = await call('mapping:dry-run', {
      fileId: csv.id,
      mapping: {
        ...CSV_MAPPING,
        columns: { ...CSV_MAPPING.columns, level: CSV_MAPPING.columns.Level },
      },
      streamColumns: STREAM_COLUMNS,
    })
    expect(!result.ok && result.error.code).toBe('upload/mapping-invalid')
    expect(!result.ok && result.error.detail).toMatch(/has Level: column names are case-sensitive/)
  })
})

describe('mapping profiles', () => {
  it('saves a profile and finds it for a file with the same headers, in any order', async () => {
    const csv = (await ok('files:list')).find((e) => e.name === 'events.csv') as FileEntry
    const saved = await ok('profiles:save', {
      name: 'Web events',
      mapping: CSV_MAPPING,
      fileId: csv.id,
    })
    expect(saved).toMatchObject({
      name: 'Web events',
      stream: STREAM,
      headerSignature: csv.headerSignature,
    })
    const stored = JSON.parse(
      await readFile(join(dir, 'data', 'profiles', `${saved.id}.json`), 'utf8'),
    ) as { mapping: { columns: Record<string, { source: { path: string } }> } }
    expect(stored.mapping.columns['Level']?.source.path).toBe('level')

    // The same columns, shuffled and in other case, in another file.
    await writeFile(
      join(dir, 'other.csv'),
      'Host,TIMESTAMP,level,bytes,duration_ms,success,message\nweb-1,2024-01-01T00:00:00Z,1,2,3,true,hi\n',
    )
    const [other] = await ok('files:add', { paths: [join(dir, 'other.csv')] })
    expect(other?.profileMatch).toMatchObject({ profileId: saved.id, score: 1, name: 'Web events' })
    const matches = await ok('profiles:match', { fileId: (other as FileEntry).id })
    expect(matches[0]).toMatchObject({
      score: 1,
      missingHeaders: [],
      extraHeaders: [],
      unmappedColumns: [],
    })

    // Most columns in common: a partial match that names what is missing.
    await writeFile(
      join(dir, 'partial.csv'),
      'timestamp,host,level,bytes,duration_ms,success,text\nx,y,1,2,3,true,z\n',
    )
    const [partial] = await ok('files:add', { paths: [join(dir, 'partial.csv')] })
    const partialMatches = await ok('profiles:match', { fileId: (partial as FileEntry).id })
    expect(partialMatches[0]?.score).toBeCloseTo(0.75, 2)
    expect(partialMatches[0]).toMatchObject({
      missingHeaders: ['message'],
      extraHeaders: ['text'],
      unmappedColumns: ['Message'],
    })

    expect((await ok('profiles:list')).map((p) => p.id)).toEqual([saved.id])
    expect(await ok('profiles:delete', { id: saved.id })).toEqual({ deleted: true })
    expect(await ok('profiles:delete', { id: saved.id })).toEqual({ deleted: false })
    expect(await ok('profiles:list')).toEqual([])
  })

  it('exports a mapping file in the CLI format as a one-time download (no save dialog)', async () => {
    const outcome = await ok('mapping:export', { mapping: CSV_MAPPING })
    expect(outcome).toMatchObject({ kind: 'download', fileName: `${STREAM}.mapping.json` })
    if (outcome.kind !== 'download') return
    const token = outcome.url.replace(/^exports\//, '')
    const taken = ctx.downloads.take(token)
    expect(taken).toBeDefined()
    const text = await readFile(taken?.path as string, 'utf8')
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      stream: STREAM,
      columns: { Level: { type: 'int' } },
    })
    await taken?.done()
    expect(ctx.downloads.take(token)).toBeUndefined()
  })
})
