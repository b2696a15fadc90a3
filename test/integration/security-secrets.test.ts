import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppContext, type AppContext } from '../../electron/core/app-context'
import { dispatchInvoke } from '../../electron/core/ipc/dispatch'
import type {
  EventName,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from '../../shared/ipc/contract'
import type { UploadSummary } from '../../shared/models/history'
import type { Result } from '../../shared/util/result'
import type { FaultSettings } from '../../emulator/data/faults/fault-settings'
import { setFaults } from '../../scripts/soak/emulator-client'
import { handleOf } from '../../scripts/soak/emulator-handle'
import { createAesGcmEncryptor } from '../helpers/aes-gcm-encryptor'
import {
  ADELE,
  createTestBrowser,
  startEmulatorWorld,
  type EmulatorWorld,
  type TestBrowser,
} from '../helpers/auth-app-fixture'
import {
  capturingEncryptor,
  scanText,
  scanTree,
  scanValues,
  SecretCollector,
  type SecretFinding,
} from '../helpers/secret-scan'
import {
  appEventsTarget,
  CSV_MAPPING,
  fileIn,
  mainWorkspaceId,
  STREAM_COLUMNS,
  TABLE,
  writeEventsCsv,
} from './jobs-helpers'

/*
 * No token, refresh token, client secret or authorization code reaches a log line, a journal, a
 * failed-record export, a file of the data folder, an event or a contract answer. A sign-in and
 * uploads with failures (server errors, throttling, resets, a 401 that forces a refresh with
 * the refresh token) run through the app context as the renderer drives it; every secret
 * issued on the way is collected where it is born, then everything is scanned for it.
 */

let world: EmulatorWorld
let browser: TestBrowser
let ctx: AppContext
let exportDir: string
const secrets = new SecretCollector()
const logs: string[] = []
const events: Array<{ event: EventName; payload: unknown }> = []
const results: unknown[] = []
/** Plaintexts msal handed to the key store: the whole cache each time it was saved. */
const cachePlaintexts: string[] = []

async function invoke<C extends InvokeChannel>(
  channel: C,
  payload?: InvokeRequest<C>,
): Promise<Result<InvokeResponse<C>>> {
  const result = await dispatchInvoke(
    ctx.handlers,
    channel,
    payload,
    { clientId: 'renderer' },
    ctx.logger,
  )
  results.push(result)
  return result as Result<InvokeResponse<C>>
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail ?? ''}`)
  return result.value
}

function nextEvent<T>(event: EventName, when: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} in time`)), 60_000)
    const unsubscribe = ctx.events.subscribe((name, payload) => {
      if (name !== event || !when(payload as T)) return
      clearTimeout(timer)
      unsubscribe()
      resolve(payload as T)
    })
  })
}

/** Starts an upload through the contract and waits for its summary. */
async function upload(run: () => Promise<Result<{ jobId: string }>>): Promise<UploadSummary> {
  // Listen before starting: a quick upload may finish before its start is answered.
  const started: { jobId?: string } = {}
  const finished = nextEvent<UploadSummary>(
    'jobs:finished',
    (s) => started.jobId === undefined || s.jobId === started.jobId,
  )
  started.jobId = value(await run()).jobId
  const summary = await finished
  expect(summary.jobId).toBe(started.jobId)
  return summary
}

beforeAll(async () => {
  world = await startEmulatorWorld()
  secrets.add(world.emulator.servicePrincipal.clientSecret, 'client-secret')
  secrets.add(world.emulator.adminKey, 'admin-key')
  browser = createTestBrowser(world.emulator.caCertPem)
  exportDir = await mkdtemp(join(tmpdir(), 'logdrop-secret-exports-'))
  ctx = await createAppContext({
    host: 'electron',
    dataDir: world.dataDir,
    version: 'test',
    env: {},
    logSink: (line) => logs.push(line),
    encryptor: capturingEncryptor(createAesGcmEncryptor(), (plain) => {
      cachePlaintexts.push(plain)
      secrets.addMsalCache(plain)
    }),
    saveFile: async ({ defaultName }) => join(exportDir, defaultName),
  })
  ctx.events.subscribe((event, payload) => events.push({ event, payload }))
  value(await invoke('settings:update', { cloud: 'LocalEmulator' }))
})

afterAll(async () => {
  await browser?.close()
  await world?.stop()
  await rm(exportDir, { recursive: true, force: true })
})

describe('secrets never leave the places they belong', () => {
  it('signs in through the browser (authorization code with PKCE)', async () => {
    const opened = nextEvent<{ url: string }>('auth:browser-url', () => true)
    const pending = invoke('auth:sign-in', { method: 'interactive' })
    const answer = await browser.signIn((await opened).url, { username: ADELE })
    expect(answer.status).toBe(200)
    secrets.add(answer.fields['code'], 'authorization-code')
    value(await pending)
    expect(secrets.count('authorization-code')).toBe(1)
    expect(secrets.count('refresh-token')).toBeGreaterThanOrEqual(1)
  })

  let firstJob: string

  it('uploads through faults: server errors, throttling and resets, with records that fail', async () => {
    await writeEventsCsv(
      fileIn(world, 'secrets.csv'),
      24_000,
      'secretscan',
      new Set([5, 500, 5000]),
    )
    const [file] = value(await invoke('files:add', { paths: [fileIn(world, 'secrets.csv')] }))
    if (file === undefined) throw new Error('no file entry')
    await setFaultsOn(world, {
      rate5xx: 0.34,
      rate429: 0.34,
      retryAfterSeconds: 1,
      resetRate: 0.2,
      seed: 11,
    })
    const start = {
      files: [{ fileId: file.id, mapping: CSV_MAPPING }],
      target: appEventsTarget(world.emulator),
      streamColumns: STREAM_COLUMNS,
      destination: { workspaceId: mainWorkspaceId(world.emulator), table: TABLE },
      label: 'secret scan',
    }
    const summary = await upload(() => invoke('jobs:start', start))
    await setFaultsOn(world, {})
    firstJob = summary.jobId
    expect(summary).toMatchObject({
      state: 'completed-with-failures',
      records: { accepted: 23_997, failed: 3 },
    })

    // After the connection check, a 401 on every request: the engine asks for a fresh token (msal redeems the refresh
    // token), is refused again and stops; resume and retry once the service takes tokens.
    await setFaultsOn(world, { failAfterN: { count: 1, status: 401 } })
    const refused = await upload(() => invoke('jobs:start', { ...start, label: 'refused' }))
    await setFaultsOn(world, {})
    expect(refused.state).toBe('stopped')
    expect(refused.error?.code).toBe('upload/auth-rejected')
    expect(refused.failedByCause.auth).toBeGreaterThan(0)
    const resumed = await upload(() => invoke('history:resume', { jobId: refused.jobId }))
    expect(resumed.state).toBe('completed-with-failures')
    const retried = await upload(() =>
      invoke('failed:retry', { jobId: refused.jobId, cause: 'auth' }),
    )
    expect(retried.state).toBe('completed')

    value(await invoke('failed:summary', { jobId: firstJob }))
    value(await invoke('failed:list', { jobId: firstJob }))
    value(await invoke('failed:export', { jobId: firstJob, format: 'ndjson' }))
    value(await invoke('failed:export', { jobId: refused.jobId, format: 'csv' }))
    value(await invoke('history:list'))
    const verified = value(await invoke('history:verify', { jobId: firstJob }))
    expect(verified).toBeTruthy()
    value(await invoke('target:list-subscriptions'))
    value(await invoke('auth:get-state'))
    // The refresh after the 401s put new tokens in the cache.
    expect(secrets.count('access-token')).toBeGreaterThanOrEqual(2)
    expect(secrets.count('refresh-token')).toBeGreaterThanOrEqual(2)
  }, 120_000)

  it('finds none of them in logs, journals, exports, the data folder, events or answers', async () => {
    await ctx.shutdown()
    const findings: SecretFinding[] = []
    logs.forEach((line, i) => findings.push(...scanText(`log line ${i + 1}`, line, secrets)))
    // The emulator's own folder (its emulator.json holds the service principal's secret by
    // design, mode 0600) is not the app's; everything else in the data folder is scanned.
    const data = await scanTree(world.dataDir, secrets, ['emulator'])
    const exported = await scanTree(exportDir, secrets)
    findings.push(...data.findings, ...exported.findings)
    findings.push(...scanValues('event', events, secrets))
    findings.push(...scanValues('contract answer', results, secrets))
    expect(findings).toEqual([])

    // It looked where it meant to, for values it really had.
    const jobFiles = data.files.filter((f) => f.startsWith(`jobs/${firstJob}/`))
    expect(jobFiles.map((f) => f.split('/').pop()).sort()).toEqual(
      expect.arrayContaining(['failed.ndjson', 'job.json', 'ledger.ndjson', 'summary.json']),
    )
    expect(data.files).toContain('logs/logdrop.log')
    expect(exported.files.length).toBe(2)
    expect(logs.length).toBeGreaterThan(20)
    expect(events.length).toBeGreaterThan(10)
    expect(secrets.size).toBeGreaterThanOrEqual(8)
  })

  it('would have found them: the scanner sees a secret the moment it is somewhere', async () => {
    const cache = cachePlaintexts.at(-1) ?? ''
    expect(scanText('msal cache (plaintext)', cache, secrets).length).toBeGreaterThan(0)
    const encrypted = await readFile(join(world.dataDir, 'auth', 'token-cache-LocalEmulator.bin'))
    expect(scanText('msal cache (encrypted)', encrypted.toString('utf8'), secrets)).toEqual([])
    expect(
      scanText(
        'a leaky line',
        `Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl`,
        secrets,
      ),
    ).toHaveLength(1)
  })
})

/** The emulator's fault settings (admin API) for the world's in-process emulator. */
function setFaultsOn(w: EmulatorWorld, faults: FaultSettings): Promise<void> {
  return setFaults(handleOf(w.emulator, join(w.dataDir, 'emulator')), faults)
}
