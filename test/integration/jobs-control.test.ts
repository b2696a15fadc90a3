import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FileEntry } from '../../shared/models/files'
import type { UploadProgress } from '../../shared/models/history'
import {
  createTestBrowser,
  startEmulatorWorld,
  value,
  type EmulatorWorld,
  type TestApp,
  type TestBrowser,
} from '../helpers/auth-app-fixture'
import { countRows, setFaults } from './engine-helpers'
import {
  appEventsTarget,
  createJobsApp,
  fileIn,
  mainWorkspaceId,
  NDJSON_MAPPING,
  nextWhere,
  signInAdele,
  STREAM_COLUMNS,
  TABLE,
  writeEventsNdjson,
} from './jobs-helpers'

/*
 * Pause, resume and cancel of a running upload, and an upload that survives a restart of the
 * app's services: every count is checked through the query API.
 */

let world: EmulatorWorld
let browser: TestBrowser
let app: TestApp

/** Enough records for several requests of about 1 MB. */
const RECORDS = 12_000

beforeAll(async () => {
  world = await startEmulatorWorld()
  browser = createTestBrowser(world.emulator.caCertPem)
  app = await createJobsApp(world)
  await signInAdele(app, browser)
})

afterAll(async () => {
  await setFaults(world.emulator, {}).catch(() => undefined)
  await app?.close()
  await browser?.close()
  await world?.stop()
})

/** Adds an NDJSON file of RECORDS events with the marker, padded so requests fill up. */
async function addEvents(target: TestApp, name: string, marker: string): Promise<FileEntry> {
  await writeEventsNdjson(fileIn(world, name), RECORDS, `${marker} ${'pad '.repeat(40)}`)
  const [entry] = value(await target.invoke('files:add', { paths: [fileIn(world, name)] }))
  return entry as FileEntry
}

async function start(target: TestApp, file: FileEntry): Promise<string> {
  const accountId = value(await target.invoke('auth:get-state')).activeAccountId
  return value(
    await target.invoke('jobs:start', {
      files: [{ fileId: file.id, mapping: NDJSON_MAPPING }],
      target: appEventsTarget(world.emulator),
      streamColumns: STREAM_COLUMNS,
      destination: { workspaceId: mainWorkspaceId(world.emulator), table: TABLE },
      options: { concurrency: 1 },
      ...(accountId === null ? {} : { accountId }),
    }),
  ).jobId
}

/** The first progress event of an upload after at least one request was acknowledged. */
function firstAck(target: TestApp, jobId: string): Promise<UploadProgress> {
  return nextWhere(target, 'jobs:progress', (p) => p.jobId === jobId && p.recordsAccepted > 0)
}

describe('controlling a running upload', () => {
  it('pauses, resumes and finishes', async () => {
    await setFaults(world.emulator, { latencyMs: 250 })
    const file = await addEvents(app, 'pause.ndjson', 'pausecase')
    const jobId = await start(app, file)
    await firstAck(app, jobId)
    const paused = nextWhere(app, 'jobs:progress', (p) => p.jobId === jobId && p.state === 'paused')
    expect(value(await app.invoke('jobs:pause', { jobId }))).toEqual({ jobId, state: 'paused' })
    await paused
    expect(value(await app.invoke('jobs:active')).map((p) => [p.jobId, p.state])).toEqual([
      [jobId, 'paused'],
    ])
    // Requests in flight finish; after that nothing more is accepted while paused.
    await new Promise((r) => setTimeout(r, 700))
    const held = value(await app.invoke('jobs:active'))[0]?.recordsAccepted
    await new Promise((r) => setTimeout(r, 800))
    expect(value(await app.invoke('jobs:active'))[0]?.recordsAccepted).toBe(held)
    expect(held).toBeLessThan(RECORDS)

    await setFaults(world.emulator, {})
    const finished = nextWhere(app, 'jobs:finished', (s) => s.jobId === jobId)
    expect(value(await app.invoke('jobs:resume', { jobId })).state).toBe('running')
    const summary = await finished
    expect(summary).toMatchObject({ state: 'completed', records: { accepted: RECORDS, failed: 0 } })
    expect(await countRows(world.emulator, 'pausecase')).toBe(RECORDS)
    const control = await app.invoke('jobs:pause', { jobId })
    expect(!control.ok && control.error.code).toBe('jobs/not-running')
  })

  it('cancels; the cancelled upload resumes from history without sending twice', async () => {
    await setFaults(world.emulator, { latencyMs: 250 })
    const file = await addEvents(app, 'cancel.ndjson', 'cancelcase')
    const jobId = await start(app, file)
    await firstAck(app, jobId)
    const cancelled = nextWhere(app, 'jobs:finished', (s) => s.jobId === jobId)
    value(await app.invoke('jobs:cancel', { jobId }))
    const first = await cancelled
    expect(first.state).toBe('cancelled')
    expect(first.records.accepted).toBeGreaterThan(0)
    expect(first.records.accepted).toBeLessThan(RECORDS)
    const listed = value(await app.invoke('history:list')).find((h) => h.jobId === jobId)
    expect(listed).toMatchObject({ state: 'cancelled', resumable: true })

    await setFaults(world.emulator, {})
    const finished = nextWhere(app, 'jobs:finished', (s) => s.jobId === jobId)
    value(await app.invoke('history:resume', { jobId }))
    const second = await finished
    expect(second).toMatchObject({ state: 'completed', records: { accepted: RECORDS } })
    expect(second.records.skipped).toBeGreaterThan(0)
    const rows = await countRows(world.emulator, 'cancelcase')
    expect(rows).toBeGreaterThanOrEqual(RECORDS)
    expect(rows - RECORDS).toBeLessThanOrEqual(second.duplicatesPossible.records)
    const again = await app.invoke('history:resume', { jobId })
    expect(!again.ok && again.error.code).toBe('jobs/not-resumable')
  })
})

describe('an upload interrupted by a restart', () => {
  it('is listed as interrupted after the restart, resumes, and neither loses nor repeats a record', async () => {
    await setFaults(world.emulator, { latencyMs: 250 })
    const file = await addEvents(app, 'restart.ndjson', 'restartcase')
    const jobId = await start(app, file)
    await firstAck(app, jobId)
    // The services shut down mid-upload, as when the host restarts.
    await app.close()
    await setFaults(world.emulator, {})

    app = await createJobsApp(world)
    const before = value(await app.invoke('history:list')).find((h) => h.jobId === jobId)
    expect(before).toMatchObject({
      state: 'interrupted',
      resumable: true,
      files: [{ name: 'restart.ndjson' }],
    })
    expect(value(await app.invoke('jobs:active'))).toEqual([])

    // The memory token cache is gone with the old services: the upload's account is gone, which
    // the renderer turns into "sign in again"; then the resume goes through.
    const signedOut = await app.invoke('history:resume', { jobId })
    expect(!signedOut.ok && signedOut.error.code).toBe('auth/account-gone')
    expect(!signedOut.ok && signedOut.error.message).toMatch(/Sign in again/)
    await signInAdele(app, browser)
    const finished = nextWhere(app, 'jobs:finished', (s) => s.jobId === jobId)
    value(await app.invoke('history:resume', { jobId }))
    const summary = await finished
    expect(summary).toMatchObject({ state: 'completed', records: { accepted: RECORDS, failed: 0 } })
    expect(summary.records.skipped).toBeGreaterThan(0)

    // The shutdown let the requests in flight be answered before it stopped the job: the ledger
    // knows every request's outcome, so nothing could be sent twice.
    expect(summary.duplicatesPossible.records).toBe(0)
    const rows = await countRows(world.emulator, 'restartcase')
    expect(rows).toBe(RECORDS)
    const after = value(await app.invoke('history:list')).find((h) => h.jobId === jobId)
    expect(after).toMatchObject({ state: 'completed', resumable: false })
    const verified = value(await app.invoke('history:verify', { jobId }))
    expect(verified.expected).toBe(RECORDS)
    expect(verified.landed).toBe(rows)
  })
})
