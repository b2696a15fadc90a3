import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  EMULATOR_DIR_NAME,
  EMULATOR_INFO_FILE,
  emulatorReadyInfoSchema,
  type EmulatorReadyInfo,
} from '../../../shared/emulator/ready-info'
import { defaultUserDataDir } from '../../platform/user-data-dir'

/**
 * Reads `<dataDir>/emulator.json`. Returns `undefined` when no emulator wrote one (or it is
 * not ours); the caller should still probe `${origin}/_emulator/health` since a crashed
 * emulator may have left the file behind.
 */
export async function readEmulatorInfo(dataDir: string): Promise<EmulatorReadyInfo | undefined> {
  let text: string
  try {
    text = await readFile(join(dataDir, EMULATOR_INFO_FILE), 'utf8')
  } catch {
    return undefined
  }
  try {
    const parsed = emulatorReadyInfoSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/** The emulator's data folder when it runs with the app's data folder (its `npm run emulator` default). */
export function emulatorDataDir(userDataDir: string = defaultUserDataDir()): string {
  return join(userDataDir, EMULATOR_DIR_NAME)
}
