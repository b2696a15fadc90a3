import type { Page } from '@playwright/test'
import { setEmulatorFaults } from '../helpers/emulator-admin'
import { expect, test } from '../helpers/emulator-web-fixture'
import { journeyCsv, journeyNdjson } from '../helpers/journey-data'
import {
  dropFiles,
  downloadText,
  expectAxeClean,
  goTo,
  picture,
  pickStream,
  signInAsAdele,
  useLocalEmulator,
} from '../helpers/journey-steps'

/*
 * The whole journey through the browser host against the real local emulator: sign in, pick a
 * DCR and stream, drop a CSV and an NDJSON file (and a binary one, which is refused), fix the
 * mapping by hand where the automatic match cannot know, upload with progress, review and
 * export the failed records, fix one and retry it, verify the landed rows through the Log
 * Analytics query API, and find it all in History. Every screen is pictured and scanned by axe.
 */

const JOURNEY = 'journey'
const CSV = journeyCsv(40, [7, 23])
const NDJSON = journeyNdjson(30, [12])
const BAD = CSV.badRows.length + NDJSON.badRows.length
const GOOD = CSV.records + NDJSON.records - BAD
const BINARY = {
  name: 'screenshot.png',
  text: '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000',
  records: 0,
  badRows: [],
}

test.use({
  ignoreHTTPSErrors: true,
  acceptDownloads: true,
  viewport: { width: 1280, height: 1200 },
})
test.describe.configure({ mode: 'serial' })

function mappingRow(page: Page, column: string) {
  return page.locator(`[data-testid="mapping-row"][data-column="${column}"]`)
}

test('the whole journey: drop, map, upload, failed records, retry, verify, history', async ({
  page,
  context,
  webHost,
  emulator,
}, testInfo) => {
  test.setTimeout(240_000)
  await useLocalEmulator(page, webHost.url)
  await signInAsAdele(page, context)
  await pickStream(page, 'dcr-logdrop-appevents', 'Custom-AppEvents')

  // Files: dropped anywhere on the window, the binary one refused with its reason.
  await goTo(page, 'files')
  await picture(page, testInfo, JOURNEY, '01-files-empty')
  await expectAxeClean(page, 'Files, empty')
  await dropFiles(page, [CSV, NDJSON, BINARY])
  const csvRow = page.locator(`[data-testid="file-row"][data-file-name="${CSV.name}"]`)
  const ndjsonRow = page.locator(`[data-testid="file-row"][data-file-name="${NDJSON.name}"]`)
  const binaryRow = page.locator(`[data-testid="file-row"][data-file-name="${BINARY.name}"]`)
  await expect(csvRow).toHaveAttribute('data-format', 'csv')
  await expect(ndjsonRow).toHaveAttribute('data-format', 'ndjson')
  await expect(binaryRow).toHaveAttribute('data-rejected', 'true')
  await expect(binaryRow.getByTestId('file-rejection')).toBeVisible()
  await expect(csvRow.getByTestId('file-encoding')).toContainText('UTF-8')
  await expect(page.getByTestId('files-status')).toContainText('Added')
  // The preview of the CSV: every record, with types inferred per column.
  await csvRow.getByTestId('file-preview').click()
  const preview = page.getByTestId('preview-card')
  await expect(preview).toHaveAttribute('data-file-name', CSV.name)
  await expect(preview.getByTestId('preview-count')).toHaveText(String(CSV.records))
  await expect(preview.getByTestId('preview-table').getByRole('columnheader').first()).toBeVisible()
  await picture(page, testInfo, JOURNEY, '02-files-dropped')
  await expectAxeClean(page, 'Files, with files and a preview')

  // Map: matched automatically; `props` needs the person; the bad levels show up at once.
  await page.getByTestId('files-next').click()
  await expect(page.getByTestId('screen-map')).toBeVisible()
  await expect(mappingRow(page, 'Host')).toHaveAttribute('data-source', 'host')
  await expect(mappingRow(page, 'Time')).toHaveAttribute('data-source', 'timestamp')
  await expect(mappingRow(page, 'DurationMs')).toHaveAttribute('data-source', 'duration_ms')
  await expect(mappingRow(page, 'Message')).toHaveAttribute('data-source', 'msg')
  await expect(mappingRow(page, 'Time').getByTestId('match-badge')).toHaveText(/Synonym · 80%/)
  await expect(mappingRow(page, 'Properties')).toHaveAttribute('data-source', 'none')
  await expect(page.getByTestId('dropped-sources')).toContainText('props')
  const summary = page.getByTestId('check-summary')
  await expect(summary).toHaveAttribute('data-failed', String(BAD))
  await expect(mappingRow(page, 'Level')).toHaveAttribute('data-failures', String(BAD))
  await expect(page.getByTestId('check-failures')).toContainText('"high"')
  await expect(page.getByTestId('time-report')).toHaveAttribute('data-outside', '0')
  await picture(page, testInfo, JOURNEY, '03-map-automatic')
  await expectAxeClean(page, 'Map, automatic match')

  // The one fix by hand, with the keyboard only: focus the picker, open it, type, choose.
  const picker = mappingRow(page, 'Properties').getByTestId('source-picker')
  await picker.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('option', { name: 'props', exact: true })).toBeVisible()
  await page.keyboard.type('props')
  await page.keyboard.press('Enter')
  await expect(mappingRow(page, 'Properties')).toHaveAttribute('data-source', 'props')
  await expect(mappingRow(page, 'Properties')).toHaveAttribute('data-origin', 'user')
  await expect(page.getByTestId('dropped-sources')).toHaveCount(0)
  await expect(summary).toHaveAttribute('data-passed', String(GOOD))

  // The whole files, mapped on the main side without sending.
  await page.getByTestId('dry-run').click()
  const csvRun = page.locator(`[data-testid="dry-run-result"][data-file-name="${CSV.name}"]`)
  const ndjsonRun = page.locator(`[data-testid="dry-run-result"][data-file-name="${NDJSON.name}"]`)
  await expect(csvRun).toHaveAttribute('data-failed', String(CSV.badRows.length))
  await expect(ndjsonRun).toHaveAttribute('data-failed', String(NDJSON.badRows.length))

  await page.getByTestId('profile-name').fill('E2E events')
  await page.getByTestId('profile-save').click()
  await expect(page.getByTestId('profile-status')).toContainText('Saved as “E2E events”')
  await picture(page, testInfo, JOURNEY, '04-map-fixed')
  await expectAxeClean(page, 'Map, fixed and saved')

  // Upload: one button after the passing check; slowed down so there is progress to see.
  await setEmulatorFaults(emulator, { latencyMs: 400 })
  await page.getByTestId('map-next').click()
  await expect(page.getByTestId('screen-upload')).toBeVisible()
  await expect(page.getByTestId('upload-ready')).toHaveAttribute('data-ready', 'true')
  await picture(page, testInfo, JOURNEY, '05-upload-ready')
  await expectAxeClean(page, 'Upload, ready')
  await page.getByTestId('upload-start').click()
  const progress = page.getByTestId('upload-progress')
  await expect(progress).toHaveAttribute('data-state', /running|completed/)
  await expect(progress.getByTestId('upload-file')).toHaveCount(2)
  await picture(page, testInfo, JOURNEY, '06-upload-progress')
  await expect(progress).toHaveAttribute('data-state', 'completed-with-failures', {
    timeout: 60_000,
  })
  await setEmulatorFaults(emulator, {})
  await expect(progress.getByTestId('figure-accepted')).toHaveText(String(GOOD))
  await expect(progress.getByTestId('figure-failed')).toHaveText(String(BAD))
  await expect(page.getByTestId('upload-summary')).toContainText(`${GOOD} records accepted`)
  await expect(page.getByTestId('upload-announcer')).toContainText(
    'Upload finished with failed records',
  )
  const jobId = (await progress.getAttribute('data-job-id')) ?? ''
  expect(jobId).not.toBe('')
  await picture(page, testInfo, JOURNEY, '07-upload-finished')
  await expectAxeClean(page, 'Upload, finished')

  // Failed records: grouped by cause, exported, one fixed and retried.
  await page.getByTestId('summary-failed-link').click()
  await expect(page.getByTestId('screen-failed-records')).toBeVisible()
  const group = page.locator('[data-testid="failed-group"][data-cause="validation"]')
  await expect(group).toHaveAttribute('data-count', String(BAD))
  await expect(page.getByTestId('failed-record')).toHaveCount(BAD)
  await group.click()
  await expect(page.getByTestId('failed-advice')).toBeVisible()

  const ndjsonExport = await downloadText(page, () =>
    page.getByTestId('failed-export-ndjson').click(),
  )
  const exported = ndjsonExport.text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
  expect(exported).toHaveLength(BAD)
  expect(exported.every((line) => line['cause'] === 'validation')).toBe(true)
  expect(exported.map((line) => line['line']).sort()).toEqual(
    [...CSV.badRows.map((row) => row + 1), ...NDJSON.badRows].sort(),
  )
  const csvExport = await downloadText(page, () => page.getByTestId('failed-export-csv').click())
  expect(csvExport.name).toMatch(/\.csv$/)
  const csvLines = csvExport.text.trim().split(/\r?\n/)
  expect(csvLines[0]).toContain('cause')
  expect(csvLines).toHaveLength(BAD + 1)
  await expect(page.getByTestId('failed-notice')).toContainText('Downloading')

  const first = page.getByTestId('failed-record').first()
  const recordId = (await first.getAttribute('data-record-id')) ?? ''
  await first.getByTestId('failed-open').click()
  const details = page.getByTestId('failed-details')
  await expect(details.getByTestId('failed-source')).toContainText('high')
  await expect(details.getByTestId('failed-message')).toContainText('Level')
  await details.getByTestId('failed-edit').click()
  const editor = details.getByTestId('failed-editor')
  // The editor starts with the record mapped as far as it goes, the bad value as it was.
  const start = await editor.inputValue()
  expect(JSON.parse(start)).toMatchObject({
    Level: 'high',
    Host: expect.stringMatching(/^(csv|json)-/),
  })
  expect(JSON.parse(start)).toHaveProperty('Properties.user')
  await editor.fill('{ "Time": "not json"')
  await expect(details).toContainText('This is not valid JSON')
  await editor.fill(start.replace('"high"', '3'))
  await details.getByTestId('failed-edit-save').click()
  await expect(details.getByTestId('failed-edit-valid')).toBeVisible()
  await picture(page, testInfo, JOURNEY, '08-failed-records')
  await expectAxeClean(page, 'Failed records, editing')

  await page
    .locator(`[data-testid="failed-record"][data-record-id="${recordId}"]`)
    .getByTestId('failed-select')
    .check()
  await expect(page.getByTestId('failed-retry')).toHaveText('Retry selected')
  await page.getByTestId('failed-retry').click()
  await expect(page.getByTestId('screen-upload')).toBeVisible()
  const retry = page.getByTestId('upload-progress')
  await expect(retry).not.toHaveAttribute('data-job-id', jobId)
  await expect(retry).toHaveAttribute('data-state', 'completed', { timeout: 30_000 })
  await expect(retry.getByTestId('figure-accepted')).toHaveText('1')

  // History: both uploads; the landed rows counted through the query API.
  await goTo(page, 'history')
  const original = page.locator(`[data-testid="history-entry"][data-job-id="${jobId}"]`)
  await expect(original).toHaveAttribute('data-state', 'completed-with-failures')
  await expect(original.getByTestId('history-accepted')).toHaveText(String(GOOD))
  await expect(page.getByTestId('history-entry')).toHaveCount(2, { timeout: 10_000 })
  await original.getByTestId('history-verify').click()
  const verified = original.getByTestId('verify-result')
  await expect(verified).toHaveAttribute('data-expected', String(GOOD))
  await expect(verified).toHaveAttribute('data-landed', String(GOOD))
  await expect(verified).toContainText('A brand-new table can take minutes')
  await picture(page, testInfo, JOURNEY, '09-history-verified')
  await expectAxeClean(page, 'History, verified')

  // A new page (a new session of the renderer): the chosen target is kept on the main side,
  // and the saved profile comes back by itself.
  await page.reload()
  await goTo(page, 'target')
  await expect(
    page.locator('[data-testid="recent-target"][data-stream="Custom-AppEvents"]'),
  ).toContainText('Chosen')
  await goTo(page, 'map')
  await expect(page.getByTestId('profile-applied')).toContainText('E2E events')
  await expect(mappingRow(page, 'Properties')).toHaveAttribute('data-source', 'props')
  await expect(mappingRow(page, 'Properties')).toHaveAttribute('data-origin', 'profile')
  await picture(page, testInfo, JOURNEY, '10-map-profile-applied')
  await expectAxeClean(page, 'Map, profile applied')

  // The same screens in the high-contrast theme, then back to following the system (also when
  // a check fails: the next spec shares this host).
  await chooseTheme(page, 'high-contrast')
  try {
    await goTo(page, 'map')
    await expect(page.getByTestId('theme-root')).toHaveAttribute('data-theme', 'high-contrast')
    // The pointer rests on the nav item it clicked; its high-contrast hover colours are the
    // shell's (reported separately), not this screen's.
    await page.mouse.move(100, 1150)
    await picture(page, testInfo, JOURNEY, '11-map-high-contrast')
    await expectAxeClean(page, 'Map, high contrast')
    await goTo(page, 'failed-records')
    await page.mouse.move(100, 1150)
    await expectAxeClean(page, 'Failed records, high contrast')
  } finally {
    await chooseTheme(page, 'system')
  }
})

async function chooseTheme(page: Page, theme: 'system' | 'high-contrast'): Promise<void> {
  await goTo(page, 'settings')
  await page.getByTestId(`settings-theme-${theme}`).check()
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-status')).toContainText(/saved/i)
}
