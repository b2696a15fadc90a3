import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../../platform/atomic-write'
import type { Logger } from '../../platform/logger'

/** Who the developer credentials turned out to be, kept only to show the account after a restart. */
const developerSchema = z.object({
  name: z.string().max(300),
  username: z.string().max(300),
  tenantId: z.string().max(100),
})

const preferencesSchema = z.object({
  activeAccountId: z.string().max(300).nullable().default(null),
  plaintextCacheOptIn: z.boolean().default(false),
  developer: developerSchema.nullable().default(null),
})

/** Sign-in choices that survive a restart; no token or secret is ever stored here. */
export type AuthPreferences = z.infer<typeof preferencesSchema>
export type DeveloperIdentity = z.infer<typeof developerSchema>

/** `auth/preferences.json` in the data folder. */
export class AuthPreferencesStore {
  private current: AuthPreferences = preferencesSchema.parse({})
  private readonly file: string

  constructor(
    authDir: string,
    private readonly logger: Logger,
  ) {
    this.file = join(authDir, 'preferences.json')
  }

  async load(): Promise<AuthPreferences> {
    try {
      const parsed = preferencesSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')))
      if (parsed.success) this.current = parsed.data
      else this.logger.warn('auth', 'ignored invalid auth preferences')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn('auth', 'auth preferences unreadable', { reason: String(error) })
      }
    }
    return this.current
  }

  get(): AuthPreferences {
    return this.current
  }

  async update(patch: Partial<AuthPreferences>): Promise<AuthPreferences> {
    this.current = { ...this.current, ...patch }
    await writeFileAtomic(this.file, `${JSON.stringify(this.current, null, 2)}\n`)
    return this.current
  }
}
