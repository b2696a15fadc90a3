import { randomBytes } from 'node:crypto'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../../shared/errors/app-error'
import type { JobDefinition, JobSummary } from '../../../../shared/models/upload-job'
import { writeFileAtomic } from '../../../platform/atomic-write'
import { isOutdated, upgradeJobDefinition } from './job-definition-upgrade'

/** Where one job keeps its files: `<dataDir>/jobs/<jobId>/`. */
export interface JobPaths {
  readonly dir: string
  /** The definition, written once (atomically). */
  readonly job: string
  /** Append-only ledger of requests and acknowledgements. */
  readonly ledger: string
  /** Append-only failed-record store. */
  readonly failed: string
  /** The last run's summary (atomically replaced). */
  readonly summary: string
  /** Present while a process runs the job: `{ pid }`. */
  readonly lock: string
  /** Failed records edited by the person: record id → stream record (the app's). */
  readonly edits: string
}

export function jobsDir(dataDir: string): string {
  return join(dataDir, 'jobs')
}

export function jobPaths(dataDir: string, jobId: string): JobPaths {
  return jobPathsIn(join(jobsDir(dataDir), jobId))
}

/** A job's files in a given folder (one being built before it moves into place). */
export function jobPathsIn(dir: string): JobPaths {
  return {
    dir,
    job: join(dir, 'job.json'),
    ledger: join(dir, 'ledger.ndjson'),
    failed: join(dir, 'failed.ndjson'),
    summary: join(dir, 'summary.json'),
    lock: join(dir, 'run.lock'),
    edits: join(dir, 'edits.json'),
  }
}

/** A new job id that sorts by creation time: `20250101-120000-3f9a1c`. */
export function newJobId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${stamp}-${randomBytes(3).toString('hex')}`
}

/** Saves the definition; the folder is created. */
export async function saveJobDefinition(paths: JobPaths, job: JobDefinition): Promise<void> {
  try {
    await writeFileAtomic(paths.job, `${JSON.stringify(job, null, 2)}\n`)
  } catch (error) {
    throw new AppError('upload/journal-unwritable', `cannot write ${paths.job}`, { cause: error })
  }
}

/** Reads and validates a job definition; an older version is upgraded and saved once. */
export async function loadJobDefinition(paths: JobPaths): Promise<JobDefinition> {
  let text: string
  try {
    text = await readFile(paths.job, 'utf8')
  } catch (error) {
    throw new AppError('upload/job-not-found', `cannot read ${paths.job}`, { cause: error })
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new AppError('upload/invalid-job', `${paths.job}: ${String(error)}`, { cause: error })
  }
  const parsed = upgradeJobDefinition(raw)
  if (!parsed.success) {
    throw new AppError('upload/invalid-job', `${paths.job}: ${parsed.error.message}`)
  }
  if (isOutdated(raw)) await saveJobDefinition(paths, parsed.data)
  return parsed.data
}

export async function saveSummary(paths: JobPaths, summary: JobSummary): Promise<void> {
  await writeFileAtomic(paths.summary, `${JSON.stringify(summary, null, 2)}\n`)
}

export async function loadSummary(paths: JobPaths): Promise<JobSummary | undefined> {
  try {
    return JSON.parse(await readFile(paths.summary, 'utf8')) as JobSummary
  } catch {
    return undefined
  }
}

/** True when a process with this id exists (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The pid holding the job's lock, when that process is still alive. */
export async function lockHolder(paths: JobPaths): Promise<number | undefined> {
  try {
    const { pid } = JSON.parse(await readFile(paths.lock, 'utf8')) as { pid?: unknown }
    return typeof pid === 'number' && isProcessAlive(pid) ? pid : undefined
  } catch {
    return undefined
  }
}

/**
 * Claims the job for this process. A lock left by a dead process (a crash) is taken over; a
 * live one means another process runs the job.
 */
export async function acquireLock(paths: JobPaths): Promise<void> {
  const holder = await lockHolder(paths)
  if (holder !== undefined && holder !== process.pid) {
    throw new AppError('upload/job-running', `job lock held by pid ${holder}`)
  }
  try {
    await writeFile(paths.lock, JSON.stringify({ pid: process.pid }), { mode: 0o600 })
  } catch (error) {
    throw new AppError('upload/journal-unwritable', `cannot write ${paths.lock}`, { cause: error })
  }
}

export async function releaseLock(paths: JobPaths): Promise<void> {
  await rm(paths.lock, { force: true })
}

/** Ids of every job folder, newest first. */
export async function listJobIds(dataDir: string): Promise<string[]> {
  try {
    const entries = await readdir(jobsDir(dataDir), { withFileTypes: true })
    return entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
      .reverse()
  } catch {
    return []
  }
}
