import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { SCREENS } from '../../renderer/src/app/screens'
import { blockingViolations } from '../helpers/axe-scan'
import { REPO_ROOT } from '../helpers/repo-root'
import { expect, test } from '../helpers/web-host-fixture'

/** Where every screen's picture is kept for people to look at (also attached to the report). */
const SCREENS_DIR = join(REPO_ROOT, 'test-results', 'screens')

/** Opens the app at its secret URL and waits until it is connected and showing a screen. */
async function openApp(page: Page, url: string): Promise<void> {
  const response = await page.goto(url)
  expect(response?.status()).toBe(200)
  await expect(page.getByTestId('app-nav')).toBeVisible()
  await expect(page.getByTestId('screen-title')).toBeVisible()
}

/** Goes to a screen through the nav, as a person would, and waits for its heading. */
async function showScreen(page: Page, id: string, label: string): Promise<void> {
  await page.getByTestId(`nav-${id}`).click()
  await expect(page.getByTestId(`screen-${id}`)).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible()
}

test.describe('LogDrop in the browser host', () => {
  test('the shell renders with every screen in the navigation', async ({ page, webHost }) => {
    await openApp(page, webHost.url)
    await expect(page).toHaveTitle(/LogDrop/)
    const nav = page.getByTestId('app-nav')
    for (const label of [
      'Sign in',
      'Target',
      'Files',
      'Map',
      'Upload',
      'Failed records',
      'History',
      'Settings',
    ]) {
      await expect(nav.getByText(label, { exact: true })).toBeVisible()
    }
    await expect(page.getByTestId('host-kind')).toHaveAttribute('data-host', 'browser')
  })

  test('the page has no Node and no Electron bridge in the browser host', async ({
    page,
    webHost,
  }) => {
    await openApp(page, webHost.url)
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>
      return [
        typeof w['require'],
        typeof w['process'],
        typeof w['module'],
        typeof w['logdropBridge'],
      ]
    })
    expect(globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined'])
  })

  test('a contract request round-trips to the main-side services', async ({ page, webHost }) => {
    await openApp(page, webHost.url)
    await showScreen(page, 'diagnostics', 'Diagnostics')
    const result = page.getByTestId('ping-result')
    await expect(result).toHaveAttribute('data-state', 'idle')
    const message = `e2e ping ${Date.now()}`
    await page.getByTestId('ping-message').fill(message)
    await page.getByTestId('ping-button').click()
    // The service echoes the message with the time it received it: a real round trip.
    await expect(result).toHaveAttribute('data-state', 'done')
    await expect(result).toContainText(`echoed "${message}"`)
    await expect(page.getByTestId('ping-error')).toHaveCount(0)
  })

  test('the host refuses requests without its secret', async ({ page, webHost }) => {
    const wrongSecret = `${webHost.secret.slice(0, -2)}xx`
    for (const path of ['/', '/index.html', `/${wrongSecret}/`, `/${webHost.secret}x/`]) {
      const response = await page.request.get(`${webHost.origin}${path}`)
      expect(response.status(), path).toBe(403)
      expect(await response.text(), path).not.toContain('<div id="root">')
    }
    // A person who drops the secret from the address sees a refusal, not the app.
    const visit = await page.goto(`${webHost.origin}/`)
    expect(visit?.status()).toBe(403)
    await expect(page.getByTestId('app-nav')).toHaveCount(0)
  })

  test('a WebSocket without the secret fails, one with it opens', async ({ page, webHost }) => {
    await openApp(page, webHost.url)
    const tryOpen = (url: string) =>
      page.evaluate(
        (target) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(target)
            socket.onopen = () => {
              socket.close()
              resolve('open')
            }
            socket.onerror = () => resolve('refused')
          }),
        url,
      )
    const wsOrigin = webHost.origin.replace(/^http:/, 'ws:')
    expect(await tryOpen(`${wsOrigin}/ws`)).toBe('refused')
    expect(await tryOpen(`${wsOrigin}/not-the-secret/ws`)).toBe('refused')
    // Control: the same page can open the real socket, so the refusals above are the host's.
    expect(await tryOpen(`${wsOrigin}/${webHost.secret}/ws`)).toBe('open')
  })

  for (const scheme of ['light', 'dark'] as const) {
    test(`every screen passes axe in the ${scheme} theme`, async ({ page, webHost }, testInfo) => {
      await page.emulateMedia({ colorScheme: scheme })
      await openApp(page, webHost.url)
      await expect(page.getByTestId('theme-root')).toHaveAttribute('data-theme', scheme)
      await mkdir(SCREENS_DIR, { recursive: true })
      for (const screen of SCREENS) {
        await showScreen(page, screen.id, screen.label)
        const picture = await page.screenshot({ fullPage: true })
        await writeFile(join(SCREENS_DIR, `${scheme}-${screen.id}.png`), picture)
        await testInfo.attach(`${scheme}-${screen.id}`, { body: picture, contentType: 'image/png' })

        const blocking = await blockingViolations(page)
        expect.soft(blocking, `${screen.label} (${scheme})`).toEqual([])
      }
    })
  }
})
