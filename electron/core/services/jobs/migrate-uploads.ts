import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { jobPaths, jobsDir } from '../../../engine/common/journal/job-store'
import { mergeJobs } from '../../../engine/common/journal/merge-jobs'
import type { Logger } from '../../../platform/logger'
import { saveEdits } from './failed-edits'

/**
 * The upload layout before one upload was one job: `<dataDir>/uploads/<id>.json` named the
 * engine jobs of an upload (one per distinct mapping) and the files as the person named them;
 * `<id>.edits.json` kept edited failed records under `<job index>:<file>:<ordinal>` ids.
 *
 * Each such upload is joined once into one job under its id (its first job's). What the old
 * layout kept is moved to `<dataDir>/migrated-v1/`, not deleted.
 */
const oldUploadSchema = z.object({
  version: z.literal(1),
  uploadId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  label: z.string(),
  children: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,80}$/)).min(1),
  files: z.array(
    z.object({
      name: z.string(),
      child: z.number().int().min(0),
      childFileIndex: z.number().int().min(0),
    }),
  ),
  dcrId: z.string().optional(),
  destination: z.object({ workspaceId: z.string(), table: z.string() }).optional(),
  accountId: z.string().optional(),
  /** The upload (not the job) whose failed records this one re-sent. */
  retryOf: z.string().optional(),
  interrupted: z.boolean().optional(),
})
type OldUpload = z.infer<typeof oldUploadSchema>

export function oldUploadsDir(dataDir: string): string {
  return join(dataDir, 'uploads')
}

/** Joins every upload of the old layout into one job; a broken one is logged and left. */
export async function migrateOldUploads(dataDir: string, logger: Logger): Promise<void> {
  let names: string[]
  try {
    names = await readdir(oldUploadsDir(dataDir))
  } catch {
    return
  }
  for (const name of names) {
    if (!name.endsWith('.json') || name.endsWith('.edits.json')) continue
    try {
      const raw: unknown = JSON.parse(await readFile(join(oldUploadsDir(dataDir), name), 'utf8'))
      const old = oldUploadSchema.parse(raw)
      await migrateOne(dataDir, old)
      logger.info('jobs', 'upload joined into one job', {
        jobId: old.uploadId,
        jobs: old.children.length,
      })
    } catch (error) {
      logger.warn('jobs', 'old upload not migrated', { file: name, detail: String(error) })
    }
  }
}

async function migrateOne(dataDir: string, old: OldUpload): Promise<void> {
  const backup = join(dataDir, 'migrated-v1')
  const building = join(backup, `${old.uploadId}.joining`)
  await rm(building, { recursive: true, force: true })
  const { indexOf } = await mergeJobs({
    dataDir,
    jobIds: old.children,
    files: old.files.map((f) => ({
      jobId: old.children[f.child] as string,
      fileIndex: f.childFileIndex,
      name: f.name,
    })),
    into: building,
    extra: {
      label: old.label.slice(0, 200),
      ...(old.dcrId === undefined ? {} : { dcrId: old.dcrId }),
      ...(old.accountId === undefined ? {} : { accountId: old.accountId }),
      ...(old.destination === undefined ? {} : { destination: old.destination }),
      ...(old.retryOf === undefined ? {} : { retryOf: old.retryOf }),
    },
    interrupted: old.interrupted === true,
  })
  const editsFile = join(oldUploadsDir(dataDir), `${old.uploadId}.edits.json`)
  const edits = await readOldEdits(editsFile)
  const renamed: Record<string, Record<string, unknown>> = {}
  for (const [id, record] of Object.entries(edits)) {
    const match = /^(\d+):(\d+):(\d+)$/.exec(id)
    const jobId = match === null ? undefined : old.children[Number(match[1])]
    if (match === null || jobId === undefined) continue
    renamed[`${indexOf(jobId, Number(match[2]))}:${match[3]}`] = record
  }
  // The old jobs move aside, then the joined one takes the upload's id.
  await mkdir(join(backup, 'jobs'), { recursive: true })
  for (const child of old.children) {
    await rename(join(jobsDir(dataDir), child), join(backup, 'jobs', child))
  }
  await rename(building, join(jobsDir(dataDir), old.uploadId))
  if (Object.keys(renamed).length > 0) {
    await saveEdits(jobPaths(dataDir, old.uploadId), renamed)
  }
  await mkdir(join(backup, 'uploads'), { recursive: true })
  for (const file of [`${old.uploadId}.json`, `${old.uploadId}.edits.json`]) {
    await rename(join(oldUploadsDir(dataDir), file), join(backup, 'uploads', file)).catch(
      () => undefined,
    )
  }
}

async function readOldEdits(path: string): Promise<Record<string, Record<string, unknown>>> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, Record<string, unknown>>
  } catch {
    return {}
  }
}
