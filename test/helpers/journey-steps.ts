import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test'
import { blockingViolations } from './axe-scan'
import type { JourneyFile } from './journey-data'
import { REPO_ROOT } from './repo-root'

/**
 * Steps the end-to-end journeys share, done the way a person does them in the browser host:
 * through the nav, the settings form, the emulator's sign-in page in a new tab, the Target
 * screen's pickers, and files dropped on the window.
 */

export const ADELE = { username: 'adele.vance@contoso.example', name: 'Adele Vance' }
export const MAIN_SUBSCRIPTION = 'Contoso Logging (emulated)'

/** Where a journey's pictures go (also attached to the report). */
export function screensDir(journey: string): string {
  return join(REPO_ROOT, 'test-results', 'screens', journey)
}

/** Saves a full-page picture as a test artifact. */
export async function picture(
  page: Page,
  testInfo: TestInfo,
  journey: string,
  name: string,
): Promise<void> {
  const dir = screensDir(journey)
  await mkdir(dir, { recursive: true })
  const body = await page.screenshot({ fullPage: true })
  await writeFile(join(dir, `${name}.png`), body)
  await testInfo.attach(name, { body, contentType: 'image/png' })
}

/** Fails with the rules broken when axe finds a serious or critical problem. */
export async function expectAxeClean(page: Page, what: string): Promise<void> {
  expect(await blockingViolations(page), what).toEqual([])
}

/** Opens the app on a screen (a deep link) and waits until it shows. */
export async function openScreen(page: Page, url: string, screen: string): Promise<void> {
  const response = await page.goto(`${url}#/${screen}`)
  expect(response?.status()).toBe(200)
  await expect(page.getByTestId(`screen-${screen}`)).toBeVisible()
}

/** Moves to a screen through the nav. */
export async function goTo(page: Page, screen: string): Promise<void> {
  await page.getByTestId(`nav-${screen}`).click()
  await expect(page.getByTestId(`screen-${screen}`)).toBeVisible()
}

/** Chooses the Local emulator cloud in Settings (once; later runs find it chosen). */
export async function useLocalEmulator(page: Page, url: string): Promise<void> {
  await openScreen(page, url, 'settings')
  const cloud = page.getByTestId('settings-cloud')
  await expect(cloud).toBeVisible()
  if (((await cloud.textContent()) ?? '').includes('Local emulator')) return
  await cloud.click()
  await page.getByRole('option', { name: /Local emulator/ }).click()
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-status')).toContainText(/saved/i)
}

/** Signs Adele in through the emulator's sign-in page (unless she is already active). */
export async function signInAsAdele(page: Page, context: BrowserContext): Promise<void> {
  await goTo(page, 'sign-in')
  const adele = page.locator(`[data-testid="account"][data-username="${ADELE.username}"]`)
  await expect(page.getByTestId('sign-in-status')).toHaveAttribute('data-state', 'idle')
  if ((await adele.count()) > 0 && (await adele.getAttribute('data-active')) === 'true') return
  const opened = context.waitForEvent('page')
  await page.getByTestId('sign-in-browser').click()
  const tab = await opened
  await tab.getByRole('button', { name: new RegExp(ADELE.name) }).click()
  await expect(tab.getByRole('heading', { name: 'Signed in to LogDrop' })).toBeVisible()
  await tab.close()
  await expect(adele).toHaveAttribute('data-active', 'true')
}

/** Picks a DCR's stream on the Target screen and runs the connection check. */
export async function pickStream(page: Page, dcrName: string, stream: string): Promise<void> {
  await goTo(page, 'target')
  await page
    .getByTestId('subscription-list')
    .getByRole('radio', { name: MAIN_SUBSCRIPTION })
    .check()
  await page.getByTestId('dcr-list').getByRole('radio', { name: dcrName }).check()
  await page.getByTestId('stream-list').getByRole('radio', { name: stream }).check()
  await expect(page.getByTestId('chosen-target')).toHaveAttribute('data-stream', stream)
  await page.getByTestId('check-connection').click()
  await expect(page.getByTestId('connection-check')).toHaveAttribute('data-state', 'ready')
}

/**
 * Drops files on the window as a person dragging them from the file manager would: a real
 * `dragenter` and `drop` with a DataTransfer holding Files built in the page. Returns once the
 * drop overlay has shown and gone.
 */
export async function dropFiles(page: Page, files: readonly JourneyFile[]): Promise<void> {
  const payload = files.map((file) => ({ name: file.name, text: file.text }))
  const handle = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer()
    for (const file of list) transfer.items.add(new File([file.text], file.name))
    return transfer
  }, payload)
  const target = page.getByTestId('main')
  await target.dispatchEvent('dragenter', { dataTransfer: handle })
  await expect(page.getByTestId('drop-overlay')).toBeVisible()
  await target.dispatchEvent('dragover', { dataTransfer: handle })
  await target.dispatchEvent('drop', { dataTransfer: handle })
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0)
  await handle.dispose()
}

/** Downloads what a click starts and returns its text. */
export async function downloadText(
  page: Page,
  click: () => Promise<void>,
): Promise<{
  readonly name: string
  readonly text: string
}> {
  const started = page.waitForEvent('download')
  await click()
  const download = await started
  const stream = await download.createReadStream()
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') }
}
