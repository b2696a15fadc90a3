import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError } from '../../../../shared/errors/app-error'
import {
  EMPTY_SESSION,
  savedFileSchema,
  sessionPatchSchema,
  sessionStateSchema,
  type SavedFile,
  type SessionPatch,
  type SessionState,
} from '../../../../shared/models/session'
import { writeFileAtomic } from '../../../platform/atomic-write'
import type { Logger } from '../../../platform/logger'

/** What `session.json` holds: the renderer's session and the registered files. */
const sessionFileSchema = z
  .object({ version: z.literal(1), session: sessionStateSchema, files: z.array(savedFileSchema) })
  .strict()
type SessionFile = z.output<typeof sessionFileSchema>

/**
 * The person's place in the journey, kept as `session.json` in the data folder so a page
 * reload or a host restart reattaches to it (the target, the mapping edits, the upload shown
 * and the registered files).
 *
 * Writes are atomic and one at a time, in the order asked. A missing or invalid file starts an
 * empty session and the problem is logged; it never stops the app. Holds no secret.
 */
export class SessionStore {
  private current: SessionFile = { version: 1, session: EMPTY_SESSION, files: [] }
  private readonly file: string
  private writing: Promise<void> = Promise.resolve()

  constructor(
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.file = join(dataDir, 'session.json')
  }

  async load(): Promise<SessionState> {
    let raw: unknown
    try {
      raw = JSON.parse(await readFile(this.file, 'utf8'))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn('session', 'session.json unreadable; starting afresh', {
          detail: String(error),
        })
      }
      return this.current.session
    }
    const parsed = sessionFileSchema.safeParse(raw)
    if (parsed.success) this.current = parsed.data
    else {
      this.logger.warn('session', 'session.json invalid; starting afresh', {
        issues: parsed.error.issues.length,
      })
    }
    return this.current.session
  }

  get(): SessionState {
    return this.current.session
  }

  /** The files registered when the session was last saved. */
  files(): readonly SavedFile[] {
    return this.current.files
  }

  /** Replaces the fields given; `session/invalid` when the patch does not pass the schema. */
  async update(patch: SessionPatch): Promise<SessionState> {
    const parsed = sessionPatchSchema.safeParse(patch)
    if (!parsed.success) {
      throw new AppError('session/invalid', parsed.error.issues.map((i) => i.message).join('; '))
    }
    const changes = Object.fromEntries(
      Object.entries(parsed.data).filter(([, value]) => value !== undefined),
    )
    await this.save({ ...this.current, session: { ...this.current.session, ...changes } })
    return this.current.session
  }

  /** Saves the registered files (the files service calls this on every change). */
  async setFiles(files: readonly SavedFile[]): Promise<void> {
    await this.save({ ...this.current, files: [...files] })
  }

  /** Waits for writes already asked for (shutdown). */
  async flush(): Promise<void> {
    await this.writing
  }

  private async save(next: SessionFile): Promise<void> {
    this.current = next
    const text = `${JSON.stringify(next, null, 2)}\n`
    const write = this.writing.then(() => writeFileAtomic(this.file, text))
    this.writing = write.catch(() => undefined)
    try {
      await write
    } catch (error) {
      throw new AppError('session/unwritable', `could not write ${this.file}`, { cause: error })
    }
  }
}
