import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { PassThrough } from 'node:stream'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_UPLOAD_OPTIONS, type JobDefinition } from '../../../shared/models/upload-job'
import { jobPaths, saveJobDefinition } from '../common/journal/job-store'
import { exportFailedRecords } from './failed-export'
import { createRetryJob } from './failed-retry'
import { failedLine } from '../common/journal/failed-store'

let dataDir: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'logdrop-retry-'))
})

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

describe('createRetryJob', () => {
  it('re-sends and exports a stream record as the exact text that was sent, long values beyond 2^53 included', async () => {
    const source = join(dataDir, 'source.ndjson')
    await writeFile(source, '{}\n')
    const job: JobDefinition = {
      version: 2,
      jobId: 'job-long',
      createdAt: '2026-11-25T00:00:00.000Z',
      files: [{ path: source, size: 3, mtimeMs: 0, mapping: null }],
      target: { endpoint: 'https://dce.example', dcrImmutableId: 'dcr-1', streamName: 'Custom-X' },
      mappings: [],
      options: DEFAULT_UPLOAD_OPTIONS,
    }
    const paths = jobPaths(dataDir, job.jobId)
    await mkdir(paths.dir, { recursive: true })
    await saveJobDefinition(paths, job)
    const sent = [
      '{"Id":9007199254740993,"Host":"web-1","mapped":{"Id":1}}',
      '{"Id":-12345678901234567891,"Note":"caf\\u00e9"}',
    ]
    const info = (ordinal: number) => ({
      jobId: job.jobId,
      file: source,
      fileIndex: 0,
      ordinal,
      line: ordinal + 1,
      cause: 'server-error' as const,
      status: 500,
      message: 'The service failed.',
      time: '2026-11-25T00:00:00.000Z',
    })
    await writeFile(
      paths.failed,
      `${sent.map((text, ordinal) => failedLine(info(ordinal), { mapped: 'src' }, text)).join('\n')}\n`,
    )

    const plan = await createRetryJob(dataDir, job.jobId)
    expect(plan.asIs).toBe(2)
    const retried = plan.definition.files[0]
    expect(retried?.mapping).toBeNull()
    const lines = (await readFile(retried?.path ?? '', 'utf8')).trim().split('\n')
    // Exactly as sent: JSON.parse and JSON.stringify would have written ...740992 and ...567000.
    expect(lines).toEqual(sent)

    // Exports keep the stored text too: the NDJSON line as stored, the CSV cell as sent.
    for (const format of ['ndjson', 'csv'] as const) {
      const out = new PassThrough()
      let text = ''
      out.on('data', (chunk: Buffer) => (text += chunk.toString()))
      expect(await exportFailedRecords(paths.failed, format, out)).toBe(2)
      expect(text).toContain('9007199254740993')
      expect(text).toContain('-12345678901234567891')
    }
  })
})
