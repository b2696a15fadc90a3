import { writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileEntry } from '../../shared/models/files'
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
  NDJSON_MAPPING,
  nextWhere,
  signInAdele,
  STREAM_COLUMNS,
  writeEventsCsv,
  writeEventsNdjson,
} from './jobs-helpers'

/*
 * The failed-record workbench on the main side, through the contract and against the real
 * emulator: failures split by cause, code and column, filtered by file, column and text, and
 * deleted one by one, by filter and as a whole store. Also: a record with nothing of the file
 * mapped is never sent.
 */

let world: EmulatorWorld
let browser: TestBrowser
let app: TestApp

beforeAll(async () => {
  world = await startEmulatorWorld()
  browser = createTestBrowser(world.emulator.caCertPem)
  app = await createJobsApp(world)
  await signInAdele(app, browser)
})

afterAll(async () => {
  await app?.close()
  await browser?.close()
  await world?.stop()
})

async function upload(
  files: ReadonlyArray<{ entry: FileEntry; mapping: unknown }>,
  label: string,
): Promise<string> {
  const finished = nextWhere(app, 'jobs:finished', (s) => s.label === label)
  const started = value(
    await app.invoke('jobs:start', {
      files: files.map((f) => ({ fileId: f.entry.id, mapping: f.mapping as typeof CSV_MAPPING })),
      target: appEventsTarget(world.emulator),
      streamColumns: STREAM_COLUMNS,
      label,
    }),
  )
  await finished
  return started.jobId
}

describe('the failed-record workbench', () => {
  let jobId: string

  it('splits failures by cause, code and column, and lists the files they came from', async () => {
    await writeEventsCsv(fileIn(world, 'bench.csv'), 40, 'benchwb', new Set([3, 9, 27]))
    await writeEventsNdjson(fileIn(world, 'bench.ndjson'), 20, 'benchwb', new Set([5]))
    const [csv, ndjson] = value(
      await app.invoke('files:add', {
        paths: [fileIn(world, 'bench.csv'), fileIn(world, 'bench.ndjson')],
      }),
    ) as [FileEntry, FileEntry]
    jobId = await upload(
      [
        { entry: csv, mapping: CSV_MAPPING },
        { entry: ndjson, mapping: NDJSON_MAPPING },
      ],
      'Workbench',
    )
    const summary = value(await app.invoke('failed:summary', { jobId }))
    expect(summary.total).toBe(4)
    expect(summary.kinds).toEqual([
      expect.objectContaining({
        cause: 'validation',
        code: 'mapping/coercion-failed',
        column: 'Level',
        count: 3,
      }),
      expect.objectContaining({ cause: 'parse', code: null, column: null, count: 1 }),
    ])
    expect(summary.files).toEqual([
      { fileIndex: 0, name: 'bench.csv', count: 3 },
      { fileIndex: 1, name: 'bench.ndjson', count: 1 },
    ])
  })

  it('filters by column, file and error text', async () => {
    const byColumn = value(
      await app.invoke('failed:list', { jobId, column: 'Level', code: 'mapping/coercion-failed' }),
    )
    expect(byColumn.total).toBe(3)
    expect(byColumn.records.every((r) => r.column === 'Level' && r.fileName === 'bench.csv')).toBe(
      true,
    )
    const byFile = value(await app.invoke('failed:list', { jobId, fileIndex: 1 }))
    expect(byFile.records.map((r) => [r.fileName, r.cause])).toEqual([['bench.ndjson', 'parse']])
    const text = byColumn.records[0]?.message.slice(0, 8).toUpperCase() ?? ''
    expect(value(await app.invoke('failed:list', { jobId, text })).total).toBe(3)
    expect(value(await app.invoke('failed:list', { jobId, text: 'no such words' })).total).toBe(0)
  })

  it('deletes one record, then a filter’s matches, then the whole store', async () => {
    const first = value(await app.invoke('failed:list', { jobId, column: 'Level', limit: 1 }))
    const id = first.records[0]?.id ?? ''
    expect(value(await app.invoke('failed:delete', { jobId, recordIds: [id] }))).toEqual({
      deleted: 1,
    })
    const left = value(await app.invoke('failed:list', { jobId }))
    expect(left.total).toBe(3)
    expect(left.records.some((r) => r.id === id)).toBe(false)
    expect(value(await app.invoke('failed:delete', { jobId, cause: 'parse' }))).toEqual({
      deleted: 1,
    })
    expect(value(await app.invoke('failed:delete', { jobId }))).toEqual({ deleted: 2 })
    const summary = value(await app.invoke('failed:summary', { jobId }))
    expect(summary).toMatchObject({ total: 0, groups: [], kinds: [], files: [] })
  })
})

describe('a file whose columns match nothing', () => {
  it('is never sent as empty records: every record fails, saying nothing of it was mapped', async () => {
    const path = fileIn(world, 'nomatch.csv')
    await writeFile(path, 'alpha,beta\r\none,two\r\nthree,four\r\n')
    const [entry] = value(await app.invoke('files:add', { paths: [path] })) as [FileEntry]
    const mapping = {
      ...CSV_MAPPING,
      columns: {
        Host: { source: { kind: 'field' as const, path: 'host' }, type: 'string' as const },
        Message: { source: { kind: 'field' as const, path: 'message' }, type: 'string' as const },
      },
      timePolicy: { column: 'Time', missing: 'service-time' as const },
    }
    const nomatch = await upload([{ entry, mapping }], 'No match')
    const summary = value(await app.invoke('failed:summary', { jobId: nomatch }))
    expect(summary.kinds).toEqual([
      expect.objectContaining({
        cause: 'validation',
        code: 'mapping/no-mapped-value',
        column: 'Host, Message',
        count: 2,
      }),
    ])
    expect(await countRows(world.emulator, 'three')).toBe(0)
  })
})
