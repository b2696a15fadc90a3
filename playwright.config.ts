import { defineConfig, devices } from '@playwright/test'
import { CHROMIUM_ARGS, findChromium } from './test/helpers/chromium-path'

const isCI = Boolean(process.env['CI'])
const executablePath = findChromium()

/**
 * End-to-end tests: the built app through the browser host in Debian's Chromium (found
 * automatically; LOGDROP_CHROMIUM or CHROMIUM_PATH override it), and the desktop app through
 * Playwright's Electron support when an Electron binary exists. `npm run test:e2e` builds first.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  // Two cores: one worker keeps the host, Chromium and the tests from starving each other.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          ...(executablePath === undefined ? {} : { executablePath }),
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
})
