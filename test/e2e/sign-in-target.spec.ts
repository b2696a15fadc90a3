import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BrowserContext, Page, TestInfo } from '@playwright/test'
import { DEFAULT_IDS } from '../../emulator/seed/default-seed'
import { blockingViolations } from '../helpers/axe-scan'
import { expect, test } from '../helpers/emulator-web-fixture'
import { REPO_ROOT } from '../helpers/repo-root'

/*
 * The Sign in and Target screens end to end: Chromium drives the built app through the browser
 * host, against the real local emulator (Entra ID, ARM and Logs Ingestion on one https origin).
 * The test also plays the person's "system browser": the app opens the emulator's sign-in page
 * in a new tab, the test picks an account there, and the page form-POSTs to msal's loopback.
 *
 * The tests run in order and share one host and one emulator: accounts signed in by one test
 * are there for the next (the browser host keeps the token cache in memory).
 */

const ADELE = { username: 'adele.vance@contoso.example', name: 'Adele Vance' }
const BEN = { username: 'ben.walters@contoso.example', name: 'Ben Walters' }
const MAIN_SUBSCRIPTION = 'Contoso Logging (emulated)'

/** Where the pictures of each state are kept (also attached to the report). */
const SCREENS_DIR = join(REPO_ROOT, 'test-results', 'screens', 'sign-in-target')

// The emulator's certificate comes from its own CA: only this spec's contexts accept it.
test.use({ ignoreHTTPSErrors: true })
test.describe.configure({ mode: 'serial' })

/**
 * Saves a picture of the whole screen. The app scrolls inside <main>, so the window is made as
 * tall as the content for the picture (a full-page shot would stop at the window).
 */
async function picture(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await mkdir(SCREENS_DIR, { recursive: true })
  const size = page.viewportSize() ?? { width: 1280, height: 720 }
  const content = await page.getByTestId('main').evaluate((main) => main.scrollHeight)
  const header = await page.getByTestId('main').evaluate((main) => main.getBoundingClientRect().top)
  await page.setViewportSize({
    width: size.width,
    height: Math.min(4000, Math.max(size.height, Math.ceil(header + content))),
  })
  const body = await page.screenshot({ fullPage: true })
  await page.setViewportSize(size)
  await writeFile(join(SCREENS_DIR, `${name}.png`), body)
  await testInfo.attach(name, { body, contentType: 'image/png' })
}

async function expectAxeClean(page: Page, what: string): Promise<void> {
  expect(await blockingViolations(page), what).toEqual([])
}

/** Opens the app on a screen and waits until it is connected and showing it. */
async function openScreen(page: Page, url: string, screen: 'sign-in' | 'target' | 'settings') {
  const response = await page.goto(`${url}#/${screen}`)
  expect(response?.status()).toBe(200)
  await expect(page.getByTestId(`screen-${screen}`)).toBeVisible()
}

async function goTo(page: Page, screen: 'sign-in' | 'target'): Promise<void> {
  await page.getByTestId(`nav-${screen}`).click()
  await expect(page.getByTestId(`screen-${screen}`)).toBeVisible()
}

function account(page: Page, username: string) {
  return page.locator(`[data-testid="account"][data-username="${username}"]`)
}

/**
 * Clicks "Sign in with browser" and returns the tab the app opened, on the emulator's account
 * picker (the test is the system browser from here).
 */
async function startBrowserSignIn(page: Page, context: BrowserContext): Promise<Page> {
  const opened = context.waitForEvent('page')
  await page.getByTestId('sign-in-browser').click()
  const tab = await opened
  await expect(tab.getByRole('heading', { name: 'Pick an account' })).toBeVisible()
  return tab
}

/** Signs in through the sign-in tab, as the person would, and waits for the account. */
async function signInWithBrowser(
  page: Page,
  context: BrowserContext,
  who: { username: string; name: string },
): Promise<void> {
  const tab = await startBrowserSignIn(page, context)
  // While the person is on the page, the app says so and offers the page as a link too.
  await expect(page.getByTestId('sign-in-status')).toHaveAttribute('data-state', 'waiting')
  await expect(page.getByTestId('sign-in-page-link')).toHaveAttribute('href', tab.url())
  await tab.getByRole('button', { name: new RegExp(who.name) }).click()
  // The emulator's page form-POSTs the code to msal's loopback, which answers with its page.
  await expect(tab.getByRole('heading', { name: 'Signed in to LogDrop' })).toBeVisible()
  await tab.close()
  await expect(page.getByTestId('sign-in-outcome')).toContainText(`Signed in as ${who.name}`)
  await expect(page.getByTestId('sign-in-status')).toHaveAttribute('data-state', 'idle')
  await expect(account(page, who.username)).toHaveAttribute('data-active', 'true')
}

/** Signs out whoever an earlier spec on this host left signed in, through the UI. */
async function signOutEveryone(page: Page): Promise<void> {
  const accounts = page.getByTestId('account')
  await expect(page.getByTestId('accounts-card')).toBeVisible()
  for (let left = await accounts.count(); left > 0; left -= 1) {
    await accounts.first().getByTestId('account-sign-out').click()
    await page.getByTestId('sign-out-confirm').click()
    await expect(accounts).toHaveCount(left - 1)
    // The dialog keeps the page aria-hidden until it has closed: an axe check made before
    // then flags the page (seen once as aria-hidden-focus on #root).
    await expect(page.getByTestId('sign-out-confirm')).toHaveCount(0)
  }
}

test.describe('Sign in and Target against the local emulator', () => {
  test('chooses the Local emulator cloud and signs in in the browser', async ({
    page,
    context,
    webHost,
    emulator,
  }, testInfo) => {
    // The cloud is a setting: pick the Local emulator as a person would. (Other specs share
    // this host and emulator, so it may be chosen already, and accounts may be signed in.)
    await openScreen(page, webHost.url, 'settings')
    const cloud = page.getByTestId('settings-cloud')
    if (!((await cloud.textContent()) ?? '').includes('Local emulator')) {
      await cloud.click()
      await page.getByRole('option', { name: /Local emulator/ }).click()
      await page.getByTestId('settings-save').click()
      await expect(page.getByTestId('settings-status')).toContainText(/saved/i)
    }

    await goTo(page, 'sign-in')
    await signOutEveryone(page)
    await expect(page.getByTestId('auth-cloud')).toHaveText('Local emulator')
    await expect(page.getByTestId('auth-tenant')).toHaveText(emulator.tenantId)
    await expect(page.getByTestId('emulator-status')).toHaveAttribute('data-state', 'running')
    await expect(page.getByTestId('no-accounts')).toBeVisible()
    // No OS key store in the browser host: memory only, with the opt-in and its warning.
    await expect(page.getByTestId('token-cache-card')).toHaveAttribute('data-storage', 'memory')
    await expect(page.getByTestId('token-cache-warning')).toContainText('UNENCRYPTED')
    await expect(page.getByTestId('token-cache-opt-in')).not.toBeChecked()
    await picture(page, testInfo, '01-sign-in-signed-out')
    await expectAxeClean(page, 'Sign in, signed out')

    const tab = await startBrowserSignIn(page, context)
    expect(
      tab.url().startsWith(`${emulator.origin}/${emulator.tenantId}/oauth2/v2.0/authorize?`),
    ).toBe(true)
    await expect(page.getByTestId('sign-in-pending')).toHaveAttribute('data-method', 'interactive')
    await expect(page.getByTestId('sign-in-time-left')).toHaveText(/^\d+:\d\d$/)
    await picture(page, testInfo, '02-sign-in-waiting-for-browser')
    await expectAxeClean(page, 'Sign in, waiting for the browser')
    await tab.getByRole('button', { name: new RegExp(ADELE.name) }).click()
    await expect(tab.getByRole('heading', { name: 'Signed in to LogDrop' })).toBeVisible()
    await tab.close()

    const adele = account(page, ADELE.username)
    await expect(adele).toHaveAttribute('data-active', 'true')
    await expect(adele).toContainText(ADELE.name)
    await expect(adele).toContainText(emulator.tenantId)
    await expect(adele.getByTestId('account-active')).toHaveText('Active')
    await expect(adele).toHaveAttribute('data-needs-sign-in', 'false')
    await expect(page.getByTestId('sign-in-status')).toHaveAttribute('data-state', 'idle')
    await picture(page, testInfo, '03-sign-in-signed-in')
    await expectAxeClean(page, 'Sign in, signed in')
  })

  test('browses subscriptions, DCRs across both ARM pages and a stream; the check is ready', async ({
    page,
    webHost,
    emulator,
  }, testInfo) => {
    await openScreen(page, webHost.url, 'target')
    await expect(page.getByTestId('browse-account')).toContainText(ADELE.name)

    const subscriptions = page.getByTestId('subscription-list')
    await expect(subscriptions.getByRole('radio')).toHaveCount(2)
    await page.getByTestId('subscription-search').fill('sandbox')
    await expect(subscriptions.getByRole('radio')).toHaveCount(1)
    await expect(subscriptions.getByRole('radio', { name: /Contoso Sandbox/ })).toBeVisible()
    await page.getByTestId('subscription-search').fill(DEFAULT_IDS.subscriptionMain.slice(0, 8))
    await subscriptions.getByRole('radio', { name: MAIN_SUBSCRIPTION }).check()

    // Every DCR of the subscription, including those only on ARM's second page.
    const pageSize = emulator.seed.settings?.armPageSize ?? 5
    const mainDcrs = emulator.dcrs.filter((d) => d.id.includes(DEFAULT_IDS.subscriptionMain))
    expect(mainDcrs.length).toBeGreaterThan(pageSize)
    const dcrList = page.getByTestId('dcr-list')
    await expect(dcrList.getByRole('radio')).toHaveCount(mainDcrs.length)
    for (const dcr of mainDcrs.slice(pageSize)) {
      await expect(dcrList.getByRole('radio', { name: new RegExp(dcr.name) })).toBeVisible()
    }
    await expect(page.getByTestId('dcrs-card')).toContainText(`${mainDcrs.length} rules`)

    // A Direct DCR: its own endpoint, its stream's columns, the transform and the naming.
    await page.getByTestId('dcr-search').fill('requests')
    await expect(dcrList.getByRole('radio')).toHaveCount(1)
    await dcrList.getByRole('radio', { name: /dcr-logdrop-requests/ }).check()
    await page
      .getByTestId('stream-list')
      .getByRole('radio', { name: /Custom-Requests/ })
      .check()
    const details = page.getByTestId('stream-details')
    await expect(details).toHaveAttribute('data-stream', 'Custom-Requests')
    await expect(details.getByTestId('stream-endpoint')).toHaveAttribute('data-source', 'dcr')
    await expect(details.getByTestId('stream-endpoint')).toContainText('kind Direct')
    await expect(details.getByTestId('stream-naming')).toContainText(
      'input stream Custom-Requests. The rule’s transform turns them into the output stream Custom-Requests_CL, which is stored as the table Requests_CL in the workspace law-logdrop',
    )
    await expect(details.getByTestId('stream-transform')).toHaveText(
      'source | extend TimeGenerated = todatetime(Timestamp) | project-rename RequestUrl = Url',
    )
    const columns = details.getByTestId('stream-column')
    await expect(columns).toHaveCount(6)
    await expect(columns.nth(0)).toHaveText('Timestampdatetime')
    await expect(columns.nth(1)).toHaveText('Urlstring')
    await expect(columns.nth(5)).toHaveText('Clientdynamic')

    // A DCR from the second page, through its DCE: this is the one to send to.
    await page.getByTestId('dcr-search').fill('')
    const traces = mainDcrs.find((d) => d.name === 'dcr-logdrop-traces')
    if (traces === undefined) throw new Error('the default seed changed: no dcr-logdrop-traces')
    await dcrList.getByRole('radio', { name: /dcr-logdrop-traces/ }).check()
    await page
      .getByTestId('stream-list')
      .getByRole('radio', { name: /Custom-Traces/ })
      .check()
    await expect(details.getByTestId('stream-endpoint')).toHaveAttribute('data-source', 'dce')
    await expect(details.getByTestId('stream-endpoint')).toContainText('dce-logdrop-weu')
    await expect(details.getByTestId('stream-column')).toHaveCount(6)
    await expect(details.getByTestId('stream-naming')).toContainText('table Traces_CL')

    const chosen = page.getByTestId('chosen-target')
    await expect(chosen).toHaveAttribute('data-stream', 'Custom-Traces')
    await expect(chosen).toContainText(traces.immutableId)
    await expect(chosen).toContainText(traces.ingestionEndpoint)
    await expect(page.getByTestId('connection-check')).toHaveAttribute('data-state', 'unchecked')
    await page.getByTestId('check-connection').click()
    await expect(page.getByTestId('connection-check')).toHaveAttribute('data-state', 'ready')
    await expect(page.getByTestId('check-ready')).toContainText(
      `${ADELE.name} may send to Custom-Traces`,
    )
    // A ready target joins the recent list.
    await expect(
      page.locator('[data-testid="recent-target"][data-stream="Custom-Traces"]'),
    ).toBeVisible()
    await picture(page, testInfo, '04-target-stream-ready')
    await expectAxeClean(page, 'Target, stream picked and ready')
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect(page.getByTestId('theme-root')).toHaveAttribute('data-theme', 'dark')
    await picture(page, testInfo, '04-target-stream-ready-dark')
    await expectAxeClean(page, 'Target, stream picked and ready (dark)')
  })

  test('a second account without rights gets the 403 advice', async ({
    page,
    context,
    webHost,
  }, testInfo) => {
    await openScreen(page, webHost.url, 'sign-in')
    await expect(account(page, ADELE.username)).toHaveAttribute('data-active', 'true')
    await signInWithBrowser(page, context, BEN)
    await expect(page.getByTestId('account')).toHaveCount(2)
    await expect(account(page, ADELE.username)).toHaveAttribute('data-active', 'false')

    // Switch to Adele and back to Ben, with the account buttons.
    await account(page, ADELE.username).getByTestId('account-switch').click()
    await expect(account(page, ADELE.username)).toHaveAttribute('data-active', 'true')
    await expect(page.getByTestId('sign-in-outcome')).toContainText(`Now using ${ADELE.name}`)
    await account(page, BEN.username).getByTestId('account-switch').click()
    await expect(account(page, BEN.username)).toHaveAttribute('data-active', 'true')
    await picture(page, testInfo, '05-sign-in-two-accounts')

    await goTo(page, 'target')
    await expect(page.getByTestId('browse-account')).toContainText(BEN.name)
    // Ben holds no role: no subscription, and the way out is said plainly.
    await expect(page.getByTestId('no-subscriptions')).toBeVisible()

    await page
      .locator('[data-testid="recent-target"][data-stream="Custom-Traces"]')
      .getByTestId('recent-use')
      .click()
    await expect(page.getByTestId('chosen-target')).toHaveAttribute('data-stream', 'Custom-Traces')
    await page.getByTestId('check-connection').click()
    const check = page.getByTestId('connection-check')
    await expect(check).toHaveAttribute('data-state', 'not-ready')
    const refusal = page.getByTestId('check-not-ready')
    await expect(refusal).toHaveAttribute('data-status', '403')
    await expect(refusal).toHaveAttribute('data-error-code', 'target/forbidden')
    await expect(refusal).toContainText('Not allowed to send (403)')
    await expect(refusal).toContainText('Monitoring Metrics Publisher')
    await expect(refusal).toContainText('up to 30 minutes')
    await picture(page, testInfo, '06-target-forbidden')
    await expectAxeClean(page, 'Target, 403 advice')

    // The manual tab: prefilled from nothing here, validated inline.
    await page.getByTestId('target-tab-manual').click()
    await page.getByTestId('manual-dcrImmutableId').fill('/subscriptions/x')
    await page.getByTestId('manual-streamName').click()
    await expect(page.getByTestId('manual-form')).toContainText('That is the DCR resource id')
    await page.getByTestId('manual-use').click()
    await expect(page.getByTestId('manual-form')).toContainText('Enter the logs ingestion endpoint')
    await picture(page, testInfo, '07-target-manual-invalid')
    await expectAxeClean(page, 'Target, manual entry with problems')
  })

  test('cancels a pending sign-in, with the keyboard only', async ({
    page,
    context,
    webHost,
  }, testInfo) => {
    await openScreen(page, webHost.url, 'sign-in')
    const signInButton = page.getByTestId('sign-in-browser')
    await signInButton.focus()
    await expect(signInButton).toBeFocused()
    const opened = context.waitForEvent('page')
    await page.keyboard.press('Enter')
    const tab = await opened
    await expect(tab.getByRole('heading', { name: 'Pick an account' })).toBeVisible()
    await page.bringToFront()
    const status = page.getByTestId('sign-in-status')
    await expect(status).toHaveAttribute('data-state', 'waiting')
    // The buttons say they are unavailable but keep focus where it was.
    await expect(signInButton).toBeDisabled()
    await expect(signInButton).toBeFocused()
    // The countdown runs.
    await expect(page.getByTestId('sign-in-time-left')).toHaveText(/^4:5\d$/)
    // Tab on: the other two ways to sign in, the sign-in page link, then Cancel.
    const cancel = page.getByTestId('sign-in-cancel')
    for (let step = 0; step < 6; step += 1) {
      if (await cancel.evaluate((button) => button === document.activeElement)) break
      await page.keyboard.press('Tab')
    }
    await expect(cancel).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(status).toHaveAttribute('data-state', 'idle')
    await expect(page.getByTestId('sign-in-outcome')).toHaveAttribute('data-outcome', 'cancelled')
    await expect(page.getByTestId('sign-in-browser')).toBeEnabled()
    await picture(page, testInfo, '08-sign-in-cancelled')
    // Nothing changed: still the same two accounts, Ben active.
    await expect(page.getByTestId('account')).toHaveCount(2)
    await expect(account(page, BEN.username)).toHaveAttribute('data-active', 'true')
    await tab.close()
  })

  test('signs in with a device code', async ({ page, context, webHost, emulator }, testInfo) => {
    await openScreen(page, webHost.url, 'sign-in')
    await page.getByTestId('sign-in-code').click()
    const code = page.getByTestId('device-code')
    await expect(code).toHaveText(/^[A-Z0-9]{6,}$/)
    const userCode = (await code.textContent()) ?? ''
    await expect(page.getByTestId('sign-in-pending')).toHaveAttribute('data-method', 'device-code')
    await expect(page.getByTestId('device-code-url')).toHaveText(`${emulator.origin}/devicelogin`)
    // The code is good for 15 minutes, but LogDrop waits 5: the shorter one is shown.
    await expect(page.getByTestId('device-code-time-left')).toHaveText(/^[45]:\d\d$/)
    await expect(page.getByTestId('sign-in-time-left')).toHaveCount(0)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: webHost.origin,
    })
    await page.getByTestId('device-code-copy').click()
    await expect(page.getByTestId('device-code-copy')).toHaveText('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(userCode)
    await picture(page, testInfo, '09-sign-in-device-code')
    await expectAxeClean(page, 'Sign in, device code')

    // Another device: the verification page, the code, the account.
    const device = await context.newPage()
    await device.goto(`${emulator.origin}/devicelogin`)
    await device.getByLabel('Code').fill(userCode)
    await device.getByRole('button', { name: 'Next' }).click()
    await device.getByRole('button', { name: new RegExp(ADELE.name) }).click()
    await expect(device.getByText('You have signed in')).toBeVisible()
    await device.close()

    await expect(page.getByTestId('sign-in-outcome')).toContainText(`Signed in as ${ADELE.name}`)
    await expect(page.getByTestId('sign-in-status')).toHaveAttribute('data-state', 'idle')
    await expect(account(page, ADELE.username)).toHaveAttribute('data-active', 'true')
  })

  test('signs out after confirming', async ({ page, webHost }, testInfo) => {
    await openScreen(page, webHost.url, 'sign-in')
    await account(page, BEN.username).getByTestId('account-sign-out').click()
    const dialog = page.getByTestId('sign-out-dialog')
    await expect(dialog).toContainText(`Sign out ${BEN.name}?`)
    await picture(page, testInfo, '10-sign-out-confirm')
    await expectAxeClean(page, 'Sign out dialog')
    // Keeping the account changes nothing.
    await dialog.getByRole('button', { name: 'Keep signed in' }).click()
    await expect(account(page, BEN.username)).toBeVisible()

    await account(page, BEN.username).getByTestId('account-sign-out').click()
    await page.getByTestId('sign-out-confirm').click()
    await expect(page.getByTestId('sign-in-outcome')).toContainText(`Signed out ${BEN.name}`)
    await expect(account(page, BEN.username)).toHaveCount(0)

    await account(page, ADELE.username).getByTestId('account-sign-out').click()
    await page.getByTestId('sign-out-confirm').click()
    await expect(page.getByTestId('no-accounts')).toBeVisible()
    await picture(page, testInfo, '11-sign-in-signed-out-again')

    // Without an account, browsing says how to get one.
    await goTo(page, 'target')
    await expect(page.getByTestId('browse-needs-sign-in')).toBeVisible()
    await expect(page.getByTestId('check-connection')).toBeDisabled()
  })
})
