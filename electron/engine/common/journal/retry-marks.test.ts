import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_UPLOAD_OPTIONS, type JobDefinition } from '../../../../shared/models/upload-job'
import { createRetryJob } from '../../main/failed-retry'
import { failedLine } from './failed-store'
import { jobPaths, saveJobDefinition } from './job-store'
import { readAcceptedIds, settleRetries } from './retry-marks'

let dataDir: string
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'logdrop-marks-'))
})
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

/** A job whose failed store holds `count` HTTP 400 failures (stream records kept). */
async function failedJob(jobId: string, count: number): Promise<void> {
  const source = join(dataDir, `${jobId}.ndjson`)
  await writeFile(source, '{}\n')
  const job: JobDefinition = {
    version: 1,
    jobId,
    createdAt: '2026-12-01T00:00:00.000Z',
    files: [{ path: source, size: 3, mtimeMs: 0 }],
    target: { endpoint: 'https://dce.example', dcrImmutableId: 'dcr-1', stream: 'Custom-X' },
    mapping: null,
    options: DEFAULT_UPLOAD_OPTIONS,
  }
  const paths = jobPaths(dataDir, jobId)
  await mkdir(paths.dir, { recursive: true })
  await saveJobDefinition(paths, job)
  const lines = Array.from({ length: count }, (_, ordinal) =>
    failedLine(
      {
        jobId,
        file: source,
        fileIndex: 0,
        ordinal,
        cause: 'http-400',
        status: 400,
        message: 'bad',
        time: '2026-12-01T00:00:00.000Z',
      },
      undefined,
      JSON.stringify({ N: ordinal }),
    ),
  )
  await writeFile(paths.failed, `${lines.join('\n')}\n`)
}

/** What a retry's ledger holds after the service accepted some of its records (no `end`). */
async function acknowledge(jobId: string, first: number, last: number): Promise<void> {
  const ack = { t: 'ack', c: 'r1-1', r: [[0, first, last]] }
  await writeFile(jobPaths(dataDir, jobId).ledger, `${JSON.stringify(ack)}\n`)
}

describe('retry marks', () => {
  it('marks what a killed retry got accepted, from its ledger, and the next retry leaves it out', async () => {
    await failedJob('job-a', 3)
    // The selection keeps file order: the retry's ordinals 0..2 are 0:0, 0:1, 0:2.
    const first = await createRetryJob(dataDir, 'job-a')
    expect(first).toMatchObject({ asIs: 3, alreadyAccepted: 0 })
    await acknowledge(first.definition.jobId, 0, 1)

    expect([...(await settleRetries(dataDir, 'job-a'))].sort()).toEqual(['0:0', '0:1'])
    // Settled once: a second settlement appends nothing.
    await settleRetries(dataDir, 'job-a')
    const log = await readFile(join(jobPaths(dataDir, 'job-a').dir, 'accepted.ndjson'), 'utf8')
    expect(log.trim().split('\n')).toHaveLength(1)
    expect(JSON.parse(log)).toMatchObject({ by: first.definition.jobId, ids: ['0:0', '0:1'] })

    const second = await createRetryJob(dataDir, 'job-a')
    expect(second).toMatchObject({ asIs: 1, alreadyAccepted: 2 })
    const retried = await readFile(
      join(jobPaths(dataDir, second.definition.jobId).dir, 'retry-records.ndjson'),
      'utf8',
    )
    expect(retried).toBe('{"N":2}\n')

    const all = await createRetryJob(dataDir, 'job-a', { includeAccepted: true })
    expect(all).toMatchObject({ asIs: 3, alreadyAccepted: 2 })
  })

  it('counts a retry of a retry for the first job, and refuses a retry of only accepted records', async () => {
    await failedJob('job-b', 1)
    const first = await createRetryJob(dataDir, 'job-b')
    // The first retry failed its record again; a retry of that retry got it accepted.
    const stored = jobPaths(dataDir, first.definition.jobId)
    await writeFile(
      stored.failed,
      `${failedLine({ jobId: first.definition.jobId, file: 'x', fileIndex: 0, ordinal: 0, cause: 'http-400', message: 'bad', time: 't' }, undefined, '{"N":0}')}\n`,
    )
    const nested = await createRetryJob(dataDir, first.definition.jobId)
    await acknowledge(nested.definition.jobId, 0, 0)

    expect([...(await settleRetries(dataDir, 'job-b'))]).toEqual(['0:0'])
    expect([...(await readAcceptedIds(dataDir, first.definition.jobId))]).toEqual(['0:0'])
    await expect(createRetryJob(dataDir, 'job-b')).rejects.toMatchObject({
      code: 'upload/retry-already-accepted',
    })
  })
})
