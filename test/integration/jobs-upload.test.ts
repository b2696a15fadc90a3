import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileEntry } from '../../shared/models/files'
import type { FailedRecordView, UploadProgress, UploadSummary } from '../../shared/models/history'
import {
  createTestBrowser,
  startEmulatorWorld,
  value,
  type EmulatorWorld,
  type TestApp,
  type TestBrowser,
} from '../helpers/auth-app-fixture'
import { countRows } from './engine-helpers'
import {
  appEventsTarget,
  createJobsApp,
  CSV_MAPPING,
  fileIn,
  mainWorkspaceId,
  NDJSON_MAPPING,
  nextWhere,
  signInAdele,
  STREAM_COLUMNS,
  TABLE,
  writeEventsCsv,
  writeEventsNdjson,
} from './jobs-helpers'

/*
 * The whole journey on the main side, through the contract and against the real emulator:
 * add a CSV and an NDJSON file, upload both (each with its own mapping), watch progress, work
 * on the failed records (group, edit, export, retry) and verify the landed rows through the
 * Log Analytics query API.
 */

let world: EmulatorWorld
let browser: TestBrowser
let app: TestApp
let exportDir: string
const MARKER = 'journeyupl'

beforeAll(async () => {
  world = await startEmulatorWorld()
  browser = createTestBrowser(world.emulator.caCertPem)
  exportDir = await mkdtemp(join(tmpdir(), 'logdrop-exports-'))
  app = await createJobsApp(world, {
    saveFile: async ({ defaultName }) => join(exportDir, defaultName),
  })
  await signInAdele(app, browser)
})

afterAll(async () => {
  await app?.close()
  await browser?.close()
  await world?.stop()
  await rm(exportDir, { recursive: true, force: true })
})

describe('an upload of two files with different mappings', () => {
  let csv: FileEntry
  let ndjson: FileEntry
  let jobId: string
  let summary: UploadSummary
  const progress: UploadProgress[] = []

  it('refuses to start with a file that was not added', async () => {
    const result = await app.invoke('jobs:start', {
      files: [{ fileId: 'f-0123456789abcdef01234567', mapping: CSV_MAPPING }],
      target: appEventsTarget(world.emulator),
    })
    expect(!result.ok && result.error.code).toBe('files/not-registered')
  })

  it('runs the connection check, uploads, reports progress and a summary', async () => {
    await writeEventsCsv(fileIn(world, 'web.csv'), 60, MARKER, new Set([10, 20]))
    await writeEventsNdjson(fileIn(world, 'api.ndjson'), 50, MARKER, new Set([7]))
    ;[csv, ndjson] = value(
      await app.invoke('files:add', {
        paths: [fileIn(world, 'web.csv'), fileIn(world, 'api.ndjson')],
      }),
    ) as [FileEntry, FileEntry]
    const unsubscribe = app.ctx.events.subscribe((event, payload) => {
      if (event === 'jobs:progress') progress.push(payload as UploadProgress)
    })
    const finished = nextWhere(app, 'jobs:finished', () => true)
    const started = value(
      await app.invoke('jobs:start', {
        files: [
          { fileId: csv.id, mapping: CSV_MAPPING },
          { fileId: ndjson.id, mapping: NDJSON_MAPPING },
        ],
        target: appEventsTarget(world.emulator),
        streamColumns: STREAM_COLUMNS,
        destination: { workspaceId: mainWorkspaceId(world.emulator), table: TABLE },
        label: 'Journey',
        options: { concurrency: 2 },
      }),
    )
    jobId = started.jobId
    expect(started.check.ready).toBe(true)
    summary = await finished
    unsubscribe()
    expect(summary).toMatchObject({
      jobId,
      label: 'Journey',
      state: 'completed-with-failures',
      records: { read: 110, accepted: 107, failed: 3, notSent: 0 },
      failedByCause: { validation: 2, parse: 1 },
      target: appEventsTarget(world.emulator),
    })
    expect(summary.files.map((f) => [f.name, f.recordsAccepted, f.recordsFailed, f.done])).toEqual([
      ['web.csv', 58, 2, true],
      ['api.ndjson', 49, 1, true],
    ])
    expect(progress.length).toBeGreaterThan(0)
    const last = progress.at(-1) as UploadProgress
    expect(last).toMatchObject({ jobId, recordsAccepted: 107, recordsFailed: 3 })
    expect(last.bytesTotal).toBe(csv.size + ndjson.size)
    expect(last.bytesWire).toBeGreaterThan(0)
    expect(await countRows(world.emulator, MARKER)).toBe(107)
  })

  it('lists the upload in history with its destination', async () => {
    const history = value(await app.invoke('history:list'))
    expect(history[0]).toMatchObject({
      jobId,
      label: 'Journey',
      state: 'completed-with-failures',
      resumable: false,
      hasFailed: true,
      files: [
        { name: 'web.csv', size: csv.size },
        { name: 'api.ndjson', size: ndjson.size },
      ],
      records: { accepted: 107, failed: 3 },
      destination: { workspaceId: mainWorkspaceId(world.emulator), table: TABLE },
    })
    expect(history[0]?.finishedAt).not.toBeNull()
  })

  let badRow: FailedRecordView

  it('groups failed records by cause and lists them with where they came from', async () => {
    const groups = value(await app.invoke('failed:summary', { jobId }))
    expect(groups).toMatchObject({ total: 3, edited: 0 })
    expect(groups.groups.map((g) => [g.cause, g.count])).toEqual([
      ['validation', 2],
      ['parse', 1],
    ])
    const page = value(
      await app.invoke('failed:list', { jobId, cause: 'validation', offset: 0, limit: 10 }),
    )
    expect(page.total).toBe(2)
    expect(page.records.map((r) => [r.fileName, r.line, r.fileIndex])).toEqual([
      ['web.csv', 12, 0],
      ['web.csv', 22, 0],
    ])
    badRow = page.records[0] as FailedRecordView
    expect(badRow.source).toMatchObject({ level: 'high', message: `${MARKER} row 10, ok` })
    expect(badRow.message).toMatch(/Level/)
    const parse = value(
      await app.invoke('failed:list', { jobId, cause: 'parse', offset: 0, limit: 10 }),
    )
    expect(parse.records[0]).toMatchObject({
      fileName: 'api.ndjson',
      fileIndex: 1,
      line: 8,
      cause: 'parse',
    })
    const second = value(await app.invoke('failed:list', { jobId, offset: 1, limit: 1 }))
    expect(second).toMatchObject({ total: 3, offset: 1 })
    expect(second.records).toHaveLength(1)
  })

  it('revalidates an edited record with the stream rules and keeps it only when valid', async () => {
    const source = badRow.source as Record<string, string>
    const field = (name: string) => source[name] ?? ''
    const edited: Record<string, string | number> = {
      Time: field('timestamp'),
      Host: field('host'),
      Level: 'very high',
      Bytes: field('bytes'),
      DurationMs: field('duration_ms'),
      Success: field('success'),
      Message: `${field('message')} fixed`,
      level: 3,
    }
    const invalid = value(
      await app.invoke('failed:update', { jobId, recordId: badRow.id, record: edited }),
    )
    expect(invalid.valid).toBe(false)
    if (invalid.valid) return
    expect(invalid.issues.map((i) => [i.column, i.code])).toEqual([
      ['level', 'mapping/unknown-column'],
      ['Level', 'mapping/coercion-failed'],
    ])
    const rest = { ...edited }
    delete rest['level']
    const valid = value(
      await app.invoke('failed:update', {
        jobId,
        recordId: badRow.id,
        record: { ...rest, Level: '4' },
      }),
    )
    expect(valid).toMatchObject({
      valid: true,
      record: { Level: 4, Bytes: Number(source['bytes']), Success: true },
    })
    expect(value(await app.invoke('failed:summary', { jobId })).edited).toBe(1)
    const listed = value(
      await app.invoke('failed:list', { jobId, cause: 'validation', offset: 0, limit: 1 }),
    )
    expect(listed.records[0]?.edited).toMatchObject({ Level: 4 })
    const missing = await app.invoke('failed:update', { jobId, recordId: '0:0:999', record: rest })
    expect(!missing.ok && missing.error.code).toBe('failed/record-not-found')
  })

  it('exports failed records as NDJSON and CSV through the save dialog', async () => {
    const nd = value(await app.invoke('failed:export', { jobId, format: 'ndjson' }))
    expect(nd).toMatchObject({ kind: 'saved', records: 3 })
    const lines = (await readFile(join(exportDir, `failed-${jobId}.ndjson`), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines.map((l) => [l['id'], l['file'], l['cause']])).toEqual([
      [badRow.id, 'web.csv', 'validation'],
      [expect.any(String), 'web.csv', 'validation'],
      [expect.any(String), 'api.ndjson', 'parse'],
    ])
    expect(lines[0]?.['edited']).toMatchObject({ Level: 4 })
    expect(lines[2]?.['source']).toBe('{"ts": "broken 7"')

    const csvOut = value(
      await app.invoke('failed:export', { jobId, format: 'csv', cause: 'validation' }),
    )
    expect(csvOut).toMatchObject({ kind: 'saved', records: 2 })
    const text = await readFile(join(exportDir, `failed-${jobId}.csv`), 'utf8')
    const rows = text.split('\r\n').filter((r) => r !== '')
    expect(rows[0]).toBe(
      'id,file,line,ordinal,cause,status,code,message,requestId,clientRequestId,time,source,mapped,edited',
    )
    expect(rows).toHaveLength(3)
    expect(rows[1]?.startsWith(`${badRow.id},web.csv,12,10,validation,`)).toBe(true)
    expect(rows[1]).toContain('""Level"":4')
  })

  let retryId: string

  it('retries the edited record as a new upload', async () => {
    const finished = nextWhere(app, 'jobs:finished', (s) => s.jobId !== jobId)
    const retry = value(await app.invoke('failed:retry', { jobId, recordIds: [badRow.id] }))
    expect(retry).toMatchObject({ records: 1, skipped: 0 })
    retryId = retry.jobId
    const done = await finished
    expect(done).toMatchObject({
      jobId: retryId,
      state: 'completed',
      records: { accepted: 1, failed: 0 },
    })
    expect(await countRows(world.emulator, `${MARKER} row 10, ok fixed`)).toBe(1)
    const history = value(await app.invoke('history:list'))
    expect(history.map((h) => h.jobId)).toEqual([retryId, jobId])
    expect(history[0]).toMatchObject({
      retryOf: jobId,
      label: 'Retry of Journey',
      state: 'completed',
    })
  })

  it('verifies each upload landed through the query API', async () => {
    const verified = value(await app.invoke('history:verify', { jobId }))
    expect(verified).toMatchObject({
      jobId,
      landed: 107,
      expected: 107,
      table: TABLE,
      overlapping: [],
    })
    expect(verified.query).toMatch(/^AppEvents_CL \| where .*_TimeReceived between .* \| count$/)
    expect(verified.note).toMatch(/brand-new table can take minutes/)
    const retried = value(await app.invoke('history:verify', { jobId: retryId }))
    expect(retried).toMatchObject({ landed: 1, expected: 1 })
  })
})
