import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JobSummary } from '../../../../shared/models/upload-job'
import { isFinished, isResumable, readJobStatus } from './job-state'
import { jobPathsIn, saveSummary, type JobPaths } from './job-store'

let dir: string
let paths: JobPaths

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-state-'))
  paths = jobPathsIn(dir)
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The pid of a process that has ended (a host that died). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  return child.pid
}

const lock = (pid: number) => writeFile(paths.lock, JSON.stringify({ pid }))
const summary = (state: JobSummary['state']) =>
  saveSummary(paths, { jobId: 'j', state } as unknown as JobSummary)

describe('the state of a job, from its journal', () => {
  it('is interrupted, never running, when the process that held it died mid-run', async () => {
    await summary('running')
    await lock(deadPid())
    expect((await readJobStatus(paths, undefined)).state).toBe('interrupted')
  })

  it('is interrupted when the run never wrote a summary', async () => {
    expect((await readJobStatus(paths, undefined)).state).toBe('interrupted')
  })

  it('is interrupted when this process holds a lock it no longer runs (a closed context)', async () => {
    await summary('completed')
    await lock(process.pid)
    expect(await readJobStatus(paths, undefined)).toMatchObject({
      state: 'interrupted',
      heldElsewhere: false,
    })
  })

  it('is running when another live process holds it (the CLI)', async () => {
    await lock(process.ppid)
    expect(await readJobStatus(paths, undefined)).toMatchObject({
      state: 'running',
      heldElsewhere: true,
    })
  })

  it('is what this process says while it runs the job', async () => {
    await lock(process.pid)
    expect((await readJobStatus(paths, 'paused')).state).toBe('paused')
  })

  it('is how the last run ended otherwise', async () => {
    await summary('cancelled')
    const status = await readJobStatus(paths, undefined)
    expect(status.state).toBe('cancelled')
    expect(status.summary?.jobId).toBe('j')
  })

  it('says which states are finished and which resume', () => {
    expect(['completed', 'completed-with-failures'].every((s) => isFinished(s as never))).toBe(true)
    expect(isFinished('cancelled')).toBe(false)
    expect(['interrupted', 'cancelled', 'stopped'].every((s) => isResumable(s as never))).toBe(true)
    expect(['completed', 'running', 'paused'].some((s) => isResumable(s as never))).toBe(false)
  })
})
