import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors/app-error'
import { EMULATOR_INFO_FILE } from '../../../shared/emulator/ready-info'
import { readEmulatorInfo } from '../emulator-client/ready-info'

/** A running local emulator, as sign-in, discovery and checks need it. */
export interface EmulatorInfo {
  /** `https://localhost:<port>`, without a trailing slash. */
  readonly origin: string
  readonly caCertPem: string
  readonly tenantId: string
  readonly publicClientId: string
}

/**
 * Reads the emulator's `emulator.json` (through the emulator's own reader) and the CA
 * certificate it names.
 *
 * Throws `auth/emulator-not-running` when the file is missing or unreadable: the emulator
 * writes it when it is ready.
 */
export async function loadEmulatorInfo(emulatorDir: string): Promise<EmulatorInfo> {
  const where = join(emulatorDir, EMULATOR_INFO_FILE)
  const info = await readEmulatorInfo(emulatorDir)
  if (info === undefined) {
    throw new AppError('auth/emulator-not-running', `no valid ${where}`)
  }
  let caCertPem: string
  try {
    caCertPem = await readFile(info.caCert, 'utf8')
  } catch (error) {
    throw new AppError('auth/emulator-not-running', `cannot read ${info.caCert}`, {
      cause: error,
    })
  }
  return {
    origin: info.origin.replace(/\/+$/, ''),
    caCertPem,
    tenantId: info.tenantId.toLowerCase(),
    publicClientId: info.publicClientId,
  }
}
