import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError } from '../../../../shared/errors/app-error'
import { DCR_COLUMN_TYPES } from '../../../../shared/mapping/mapping-schema'
import { writeFileAtomic } from '../../../platform/atomic-write'

/**
 * What the app remembers about an upload beyond the engine's journal: which engine jobs it runs
 * (one per distinct mapping, in order), the files as the person named them, the destination for
 * the verify, and when each run started and ended (the verify counts rows received then).
 *
 * Kept as `<dataDir>/uploads/<uploadId>.json`; the upload id is its first engine job's id, so a
 * job started by the CLI is an upload of one job without a file here.
 */
export const uploadMetaSchema = z.object({
  version: z.literal(1),
  uploadId: z.string(),
  label: z.string(),
  createdAt: z.string(),
  /** Engine job ids, run in this order. */
  children: z.array(z.string()).min(1),
  /** The upload's files in the order given: which engine job reads each, at which index. */
  files: z.array(
    z.object({
      name: z.string(),
      size: z.number(),
      child: z.number().int().min(0),
      childFileIndex: z.number().int().min(0),
    }),
  ),
  target: z.object({ endpoint: z.string(), dcrImmutableId: z.string(), streamName: z.string() }),
  dcrId: z.string().optional(),
  streamColumns: z.array(z.object({ name: z.string(), type: z.enum(DCR_COLUMN_TYPES) })).optional(),
  destination: z.object({ workspaceId: z.string(), table: z.string() }).optional(),
  retryOf: z.string().optional(),
  accountId: z.string().optional(),
  /** Runs of engine jobs started by the app; `endedAt` is missing after a crash. */
  runs: z.array(
    z.object({ child: z.string(), startedAt: z.string(), endedAt: z.string().optional() }),
  ),
  /** The app shut down while it ran: shown as interrupted until resumed. */
  interrupted: z.boolean().optional(),
})
export type UploadMeta = z.infer<typeof uploadMetaSchema>

export function uploadsDir(dataDir: string): string {
  return join(dataDir, 'uploads')
}

/** Reads and writes upload metadata files. */
export class UploadMetaStore {
  private readonly dir: string

  constructor(dataDir: string) {
    this.dir = uploadsDir(dataDir)
  }

  private pathOf(uploadId: string): string {
    return join(this.dir, `${uploadId}.json`)
  }

  async save(meta: UploadMeta): Promise<void> {
    try {
      await writeFileAtomic(this.pathOf(meta.uploadId), `${JSON.stringify(meta, null, 2)}\n`)
    } catch (error) {
      throw new AppError('upload/journal-unwritable', `${this.pathOf(meta.uploadId)}`, {
        cause: error,
      })
    }
  }

  async load(uploadId: string): Promise<UploadMeta | undefined> {
    try {
      const parsed = uploadMetaSchema.safeParse(
        JSON.parse(await readFile(this.pathOf(uploadId), 'utf8')),
      )
      return parsed.success ? parsed.data : undefined
    } catch {
      return undefined
    }
  }

  /** Every readable upload file. */
  async list(): Promise<UploadMeta[]> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch {
      return []
    }
    const metas: UploadMeta[] = []
    for (const name of names) {
      if (!name.endsWith('.json') || name.endsWith('.edits.json')) continue
      const meta = await this.load(name.slice(0, -'.json'.length))
      if (meta !== undefined) metas.push(meta)
    }
    return metas
  }

  /** Edited failed records of an upload: UI record id → stream record. */
  async loadEdits(uploadId: string): Promise<Record<string, Record<string, unknown>>> {
    try {
      return JSON.parse(await readFile(join(this.dir, `${uploadId}.edits.json`), 'utf8')) as Record<
        string,
        Record<string, unknown>
      >
    } catch {
      return {}
    }
  }

  async saveEdits(
    uploadId: string,
    edits: Readonly<Record<string, Record<string, unknown>>>,
  ): Promise<void> {
    try {
      await writeFileAtomic(
        join(this.dir, `${uploadId}.edits.json`),
        `${JSON.stringify(edits, null, 2)}\n`,
      )
    } catch (error) {
      throw new AppError('failed/edits-unwritable', uploadId, { cause: error })
    }
  }
}
