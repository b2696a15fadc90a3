import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, test } from '../helpers/emulator-web-fixture'
import { queryEmulator } from '../helpers/emulator-query'
import { loghubPath, readLoghub } from '../helpers/loghub'
import {
  dropFiles,
  expectAxeClean,
  goTo,
  pickStream,
  signInAsAdele,
  useLocalEmulator,
} from '../helpers/journey-steps'

/*
 * Real logs nobody here wrote (loghub's Linux and Spark samples, test/fixtures/loghub) through
 * the browser host and the emulator: the Map screen finds the time split over columns
 * (`{Month} {Date} {Time}`, year-less syslog; `{Date} {Time}` as yy/MM/dd), survives a date
 * format typed badly, keeps the unmapped fields in a dynamic column, and the rows that land carry
 * exactly the instants the files name.
 */

const FILES = ['Linux', 'Spark'] as const
const NAMES = { Linux: 'Linux_2k.log_structured.csv', Spark: 'Spark_2k.log_structured.csv' }

test.use({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 1200 } })

function mappingRow(page: Page, column: string) {
  return page.locator(`[data-testid="mapping-row"][data-column="${column}"]`)
}

/** The instant a Linux row names: this year, or last year when that would be ahead of now. */
function linuxInstant(month: string, day: string, time: string, nowMs: number): string {
  const months = 'JanFebMarAprMayJunJulAugSepOctNovDec'
  const index = months.indexOf(month) / 3
  let year = new Date(nowMs).getUTCFullYear()
  const at = (y: number) =>
    Date.UTC(y, index, Number(day), ...(time.split(':').map(Number) as [number, number, number]))
  if (at(year) > nowMs + 86_400_000) year -= 1
  return new Date(at(year)).toISOString()
}

test('loghub Linux and Spark samples: mapped on the Map screen, landed with their times', async ({
  page,
  context,
  webHost,
  emulator,
}) => {
  test.setTimeout(180_000)
  await useLocalEmulator(page, webHost.url)
  await signInAsAdele(page, context)
  await pickStream(page, 'dcr-logdrop-appevents', 'Custom-AppEvents')
  await goTo(page, 'files')
  await dropFiles(
    page,
    FILES.map((system) => ({
      name: NAMES[system],
      text: readFileSync(loghubPath(system), 'utf8'),
      records: 200,
      badRows: [],
    })),
  )
  for (const system of FILES) {
    await expect(
      page.locator(`[data-testid="file-row"][data-file-name="${NAMES[system]}"]`),
    ).toHaveAttribute('data-format', 'csv')
  }
  await page.getByTestId('files-next').click()
  await expect(page.getByTestId('screen-map')).toBeVisible()
  const tabs = page.getByTestId('shape-tabs')
  await expect(tabs.getByRole('tab')).toHaveCount(2)

  // Linux: the time is three columns and has no year; Content is the message; Level is text,
  // so it is not proposed for the int Level column.
  await tabs.getByRole('tab', { name: NAMES.Linux }).click()
  await expect(page.getByTestId('map-files')).toContainText(NAMES.Linux)
  await expect(mappingRow(page, 'Time')).toHaveAttribute('data-source', '{Month} {Date} {Time}')
  await expect(mappingRow(page, 'Time').getByTestId('match-badge')).toHaveText(/By its values/)
  await expect(mappingRow(page, 'Message')).toHaveAttribute('data-source', 'Content')
  await expect(mappingRow(page, 'Level')).toHaveAttribute('data-source', 'none')
  const summary = page.getByTestId('check-summary')
  await expect(summary).toHaveAttribute('data-failed', '0')

  // Typing a date format by hand never breaks the screen: half-typed, it says what is wrong.
  const format = mappingRow(page, 'Time').getByTestId('date-format')
  await format.fill('y')
  await expect(mappingRow(page, 'Time')).toContainText('use yyyy')
  await format.fill('HH:mm:ss')
  await expect(mappingRow(page, 'Time')).toContainText('needs a month and a day')
  await format.fill('EEE MMM dd HH:mm:ss yyyy')
  await expect(page.getByTestId('screen-error')).toHaveCount(0)
  await expect(summary).toHaveAttribute('data-failed', '200')
  await format.fill('MMM d HH:mm:ss')
  await expect(summary).toHaveAttribute('data-failed', '0')
  await expect(mappingRow(page, 'Time').getByTestId('date-year')).toBeVisible()

  // The fields no column reads go into the dynamic Properties column instead of being dropped.
  await page.getByTestId('unmapped-fields').click()
  await page.getByRole('option', { name: 'Keep them in Properties' }).click()
  await expect(mappingRow(page, 'Properties')).toContainText('Keeps the fields no column reads')
  await expectAxeClean(page, 'Map, Linux sample')

  // Spark: `17/06/09` is yy/MM/dd (2017-06-09), found from the values.
  await tabs.getByRole('tab', { name: NAMES.Spark }).click()
  await expect(page.getByTestId('map-files')).toContainText(NAMES.Spark)
  await expect(mappingRow(page, 'Time')).toHaveAttribute('data-source', '{Date} {Time}')
  await expect(mappingRow(page, 'Time').getByTestId('date-format')).toHaveValue('yy/MM/dd HH:mm:ss')
  await expect(page.getByTestId('time-assistant')).toContainText('2017-06-09T20:10:40.000Z')
  await expect(summary).toHaveAttribute('data-failed', '0')
  await expectAxeClean(page, 'Map, Spark sample')

  await page.getByTestId('map-next').click()
  await expect(page.getByTestId('upload-ready')).toHaveAttribute('data-ready', 'true')
  await page.getByTestId('upload-start').click()
  const progress = page.getByTestId('upload-progress')
  await expect(progress).toHaveAttribute('data-state', 'completed', { timeout: 60_000 })
  await expect(progress.getByTestId('figure-accepted')).toHaveText('400')

  // Every landed row carries the instant its file names (in Time; the DCR's transform makes it
  // TimeGenerated, which Azure and the emulator replace by the arrival time when over 2 days old).
  const nowMs = Date.now()
  const rows = await queryEmulator(
    emulator,
    'AppEvents_CL | project Time, Message, Level, Properties',
  )
  const landed = new Map(rows.map((row) => [`${String(row.Message)}|${String(row.Time)}`, row]))
  const expected = [
    ...readLoghub('Linux').records.map((r) => ({
      time: linuxInstant(r.Month ?? '', r.Date ?? '', r.Time ?? '', nowMs),
      message: r.Content ?? '',
    })),
    ...readLoghub('Spark').records.map((r) => ({
      time: new Date(`20${(r.Date ?? '').replace(/\//g, '-')}T${r.Time ?? ''}Z`).toISOString(),
      message: r.Content ?? '',
    })),
  ]
  expect(rows).toHaveLength(400)
  const missing = expected.filter((row) => !landed.has(`${row.message}|${row.time}`))
  expect(missing).toEqual([])
  const linuxRow = rows.find((row) =>
    String(row.Time).startsWith(expected[0]?.time.slice(0, 19) ?? '-'),
  )
  expect(linuxRow?.Level ?? null).toBeNull()
  // The query API answers a dynamic column as JSON text, as Log Analytics does.
  expect(JSON.parse(String(linuxRow?.Properties))).toMatchObject({ PID: '19939', Level: 'combo' })
})
