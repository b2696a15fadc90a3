import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { findElectronBinary } from '../helpers/electron-binary'
import { REPO_ROOT } from '../helpers/repo-root'

const binary = findElectronBinary()
if (!binary.found) {
  // Printed in the run's output so the skip is never silent.
  console.log(`[electron e2e] skipped: ${binary.reason}`)
}

test.describe('LogDrop desktop app (Electron)', () => {
  test.skip(!binary.found, binary.found ? '' : binary.reason)

  let app: ElectronApplication
  let page: Page
  let dataDir: string

  test.beforeAll(async () => {
    if (!binary.found) return
    dataDir = await mkdtemp(join(tmpdir(), 'logdrop-electron-e2e-'))
    app = await _electron.launch({
      executablePath: binary.path,
      args: [REPO_ROOT],
      env: { ...process.env, LOGDROP_DATA_DIR: dataDir },
      timeout: 60_000,
    })
    page = await app.firstWindow()
    await expect(page.getByTestId('app-nav')).toBeVisible({ timeout: 30_000 })
  })

  test.afterAll(async () => {
    await app?.close()
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true })
  })

  test('opens one hardened window with the shell', async () => {
    await expect(page).toHaveTitle(/LogDrop/)
    expect(page.url()).toMatch(/^app:\/\/logdrop\//)
    await expect(page.getByTestId('host-kind')).toHaveAttribute('data-host', 'electron')
    const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)
    expect(windows).toBe(1)
  })

  test('the page has no Node, only the contract bridge', async () => {
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>
      const bridge = w['logdropBridge'] as Record<string, unknown> | undefined
      return {
        require: typeof w['require'],
        process: typeof w['process'],
        module: typeof w['module'],
        bridgeKeys: bridge === undefined ? [] : Object.keys(bridge).sort(),
      }
    })
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      bridgeKeys: ['invoke', 'on', 'pathForFile'],
    })
  })

  test('a contract request round-trips over IPC', async () => {
    await page.getByTestId('nav-diagnostics').click()
    const result = page.getByTestId('ping-result')
    await expect(result).toHaveAttribute('data-state', 'idle')
    const message = `electron ping ${Date.now()}`
    await page.getByTestId('ping-message').fill(message)
    await page.getByTestId('ping-button').click()
    await expect(result).toHaveAttribute('data-state', 'done')
    await expect(result).toContainText(`echoed "${message}"`)
  })

  test('the window cannot navigate away or open new windows', async () => {
    const before = page.url()
    const opened = await page.evaluate(() => {
      const child = window.open('https://example.com/')
      window.location.href = 'https://example.com/'
      return child === null
    })
    expect(opened).toBe(true)
    // A round trip through main after the attempts: by then will-navigate has been decided.
    const reply = await page.evaluate(() =>
      (
        window as unknown as {
          logdropBridge: { invoke(channel: string, payload: unknown): Promise<unknown> }
        }
      ).logdropBridge.invoke('app:ping', { message: 'still here' }),
    )
    expect(reply).toMatchObject({ ok: true, value: { message: 'still here' } })
    expect(page.url()).toBe(before)
    await expect(page.getByTestId('app-nav')).toBeVisible()
    expect(app.windows()).toHaveLength(1)
  })
})
