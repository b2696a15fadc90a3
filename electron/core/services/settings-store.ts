import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors/app-error'
import {
  DEFAULT_SETTINGS,
  settingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/models/settings'
import { writeFileAtomic } from '../../platform/atomic-write'
import type { Logger } from '../../platform/logger'

/**
 * Settings kept as `settings.json` in the data folder.
 *
 * A file that is missing or invalid falls back to defaults field by field, and the problem is
 * logged; a bad file never stops the app from starting.
 */
export class SettingsStore {
  private current: Settings = DEFAULT_SETTINGS
  private readonly file: string

  constructor(
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.file = join(dataDir, 'settings.json')
  }

  async load(): Promise<Settings> {
    let raw: unknown
    try {
      raw = JSON.parse(await readFile(this.file, 'utf8'))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn('settings', 'settings.json unreadable; using defaults', {
          detail: String(error),
        })
      }
      return this.current
    }
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS }
    if (typeof raw === 'object' && raw !== null) {
      for (const [key, value] of Object.entries(raw)) {
        const field = settingsSchema.shape[key as keyof Settings] as
          { safeParse(v: unknown): { success: boolean } } | undefined
        if (field?.safeParse(value).success === true) merged[key] = value
        else this.logger.warn('settings', 'ignored invalid setting', { key })
      }
    }
    this.current = settingsSchema.parse(merged)
    return this.current
  }

  get(): Settings {
    return this.current
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const next = settingsSchema.safeParse({ ...this.current, ...patch })
    if (!next.success) {
      throw new AppError('settings/invalid', next.error.issues.map((i) => i.message).join('; '))
    }
    try {
      await writeFileAtomic(this.file, `${JSON.stringify(next.data, null, 2)}\n`)
    } catch (error) {
      throw new AppError('settings/unwritable', `could not write ${this.file}`, { cause: error })
    }
    this.current = next.data
    return this.current
  }
}
