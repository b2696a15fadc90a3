import { test as base, expect } from '@playwright/test'
import { startWebHostProcess, type WebHostProcess } from './web-host-process'

/**
 * Playwright fixtures for tests through the browser host.
 *
 * `webHost` is worker-scoped: one built host process (fresh data folder, free port) per worker,
 * stopped after the worker's tests; the test gets its secret URL. Stopping checks the host shut
 * down cleanly (exit code 0 on SIGTERM).
 */
export const test = base.extend<object, { webHost: WebHostProcess; hostGroup: string }>({
  // A spec that needs a host of its own (nothing left by other specs) sets another group:
  // Playwright gives different worker options different workers, so its fixtures are new.
  hostGroup: ['shared', { scope: 'worker', option: true }],
  webHost: [
    // Playwright requires the fixtures argument to be an object pattern, even when empty.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const host = await startWebHostProcess()
      await use(host)
      const code = await host.stop()
      expect(code, `browser host exit code; stderr:\n${host.stderr()}`).toBe(0)
    },
    { scope: 'worker', timeout: 60_000 },
  ],
})

export { expect }
