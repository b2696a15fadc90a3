import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, expect, test, type Browser } from '@playwright/test'
import { spkiSha256 } from '../../emulator/certs'
import { startEmulator, type RunningEmulator } from '../../emulator/start-emulator'
import { CHROMIUM_ARGS, findChromium } from '../helpers/chromium-path'

/*
 * The emulator's sign-in pages in a browser that was told to trust the emulator's CA, as
 * emulator/README.md documents it for development: Chromium started with
 * `--ignore-certificate-errors-spki-list=<SPKI hash of the server certificate>` (the flag the
 * emulator prints at start). No `ignoreHTTPSErrors` here: the page must open without the certificate interstitial,
 * and the same page without the flag must be refused, so the test sees the difference.
 */

let dir: string
let emulator: RunningEmulator

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-emulator-cert-'))
  emulator = await startEmulator({ port: 0, dataDir: join(dir, 'emulator') })
})
test.afterAll(async () => {
  await emulator?.stop()
  await rm(dir, { recursive: true, force: true })
})

async function launch(extraArgs: readonly string[]): Promise<Browser> {
  const executablePath = findChromium()
  return chromium.launch({
    ...(executablePath === undefined ? {} : { executablePath }),
    args: [...CHROMIUM_ARGS, ...extraArgs],
  })
}

function authorizeUrl(): string {
  const query = new URLSearchParams({
    client_id: emulator.publicClientId,
    response_type: 'code',
    redirect_uri: 'http://localhost',
    scope: 'openid offline_access https://monitor.azure.com/.default',
  })
  return `${emulator.authority}/oauth2/v2.0/authorize?${query.toString()}`
}

test('the sign-in and device-code pages open without a certificate warning once the CA is trusted', async () => {
  // The server certificate's key, as the emulator prints it at start (Chromium matches the leaf).
  const serverPem = await readFile(join(dir, 'emulator', 'tls', 'server.pem'), 'utf8')
  const browser = await launch([`--ignore-certificate-errors-spki-list=${spkiSha256(serverPem)}`])
  try {
    const page = await browser.newPage()
    const signIn = await page.goto(authorizeUrl())
    expect(signIn?.status()).toBe(200)
    await expect(page.getByRole('heading', { name: 'Pick an account' })).toBeVisible()
    const device = await page.goto(`${emulator.origin}/devicelogin`)
    expect(device?.status()).toBe(200)
    await expect(page.getByRole('heading', { name: 'Enter code' })).toBeVisible()
  } finally {
    await browser.close()
  }
})

test('without the trust the same page is refused as an untrusted certificate', async () => {
  const browser = await launch([])
  try {
    const page = await browser.newPage()
    await expect(page.goto(authorizeUrl())).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/)
  } finally {
    await browser.close()
  }
})
