import type { Logger } from '../../platform/logger'

export async function migrateOldUploads(_dataDir: string, _logger: Logger): Promise<void> {}
