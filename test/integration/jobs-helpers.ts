import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { AppContextOptions } from '../../electron/core/app-context'
import type { RunningEmulator } from '../../emulator/start-emulator'
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { StreamColumnSpec } from '../../shared/models/files'
import {
  ADELE,
  createTestApp,
  type EmulatorWorld,
  type TestApp,
  type TestBrowser,
} from '../helpers/auth-app-fixture'

/*
 * Shared set-up for the desktop-experience tests: an app context over the real emulator,
 * driven through the contract (dispatchInvoke) as a renderer would.
 */

export const STREAM = 'Custom-AppEvents'
export const TABLE = 'AppEvents_CL'

/** The AppEvents stream as the DCR declares it (default seed). */
export const STREAM_COLUMNS: StreamColumnSpec[] = [
  { name: 'Time', type: 'datetime' },
  { name: 'Host', type: 'string' },
  { name: 'Level', type: 'int' },
  { name: 'Bytes', type: 'long' },
  { name: 'DurationMs', type: 'real' },
  { name: 'Success', type: 'boolean' },
  { name: 'Properties', type: 'dynamic' },
  { name: 'Message', type: 'string' },
]

/** An app context like test/helpers/auth-app-fixture's, on the Electron host unless told. */
export function createJobsApp(
  world: EmulatorWorld,
  options: Partial<Pick<AppContextOptions, 'host' | 'saveFile' | 'pickFiles'>> = {},
): Promise<TestApp> {
  return createTestApp(world, { ...options, host: options.host ?? 'electron' })
}

/** Resolves with the next event of a kind that passes `when`. */
export function nextWhere<E extends EventName>(
  app: TestApp,
  event: E,
  when: (payload: EventPayload<E>) => boolean,
  timeoutMs = 60_000,
): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`no ${event} within ${timeoutMs} ms`))
    }, timeoutMs)
    const unsubscribe = app.ctx.events.subscribe((name, payload) => {
      if (name !== event || !when(payload as EventPayload<E>)) return
      clearTimeout(timer)
      unsubscribe()
      resolve(payload as EventPayload<E>)
    })
  })
}

/** Signs in as Adele (who may send to every DCR and read the workspaces) through the contract. */
export async function signInAdele(app: TestApp, browser: TestBrowser): Promise<void> {
  const opened = app.next('auth:browser-url')
  const pending = app.invoke('auth:sign-in', { method: 'interactive' })
  const { url } = await opened
  const answer = await browser.signIn(url, { username: ADELE })
  expect(answer.status).toBe(200)
  const signedIn = await pending
  if (!signedIn.ok) throw new Error(`sign-in: ${signedIn.error.code}`)
}

/** The AppEvents DCR of the default seed as an ingestion target. */
export function appEventsTarget(emulator: RunningEmulator) {
  const dcr = emulator.dcrs.find((d) => d.name === 'dcr-logdrop-appevents')
  if (dcr === undefined) throw new Error('the seed has no AppEvents DCR')
  return {
    endpoint: dcr.ingestionEndpoint ?? emulator.origin,
    dcrImmutableId: dcr.immutableId,
    streamName: STREAM,
  }
}

/** The workspace AppEvents lands in (its Customer ID). */
export function mainWorkspaceId(emulator: RunningEmulator): string {
  const rule = emulator.seed.dataCollectionRules.find((r) => r.name === 'dcr-logdrop-appevents')
  const id = rule?.properties.destinations.logAnalytics[0]?.workspaceId
  if (id === undefined) throw new Error('no workspace')
  return id
}

/** A CSV of `count` events (`marker` in each message); rows in `bad` have a level that is no number. */
export async function writeEventsCsv(
  path: string,
  count: number,
  marker: string,
  bad: ReadonlySet<number> = new Set(),
): Promise<void> {
  const lines = ['timestamp,host,level,bytes,duration_ms,success,message']
  for (let i = 0; i < count; i++) {
    const time = new Date(Date.now() - (i % 600) * 1000).toISOString()
    const level = bad.has(i) ? 'high' : String(i % 5)
    lines.push(
      `${time},web-${i % 3},${level},${1000 + i},${(i % 100) / 4},${i % 2 === 0},"${marker} row ${i}, ok"`,
    )
  }
  await writeFile(path, `${lines.join('\r\n')}\r\n`)
}

/** NDJSON events with nested fields; lines in `broken` are not JSON. */
export async function writeEventsNdjson(
  path: string,
  count: number,
  marker: string,
  broken: ReadonlySet<number> = new Set(),
): Promise<void> {
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    lines.push(
      broken.has(i)
        ? `{"ts": "broken ${i}"`
        : JSON.stringify({
            ts: new Date(Date.now() - (i % 600) * 1000).toISOString(),
            host: `api-${i % 4}`,
            severity: i % 4,
            size: 2000 + i,
            detail: { msg: `${marker} event ${i}`, ms: i / 10 },
            ok: i % 3 !== 0,
            props: { n: i },
          }),
    )
  }
  await writeFile(path, `${lines.join('\n')}\n`)
}

/** The mapping for writeEventsCsv's columns. */
export const CSV_MAPPING = {
  version: 1 as const,
  stream: STREAM,
  columns: {
    Time: { source: { kind: 'field' as const, path: 'timestamp' }, type: 'datetime' as const },
    Host: { source: { kind: 'field' as const, path: 'host' }, type: 'string' as const },
    Level: { source: { kind: 'field' as const, path: 'level' }, type: 'int' as const },
    Bytes: { source: { kind: 'field' as const, path: 'bytes' }, type: 'long' as const },
    DurationMs: { source: { kind: 'field' as const, path: 'duration_ms' }, type: 'real' as const },
    Success: { source: { kind: 'field' as const, path: 'success' }, type: 'boolean' as const },
    Message: { source: { kind: 'field' as const, path: 'message' }, type: 'string' as const },
  },
  timePolicy: { column: 'Time' },
}

/** The mapping for writeEventsNdjson's fields (nested paths). */
export const NDJSON_MAPPING = {
  version: 1 as const,
  stream: STREAM,
  columns: {
    Time: { source: { kind: 'field' as const, path: 'ts' }, type: 'datetime' as const },
    Host: { source: { kind: 'field' as const, path: 'host' }, type: 'string' as const },
    Level: { source: { kind: 'field' as const, path: 'severity' }, type: 'int' as const },
    Bytes: { source: { kind: 'field' as const, path: 'size' }, type: 'long' as const },
    DurationMs: { source: { kind: 'field' as const, path: 'detail.ms' }, type: 'real' as const },
    Success: { source: { kind: 'field' as const, path: 'ok' }, type: 'boolean' as const },
    Properties: { source: { kind: 'field' as const, path: 'props' }, type: 'dynamic' as const },
    Message: { source: { kind: 'field' as const, path: 'detail.msg' }, type: 'string' as const },
  },
  timePolicy: { column: 'Time' },
}

/** A file path in the world's folder. */
export function fileIn(world: EmulatorWorld, name: string): string {
  return join(world.dataDir, name)
}
