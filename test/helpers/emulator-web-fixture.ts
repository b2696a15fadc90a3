import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EMULATOR_INFO_FILE } from '../../shared/emulator/ready-info'
import { defaultSeed } from '../../emulator/seed/default-seed'
import { startEmulator, type RunningEmulator } from '../../emulator/start-emulator'
import { expect, test as hostTest } from './web-host-fixture'

/**
 * The browser host (web-host-fixture.ts) with the REAL local emulator beside it, where the
 * app's Local emulator cloud looks for it: `<host data dir>/emulator/emulator.json`, written as
 * `npm run emulator` writes it. Worker-scoped like the host; stopped before the host (and its
 * data folder) goes away. Device-code polling is every second to keep the tests short.
 */
export const test = hostTest.extend<object, { emulator: RunningEmulator }>({
  emulator: [
    async ({ webHost }, use) => {
      const dataDir = join(webHost.dataDir, 'emulator')
      const seed = defaultSeed()
      const emulator = await startEmulator({
        port: 0,
        dataDir,
        seed: { ...seed, settings: { ...seed.settings, deviceCodeIntervalSeconds: 1 } },
      })
      await writeFile(
        join(dataDir, EMULATOR_INFO_FILE),
        `${JSON.stringify(emulator.readyInfo)}\n`,
        { mode: 0o600 },
      )
      await use(emulator)
      await emulator.stop()
    },
    { scope: 'worker', timeout: 60_000 },
  ],
})

export { expect }
