import { cp, mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestBrowser,
  startEmulatorWorld,
  value,
  type EmulatorWorld,
  type TestApp,
  type TestBrowser,
} from '../helpers/auth-app-fixture'
import { countRows } from './engine-helpers'
import { appEventsTarget, createJobsApp, nextWhere, signInAdele } from './jobs-helpers'

/*
 * An upload journal of the layout before one upload was one job, written by that code (see
 * test/fixtures/old-layout-upload/README.md): two engine jobs (a CSV and an NDJSON file with
 * different mappings), the second cancelled by an app shutdown after 6,143 of its 9,000
 * records, and one edited failed record. It is joined into one job on first read and resumes.
 */

const FIXTURE = join(__dirname, '../fixtures/old-layout-upload')
const UPLOAD_ID = '20261207-130607-d06013'
const SECOND_JOB = '20261207-130607-95e028'

let world: EmulatorWorld
let browser: TestBrowser
let app: TestApp

/** Copies the fixture into the data folder with this emulator's endpoint and folder. */
async function installFixture(): Promise<void> {
  const target = appEventsTarget(world.emulator)
  const fill = (text: string) =>
    text
      .replaceAll('__DATA_DIR__', world.dataDir)
      .replaceAll('__ENDPOINT__', target.endpoint)
      .replaceAll('__DCR__', target.dcrImmutableId)
  for (const dir of ['jobs', 'uploads']) {
    await cp(join(FIXTURE, dir), join(world.dataDir, dir), { recursive: true })
  }
  for (const jobId of [UPLOAD_ID, SECOND_JOB]) {
    const failed = join(world.dataDir, 'jobs', jobId, 'failed.ndjson')
    await writeFile(failed, fill(await readFile(failed, 'utf8')))
    // The old job trusted the CA of the emulator it ran against; this one has its own.
    const job = join(world.dataDir, 'jobs', jobId, 'job.json')
    const definition = JSON.parse(fill(await readFile(job, 'utf8'))) as Record<string, unknown>
    await writeFile(job, JSON.stringify({ ...definition, caCertPem: world.emulator.caCertPem }))
  }
  const meta = join(world.dataDir, 'uploads', `${UPLOAD_ID}.json`)
  await writeFile(meta, fill(await readFile(meta, 'utf8')))
  // The sources as they were, down to the modification time (a resume refuses changed files).
  await cp(join(FIXTURE, 'web.csv'), join(world.dataDir, 'web.csv'))
  await writeFile(
    join(world.dataDir, 'api.ndjson'),
    gunzipSync(await readFile(join(FIXTURE, 'api.ndjson.gz'))),
  )
  const times = JSON.parse(await readFile(join(FIXTURE, 'source-times.json'), 'utf8')) as {
    mtimeMs: Record<string, number>
  }
  for (const [name, mtimeMs] of Object.entries(times.mtimeMs)) {
    await utimes(join(world.dataDir, name), mtimeMs / 1000, mtimeMs / 1000)
  }
}

beforeAll(async () => {
  world = await startEmulatorWorld()
  browser = createTestBrowser(world.emulator.caCertPem)
  await mkdir(world.dataDir, { recursive: true })
  await installFixture()
  app = await createJobsApp(world)
  await signInAdele(app, browser)
})

afterAll(async () => {
  await app?.close()
  await browser?.close()
  await world?.stop()
})

describe('an upload journal of the old layout (one job per mapping)', () => {
  it('is one upload in history, interrupted, with both files under their names', async () => {
    const history = value(await app.invoke('history:list'))
    expect(history.map((h) => h.jobId)).toEqual([UPLOAD_ID])
    expect(history[0]).toMatchObject({
      label: 'Old layout',
      state: 'interrupted',
      resumable: true,
      files: [{ name: 'web.csv' }, { name: 'api.ndjson' }],
    })
    // Joined once: the old files moved aside, nothing deleted.
    expect(await readdir(join(world.dataDir, 'jobs'))).toEqual([UPLOAD_ID])
    expect(await readdir(join(world.dataDir, 'uploads'))).toEqual([])
    expect((await readdir(join(world.dataDir, 'migrated-v1', 'jobs'))).sort()).toEqual(
      [SECOND_JOB, UPLOAD_ID].sort(),
    )
  })

  it('keeps the failed records of both jobs, renumbered by file, and the edit', async () => {
    const summary = value(await app.invoke('failed:summary', { jobId: UPLOAD_ID }))
    expect(summary).toMatchObject({ total: 3, edited: 1 })
    const page = value(await app.invoke('failed:list', { jobId: UPLOAD_ID, offset: 0, limit: 10 }))
    expect(page.records.map((r) => [r.id, r.fileName, r.fileIndex, r.line, r.cause])).toEqual([
      ['0:10', 'web.csv', 0, 12, 'validation'],
      ['0:20', 'web.csv', 0, 22, 'validation'],
      ['1:7', 'api.ndjson', 1, 8, 'parse'],
    ])
    expect(page.records[0]?.edited).toMatchObject({ Level: 3, Host: 'web-1' })
  })

  it('resumes: sends only what the old journal did not acknowledge', async () => {
    const finished = nextWhere(app, 'jobs:finished', (s) => s.jobId === UPLOAD_ID)
    value(await app.invoke('history:resume', { jobId: UPLOAD_ID }))
    const summary = await finished
    expect(summary).toMatchObject({
      state: 'completed-with-failures',
      records: { accepted: 58 + 6142 + 2857, failed: 3, skipped: 60 + 6143 },
    })
    expect(summary.files.map((f) => [f.name, f.done])).toEqual([
      ['web.csv', true],
      ['api.ndjson', true],
    ])
    // The records the old jobs had sent went to another emulator; only the rest arrive here.
    expect(await countRows(world.emulator, 'oldlayout')).toBe(2857)
  })

  it('is not joined again after a restart', async () => {
    await app.close()
    app = await createJobsApp(world)
    const history = value(await app.invoke('history:list'))
    expect(history.map((h) => [h.jobId, h.state])).toEqual([[UPLOAD_ID, 'completed-with-failures']])
  })
})
