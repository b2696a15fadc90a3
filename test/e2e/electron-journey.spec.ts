import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { EMULATOR_INFO_FILE } from '../../shared/emulator/ready-info'
import { startEmulator, type RunningEmulator } from '../../emulator/start-emulator'
import { createTestBrowser } from '../helpers/auth-app-fixture'
import { findElectronBinary } from '../helpers/electron-binary'
import { journeyNdjson } from '../helpers/journey-data'
import { ADELE, goTo, pickStream } from '../helpers/journey-steps'
import { REPO_ROOT } from '../helpers/repo-root'

/**
 * The main journey in the real desktop app: sign in against the local emulator through the
 * system-browser path (shell.openExternal, caught in the main process), pick a stream, choose a
 * file through the native dialog (stubbed in the main process to answer a real path), upload it.
 *
 * Runs wherever an Electron binary exists (ELECTRON_OVERRIDE_DIST_PATH or ELECTRON_PATH point at
 * one; on Linux run under `xvfb-run -a`); otherwise skipped with the reason printed.
 */
const binary = findElectronBinary()
if (!binary.found) console.log(`[electron journey] skipped: ${binary.reason}`)

const RECORDS = 40
const BAD_ROWS = [5]

test.describe('LogDrop desktop app: sign in and upload (Electron)', () => {
  test.skip(!binary.found, binary.found ? '' : binary.reason)
  test.setTimeout(180_000)

  let app: ElectronApplication
  let page: Page
  let dataDir: string
  let emulator: RunningEmulator

  test.beforeAll(async () => {
    if (!binary.found) return
    dataDir = await mkdtemp(join(tmpdir(), 'logdrop-electron-journey-'))
    // The Local emulator cloud finds the emulator through <data dir>/emulator/emulator.json.
    emulator = await startEmulator({ port: 0, dataDir: join(dataDir, 'emulator') })
    await writeFile(
      join(dataDir, 'emulator', EMULATOR_INFO_FILE),
      `${JSON.stringify(emulator.readyInfo)}\n`,
      { mode: 0o600 },
    )
    // Only the cloud: tenant and client id of the Local emulator come from emulator.json.
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ cloud: 'LocalEmulator' }))
    app = await _electron.launch({
      executablePath: binary.path,
      args: [REPO_ROOT],
      env: { ...process.env, LOGDROP_DATA_DIR: dataDir },
      timeout: 60_000,
    })
    // Act as the system browser: keep the URL the app would open instead of opening it.
    await app.evaluate(({ shell }) => {
      const store = globalThis as unknown as { openedUrls: string[] }
      store.openedUrls = []
      shell.openExternal = async (url: string) => {
        store.openedUrls.push(url)
      }
    })
    page = await app.firstWindow()
    await expect(page.getByTestId('app-nav')).toBeVisible({ timeout: 30_000 })
  })

  test.afterAll(async () => {
    await app?.close()
    await emulator?.stop()
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true })
  })

  test('signs in through the system browser and uploads a file', async () => {
    await goTo(page, 'sign-in')
    await page.getByTestId('sign-in-browser').click()
    await expect
      .poll(() =>
        app.evaluate(() => (globalThis as unknown as { openedUrls: string[] }).openedUrls.length),
      )
      .toBe(1)
    const [url] = await app.evaluate(
      () => (globalThis as unknown as { openedUrls: string[] }).openedUrls,
    )
    const browser = createTestBrowser(emulator.caCertPem)
    const answer = await browser.signIn(url as string, { username: ADELE.username })
    await browser.close()
    expect(answer.status).toBe(200)
    const adele = page.locator(`[data-testid="account"][data-username="${ADELE.username}"]`)
    await expect(adele).toHaveAttribute('data-active', 'true')

    await pickStream(page, 'dcr-logdrop-appevents', 'Custom-AppEvents')

    const files = join(dataDir, 'input')
    await mkdir(files, { recursive: true })
    const file = journeyNdjson(RECORDS, BAD_ROWS)
    const path = join(files, file.name)
    await writeFile(path, file.text)
    // The native open dialog answers with the real path, as a person picking the file would.
    await app.evaluate(({ dialog }, picked) => {
      dialog.showOpenDialog = async () => ({ canceled: false, filePaths: [picked] })
    }, path)
    await goTo(page, 'files')
    await page.getByTestId('choose-files').click()
    await expect(page.getByTestId('files-status')).toContainText('Added')
    await page.getByTestId('files-next').click()
    await expect(page.getByTestId('screen-map')).toBeVisible()

    const properties = page.locator('[data-testid="mapping-row"][data-column="Properties"]')
    await properties.getByTestId('source-picker').focus()
    await page.keyboard.press('Enter')
    await page.keyboard.type('props')
    await page.keyboard.press('Enter')
    await expect(properties).toHaveAttribute('data-source', 'props')

    await page.getByTestId('map-next').click()
    await expect(page.getByTestId('upload-ready')).toHaveAttribute('data-ready', 'true')
    await page.getByTestId('upload-start').click()
    const progress = page.getByTestId('upload-progress')
    await expect(progress.getByTestId('figure-accepted')).toHaveText(
      String(RECORDS - BAD_ROWS.length),
      { timeout: 60_000 },
    )
    await expect(progress.getByTestId('figure-failed')).toHaveText(String(BAD_ROWS.length))
  })
})
