import { randomBytes } from 'node:crypto'
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError } from '../../../../shared/errors/app-error'
import { mappingSchema, type Mapping } from '../../../../shared/mapping/mapping-schema'
import { fileOptionsSchema, type FileOptions } from '../../../../shared/models/files'
import type { MappingProfile, ProfileMatch } from '../../../../shared/models/profiles'
import { writeFileAtomic } from '../../../platform/atomic-write'
import type { Logger } from '../../../platform/logger'
import { sourceRoots } from './field-root'
import { headerSignature, headerSimilarity, normaliseHeader } from './header-signature'

/** How a profile is kept on disk (validated when read: the folder is the user's to edit). */
const storedProfileSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^p-[0-9a-f]{16}$/),
  name: z.string().min(1).max(200),
  stream: z.string().min(1).max(200),
  headers: z.array(z.string()),
  headerSignature: z.string(),
  mapping: mappingSchema,
  fileOptions: fileOptionsSchema.default({}),
  createdAt: z.string(),
  updatedAt: z.string(),
})

/** What a caller gives to save a profile. */
export interface ProfileInput {
  readonly id?: string | undefined
  readonly name: string
  readonly mapping: Mapping
  readonly headers: readonly string[]
  readonly fileOptions?: FileOptions | undefined
}

/**
 * The match a file is tagged with: the same headers, or a partial match whose every mapped
 * field is in the file. A profile that would leave columns empty does not fit (loghub's Linux
 * and OpenSSH samples share 8 of 11 names, but OpenSSH has no Month for Linux's time).
 */
export function fittingMatch(matches: readonly ProfileMatch[]): ProfileMatch | undefined {
  return matches.find((match) => match.score === 1 || match.unmappedColumns.length === 0)
}

/** Partial matches below this share of common headers are not offered. */
export const MIN_PARTIAL_SCORE = 0.6

/**
 * Mapping profiles as one JSON file each in `<dataDir>/profiles/` (`<id>.json`), so people can
 * copy them between machines. A file that does not parse is skipped and logged.
 */
export class ProfileStore {
  private readonly dir: string

  constructor(
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.dir = join(dataDir, 'profiles')
  }

  private pathOf(id: string): string {
    return join(this.dir, `${id}.json`)
  }

  /** Every readable profile, most recently updated first. */
  async list(): Promise<MappingProfile[]> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch {
      return []
    }
    const profiles: MappingProfile[] = []
    for (const name of names.filter((n) => /^p-[0-9a-f]{16}\.json$/.test(n))) {
      try {
        const parsed = storedProfileSchema.safeParse(
          JSON.parse(await readFile(join(this.dir, name), 'utf8')),
        )
        if (parsed.success) profiles.push(parsed.data)
        else this.logger.warn('profiles', 'skipped invalid profile', { file: name })
      } catch (error) {
        this.logger.warn('profiles', 'skipped unreadable profile', {
          file: name,
          detail: String(error),
        })
      }
    }
    return profiles.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
  }

  async get(id: string): Promise<MappingProfile> {
    const found = (await this.list()).find((p) => p.id === id)
    if (found === undefined) throw new AppError('profiles/not-found', id)
    return found
  }

  /** Creates or replaces a profile. */
  async save(input: ProfileInput): Promise<MappingProfile> {
    const now = new Date().toISOString()
    const existing = input.id === undefined ? undefined : await this.get(input.id)
    const profile: MappingProfile = {
      version: 1,
      id: existing?.id ?? `p-${randomBytes(8).toString('hex')}`,
      name: input.name,
      stream: input.mapping.stream,
      headers: [...input.headers],
      headerSignature: headerSignature(input.headers),
      mapping: input.mapping,
      fileOptions: input.fileOptions ?? {},
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    }
    try {
      await writeFileAtomic(this.pathOf(profile.id), `${JSON.stringify(profile, null, 2)}\n`)
    } catch (error) {
      throw new AppError('profiles/unwritable', `${this.pathOf(profile.id)}: ${String(error)}`, {
        cause: error,
      })
    }
    this.logger.info('profiles', 'saved profile', { id: profile.id, replaced: !!existing })
    return profile
  }

  async delete(id: string): Promise<boolean> {
    const path = this.pathOf(id)
    try {
      await readFile(path)
    } catch {
      return false
    }
    await rm(path, { force: true })
    return true
  }

  /**
   * Profiles for a file's headers, best first: the same header set scores 1; otherwise the
   * share of headers in common, when at least MIN_PARTIAL_SCORE, naming the columns whose
   * fields the file lacks (see fittingMatch for the one a file is tagged with).
   */
  async match(headers: readonly string[]): Promise<ProfileMatch[]> {
    if (headers.length === 0) return []
    const signature = headerSignature(headers)
    const fileNames = new Set(headers.map(normaliseHeader))
    const matches: ProfileMatch[] = []
    for (const profile of await this.list()) {
      const score =
        profile.headerSignature === signature ? 1 : headerSimilarity(headers, profile.headers)
      if (score < MIN_PARTIAL_SCORE) continue
      const profileNames = new Set(profile.headers.map(normaliseHeader))
      const unmappedColumns = Object.entries(profile.mapping.columns)
        .filter(([, rule]) =>
          sourceRoots(rule.source).some((root) => !fileNames.has(normaliseHeader(root))),
        )
        .map(([column]) => column)
      matches.push({
        profile,
        score: Math.round(score * 100) / 100,
        missingHeaders: profile.headers.filter((h) => !fileNames.has(normaliseHeader(h))),
        extraHeaders: headers.filter((h) => !profileNames.has(normaliseHeader(h))),
        unmappedColumns,
      })
    }
    return matches.sort(
      (a, b) => b.score - a.score || b.profile.updatedAt.localeCompare(a.profile.updatedAt),
    )
  }
}
