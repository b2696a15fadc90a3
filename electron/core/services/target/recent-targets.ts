import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { IngestionTarget, RecentTarget } from '../../../../shared/models/target'
import { writeFileAtomic } from '../../../platform/atomic-write'
import type { Logger } from '../../../platform/logger'

const MAX_RECENT = 10

const recentSchema = z.array(
  z.object({
    endpoint: z.string().max(2048),
    dcrImmutableId: z.string().max(200),
    streamName: z.string().max(300),
    label: z.string().max(300),
    source: z.enum(['discovered', 'manual']),
    dcrId: z.string().max(1024).nullable(),
    lastUsedAt: z.string().max(40),
  }),
)

function sameTarget(a: IngestionTarget, b: IngestionTarget): boolean {
  return (
    a.endpoint === b.endpoint &&
    a.dcrImmutableId === b.dcrImmutableId &&
    a.streamName === b.streamName
  )
}

/**
 * Targets used before, most recent first, as `recent-targets.json` in the data folder.
 *
 * Holds only what the form shows (URL, DCR immutable id, stream, a label); no secret.
 */
export class RecentTargetsStore {
  private readonly file: string
  private cache: RecentTarget[] | null = null

  constructor(
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.file = join(dataDir, 'recent-targets.json')
  }

  async list(): Promise<readonly RecentTarget[]> {
    if (this.cache !== null) return this.cache
    try {
      const parsed = recentSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')))
      this.cache = parsed.success ? parsed.data : []
      if (!parsed.success) this.logger.warn('target', 'recent-targets.json invalid; starting empty')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn('target', 'recent-targets.json unreadable', { detail: String(error) })
      }
      this.cache = []
    }
    return this.cache
  }

  /** Moves (or adds) a target to the top; the list keeps the ten most recent. */
  async remember(
    target: IngestionTarget,
    details: { readonly label?: string | undefined; readonly dcrId?: string | undefined },
  ): Promise<readonly RecentTarget[]> {
    const current = await this.list()
    const previous = current.find((r) => sameTarget(r, target))
    const dcrId = details.dcrId ?? previous?.dcrId ?? null
    const entry: RecentTarget = {
      endpoint: target.endpoint,
      dcrImmutableId: target.dcrImmutableId,
      streamName: target.streamName,
      label: details.label ?? previous?.label ?? target.streamName,
      dcrId,
      source: dcrId === null ? 'manual' : 'discovered',
      lastUsedAt: new Date().toISOString(),
    }
    const next = [entry, ...current.filter((r) => !sameTarget(r, target))].slice(0, MAX_RECENT)
    await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`)
    this.cache = next
    return next
  }
}
