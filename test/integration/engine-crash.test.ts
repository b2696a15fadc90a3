import { spawn, type ChildProcess } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jobPaths } from '../../electron/engine/common/journal/job-store'
import type { FailedRecord, JobListEntry, JobSummary } from '../../shared/models/upload-job'
import {
  APP_EVENTS_STREAM,
  countRows,
  setFaults,
  startFixture,
  streamEvent,
  writeNdjson,
  type EngineFixture,
} from './engine-helpers'

const root = resolve(__dirname, '../..')
const CLI = join(root, 'electron/cli/logdrop.ts')

let fx: EngineFixture
beforeAll(async () => {
  fx = await startFixture()
})
afterAll(async () => {
  await fx?.stop()
})

/** Runs the real CLI in a child process (plain Node with the tsx hook). */
function cli(args: string[]): {
  child: ChildProcess
  done: Promise<{ code: number | null; stdout: string; stderr: string }>
} {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: root,
    env: { ...process.env, LOGDROP_DATA_DIR: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveDone) =>
    child.on('exit', (code) => resolveDone({ code, stdout, stderr })),
  )
  return { child, done }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('a killed upload resumes without losing a record', () => {
  it('SIGKILL mid-upload, then logdrop resume: every record is in the table or the failed store', async () => {
    const marker = 'crashrun'
    const total = 9000
    const bad = new Set([10, 4321])
    const file = join(fx.dir, 'crash.ndjson')
    await writeNdjson(file, total, (i) => streamEvent(i, marker), bad)
    const dataDir = join(fx.dir, 'data-crash')
    const connection = [`--emulator=${fx.emulatorDir}`, '--data-dir', dataDir]
    // Slow answers, one request at a time: the kill lands between acknowledgements.
    await setFaults(fx.emulator, { latencyMs: 700 })

    const first = cli([
      'upload',
      file,
      '--stream',
      APP_EVENTS_STREAM,
      '--concurrency',
      '1',
      '--json',
      ...connection,
    ])
    const jobId = await waitFor(async () => (await readdir(join(dataDir, 'jobs')))[0])
    const ledger = jobPaths(dataDir, jobId).ledger
    await waitFor(async () =>
      (await readFile(ledger, 'utf8')).includes('"t":"ack"') ? true : undefined,
    )
    first.child.kill('SIGKILL')
    const killed = await first.done
    expect(killed.code).toBeNull()

    const list = cli(['jobs', '--json', '--data-dir', dataDir])
    const listed = JSON.parse((await list.done).stdout) as JobListEntry[]
    expect(listed[0]).toMatchObject({ jobId, state: 'interrupted' })

    await setFaults(fx.emulator, {})
    const second = cli(['resume', jobId, '--json', ...connection])
    const resumed = await second.done
    expect(resumed.code, resumed.stderr).toBe(2)
    const summary = JSON.parse(resumed.stdout) as JobSummary & { next: Record<string, string> }
    expect(summary.state).toBe('completed-with-failures')
    expect(summary.records.accepted).toBe(total - bad.size)
    expect(summary.records.failed).toBe(bad.size)
    expect(summary.records.skipped).toBeGreaterThan(0)
    expect(summary.next.retryFailed).toBe(`logdrop failed retry ${jobId}`)

    // Reconcile: the table holds every good record (plus at most the reported duplicates),
    // the failed store holds the broken lines.
    const rows = await countRows(fx.emulator, marker)
    expect(rows).toBeGreaterThanOrEqual(total - bad.size)
    expect(rows - (total - bad.size)).toBeLessThanOrEqual(summary.duplicatesPossible.records)
    const failed = (await readFile(jobPaths(dataDir, jobId).failed, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as FailedRecord)
    expect(failed.map((f) => f.ordinal).sort((a, b) => a - b)).toEqual(
      [...bad].sort((a, b) => a - b),
    )
    expect(failed.every((f) => f.cause === 'parse')).toBe(true)
  })
})
