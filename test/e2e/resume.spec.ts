import { expect, test, type Page } from '@playwright/test'
import { setEmulatorFaults } from '../helpers/emulator-admin'
import { journeyNdjson } from '../helpers/journey-data'
import {
  expectAxeClean,
  goTo,
  picture,
  pickStream,
  signInAsAdele,
  useLocalEmulator,
} from '../helpers/journey-steps'
import { startRestartableHost, type RestartableHost } from '../helpers/restartable-host'

/*
 * A restart in the middle of an upload: the browser host is stopped while an upload runs
 * (slowed by the emulator's latency fault so there is a middle), started again with the same
 * secret, the page reloads the same address, and the upload is resumed from History. The rows
 * counted in the workspace through the query API must equal the records in the file.
 */

const JOURNEY = 'resume'
/** Enough records for several 1 MB requests, sent one at a time. */
const FILE = journeyNdjson(24_000, [], Date.now(), 'big-events.ndjson')

test.use({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 1000 } })

let host: RestartableHost

test.beforeAll(async () => {
  host = await startRestartableHost()
})

test.afterAll(async () => {
  await host.dispose()
})

/** A figure as the screen shows it (`12,345`) as a number. */
async function figure(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId('upload-progress').getByTestId(testId).textContent()) ?? ''
  return Number(text.replace(/,/g, ''))
}

async function setConcurrency(page: Page, value: number): Promise<void> {
  await goTo(page, 'settings')
  const field = page.getByTestId('settings-concurrency')
  await field.fill(String(value))
  await field.press('Tab')
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-status')).toContainText(/saved/i)
}

test('an upload interrupted by a host restart resumes from History with no record lost', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(240_000)
  await useLocalEmulator(page, host.url)
  await setConcurrency(page, 1)
  await signInAsAdele(page, context)
  await pickStream(page, 'dcr-logdrop-appevents', 'Custom-AppEvents')

  // The file input this time (Choose files), not a drop.
  await goTo(page, 'files')
  await page.getByTestId('file-input').setInputFiles({
    name: FILE.name,
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(FILE.text, 'utf8'),
  })
  const row = page.locator(`[data-testid="file-row"][data-file-name="${FILE.name}"]`)
  await expect(row).toHaveAttribute('data-format', 'ndjson', { timeout: 30_000 })

  await goTo(page, 'map')
  const properties = page.locator('[data-testid="mapping-row"][data-column="Properties"]')
  await properties.getByTestId('source-picker').click()
  await page.getByRole('option', { name: 'props', exact: true }).click()
  await expect(page.getByTestId('check-summary')).toHaveAttribute('data-failed', '0')

  // Slow: one request in flight, each answered after a second and a half.
  await setEmulatorFaults(host.emulator, { latencyMs: 1_500 })
  await goTo(page, 'upload')
  await page.getByTestId('upload-start').click()
  const progress = page.getByTestId('upload-progress')
  await expect(progress).toHaveAttribute('data-state', 'running')
  const jobId = (await progress.getAttribute('data-job-id')) ?? ''
  // The middle: some records accepted, the file not done.
  await expect
    .poll(() => figure(page, 'figure-accepted'), {
      timeout: 60_000,
    })
    .toBeGreaterThan(0)
  // Pause holds it (requests in flight finish, nothing new goes out); resume carries on.
  await page.getByTestId('upload-pause').click()
  await expect(progress).toHaveAttribute('data-state', 'paused')
  await expect(page.getByTestId('upload-announcer')).toContainText('Upload paused')
  await page.getByTestId('upload-resume').click()
  await expect(progress).toHaveAttribute('data-state', 'running')
  await picture(page, testInfo, JOURNEY, '01-upload-in-the-middle')
  const acceptedBefore = await figure(page, 'figure-accepted')
  expect(acceptedBefore).toBeLessThan(FILE.records)

  // Restart the host; the page shows it lost the link, then reloads the same address.
  expect(await host.stop()).toBe(0)
  await expect(page.getByTestId('connection-banner')).toBeVisible({ timeout: 30_000 })
  await host.start()
  await setEmulatorFaults(host.emulator, {})
  await page.reload()
  await expect(page.getByTestId('app-nav')).toBeVisible()

  // The token cache lived in memory: sign in again, then resume from History.
  await signInAsAdele(page, context)
  await goTo(page, 'history')
  const entry = page.locator(`[data-testid="history-entry"][data-job-id="${jobId}"]`)
  await expect(entry).toHaveAttribute('data-state', 'interrupted')
  await picture(page, testInfo, JOURNEY, '02-history-interrupted')
  await expectAxeClean(page, 'History, interrupted upload')
  await entry.getByTestId('history-resume').click()
  await expect(page.getByTestId('screen-upload')).toBeVisible()
  const resumed = page.getByTestId('upload-progress')
  await expect(resumed).toHaveAttribute('data-job-id', jobId)
  await expect(resumed).toHaveAttribute('data-state', 'completed', { timeout: 120_000 })
  await picture(page, testInfo, JOURNEY, '03-upload-resumed')

  // Every record of the file is in the table: none lost. A request in flight when the host
  // stopped may have landed although its answer never came back; those records were sent again
  // and LogDrop says how many may be in the table twice (Log Analytics does not deduplicate).
  await goTo(page, 'history')
  await expect(entry).toHaveAttribute('data-state', 'completed')
  await expect(entry.getByTestId('history-accepted')).toHaveText(
    new Intl.NumberFormat('en-US').format(FILE.records),
  )
  await entry.getByTestId('history-verify').click()
  const verified = entry.getByTestId('verify-result')
  await expect(verified).toHaveAttribute('data-expected', String(FILE.records))
  const landed = Number(await verified.getAttribute('data-landed'))
  const duplicates = Number(await verified.getAttribute('data-duplicates'))
  expect(landed).toBeGreaterThanOrEqual(FILE.records)
  expect(landed - FILE.records).toBeLessThanOrEqual(duplicates)
  if (duplicates > 0) await expect(verified).toContainText('may have been sent twice')
  await picture(page, testInfo, JOURNEY, '04-history-verified')
})
