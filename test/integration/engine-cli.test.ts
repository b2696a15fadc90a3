import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/run-cli'
import type { JobListEntry, JobSummary } from '../../shared/models/upload-job'
import {
  APP_EVENTS_STREAM,
  countRows,
  startFixture,
  streamEvent,
  writeNdjson,
  type EngineFixture,
} from './engine-helpers'

let fx: EngineFixture
beforeAll(async () => {
  fx = await startFixture()
})
afterAll(async () => {
  await fx?.stop()
})

/** Runs the CLI in this process and captures what it prints. */
async function logdrop(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const code = await runCli(args, { stdout, stderr, env: {} })
  return { code, stdout: out, stderr: err }
}

describe('the logdrop CLI against the emulator', () => {
  it('uploads with a mapping by name, exports and retries failed records, and lists the jobs', async () => {
    const marker = 'clirun'
    const file = join(fx.dir, 'cli.ndjson')
    // Record 3 has a Level that is not a number; line 5 is broken JSON; Extra has no column.
    await writeNdjson(
      file,
      200,
      (i) => ({ ...streamEvent(i, marker), ...(i === 3 ? { Level: 'high' } : {}), Extra: i }),
      new Set([4]),
    )
    const dataDir = join(fx.dir, 'cli-data')
    const common = [`--emulator=${fx.emulatorDir}`, '--data-dir', dataDir]

    const dry = await logdrop(
      'upload',
      file,
      '--stream',
      APP_EVENTS_STREAM,
      '--dry-run',
      '--json',
      ...common,
    )
    expect(dry.code).toBe(2)
    expect(JSON.parse(dry.stdout)).toMatchObject({
      records: 200,
      wouldSend: 198,
      failedByCause: { parse: 1, validation: 1 },
      droppedFields: 198,
    })
    expect(await readdir(join(dataDir, 'jobs')).catch(() => [])).toEqual([])

    const upload = await logdrop('upload', file, '--stream', APP_EVENTS_STREAM, '--json', ...common)
    expect(upload.code, upload.stderr).toBe(2)
    expect(upload.stderr).toMatch(
      /Mapping by name: Time, Host, Level, Bytes, DurationMs, Success, Properties, Message/,
    )
    expect(upload.stderr).toMatch(/dropped \(no such column\): Extra/)
    const summary = JSON.parse(upload.stdout) as JobSummary & { next: Record<string, string> }
    expect(summary.records).toMatchObject({ accepted: 198, failed: 2 })
    expect(summary.next.retryFailed).toBe(`logdrop failed retry ${summary.jobId}`)
    expect(await countRows(fx.emulator, marker)).toBe(198)

    const csvPath = join(fx.dir, 'failed.csv')
    const exported = await logdrop(
      'failed',
      'export',
      summary.jobId,
      '--format',
      'csv',
      '--out',
      csvPath,
      '--data-dir',
      dataDir,
    )
    expect(exported.code).toBe(0)
    const csv = await readFile(csvPath, 'utf8')
    const rows = parse<Record<string, string>>(csv, { columns: true })
    expect(rows.map((r) => [r['cause'], r['line']])).toEqual([
      ['validation', '4'],
      ['parse', '5'],
    ])
    expect(csv).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/)

    const grouped = await logdrop('failed', 'list', summary.jobId, '--json', '--data-dir', dataDir)
    expect(JSON.parse(grouped.stdout)).toHaveLength(2)

    // A corrected mapping: Level is text in this source, so leave it out.
    const mapping = {
      version: 1,
      stream: APP_EVENTS_STREAM,
      columns: {
        Time: { source: { kind: 'field', path: 'Time' }, type: 'datetime' },
        Message: { source: { kind: 'field', path: 'Message' }, type: 'string' },
      },
      timePolicy: { column: 'Time' },
    }
    const mappingPath = join(fx.dir, 'fixed-mapping.json')
    await writeFile(mappingPath, JSON.stringify(mapping))
    const retry = await logdrop(
      'failed',
      'retry',
      summary.jobId,
      '--mapping',
      mappingPath,
      '--json',
      ...common,
    )
    expect(retry.code, retry.stderr).toBe(0)
    expect(retry.stderr).toMatch(/Retrying 1 failed records .*1 malformed entries cannot be sent/)
    const retried = JSON.parse(retry.stdout) as JobSummary
    expect(retried.records).toMatchObject({ accepted: 1, failed: 0 })
    expect(await countRows(fx.emulator, marker)).toBe(199)

    const jobs = await logdrop('jobs', '--json', '--data-dir', dataDir)
    const list = JSON.parse(jobs.stdout) as JobListEntry[]
    expect(list.map((j) => j.state).sort()).toEqual(['completed', 'completed-with-failures'])
    expect(list.find((j) => j.jobId === retried.jobId)?.retryOf).toBe(summary.jobId)
  })

  it('exits with 1 and says what is missing before sending anything', async () => {
    const file = join(fx.dir, 'none.ndjson')
    await writeNdjson(file, 1, (i) => streamEvent(i, 'none'))
    const missing = await logdrop(
      'upload',
      file,
      '--data-dir',
      join(fx.dir, 'd1'),
      `--emulator=${fx.emulatorDir}`,
    )
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/upload needs --dcr and --stream to pick a rule/)
    expect(missing.stderr).toMatch(/The emulator has: dcr-/)
    const unreadable = await logdrop(
      'upload',
      join(fx.dir, 'nope.ndjson'),
      '--stream',
      APP_EVENTS_STREAM,
      `--emulator=${fx.emulatorDir}`,
      '--data-dir',
      join(fx.dir, 'd2'),
    )
    expect(unreadable.code).toBe(1)
    expect(unreadable.stderr).toMatch(/could not read a source file/)
    const noEmulator = await logdrop(
      'upload',
      file,
      '--stream',
      APP_EVENTS_STREAM,
      `--emulator=${join(fx.dir, 'no-emulator')}`,
    )
    expect(noEmulator.code).toBe(1)
    expect(noEmulator.stderr).toMatch(/No local emulator was found/)
  })
})
