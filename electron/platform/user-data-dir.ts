import { homedir } from 'node:os'
import { logDropDataDir } from '../../shared/data-dir'

/** The LogDrop data folder of this process (see `logDropDataDir`). */
export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return logDropDataDir({ env, platform, home: homedir() })
}
