import { mkdir, rename, writeFile, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * Writes a file so readers see either the old or the new content, never half of it.
 *
 * `mode` defaults to 0o600: everything LogDrop writes is the user's own business.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600) {
  await mkdir(dirname(path), { recursive: true })
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(temp, data, { mode })
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
