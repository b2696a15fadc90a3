import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../platform/atomic-write'
import { parseSavedBounds, type WindowBounds } from './window-bounds'

/** The file in the data folder that remembers the main window's bounds. */
export function windowStatePath(dataDir: string): string {
  return join(dataDir, 'window-state.json')
}

/** Reads remembered bounds; a missing or damaged file just means "use the defaults". */
export async function loadWindowBounds(dataDir: string): Promise<WindowBounds | undefined> {
  try {
    return parseSavedBounds(JSON.parse(await readFile(windowStatePath(dataDir), 'utf8')))
  } catch {
    return undefined
  }
}

/** Remembers the bounds for the next launch (atomically, so a crash never leaves half a file). */
export async function saveWindowBounds(dataDir: string, bounds: WindowBounds): Promise<void> {
  await writeFileAtomic(windowStatePath(dataDir), `${JSON.stringify(bounds)}\n`)
}
