import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { upgradeJobDefinition } from './job-definition-upgrade'
import { jobPathsIn, loadJobDefinition } from './job-store'

const MAPPING = { version: 1, stream: 'Custom-X', columns: {} }

/** A `job.json` as the code before one upload was one job wrote it. */
function v1(extra: Record<string, unknown>) {
  return {
    version: 1,
    jobId: '20261201-100000-abcdef',
    createdAt: '2026-12-01T10:00:00.000Z',
    files: [
      { path: '/data/a.ndjson', size: 10, mtimeMs: 1 },
      { path: '/data/b.ndjson', size: 20, mtimeMs: 2, premapped: true },
    ],
    target: { endpoint: 'https://dce.example', dcrImmutableId: 'dcr-1', stream: 'Custom-X' },
    options: {
      concurrency: 8,
      gzipLevel: 'auto',
      maxAttempts: 10,
      maxElapsedMs: 600_000,
      requestTimeoutMs: 120_000,
      baseBackoffMs: 1000,
      maxBackoffMs: 60_000,
    },
    ...extra,
  }
}

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-upgrade-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('job.json version 1', () => {
  it('becomes one mapping that every file but the premapped ones names', () => {
    const parsed = upgradeJobDefinition(v1({ mapping: MAPPING }))
    expect(parsed.success && parsed.data).toMatchObject({
      version: 2,
      mappings: [MAPPING],
      files: [
        { path: '/data/a.ndjson', mapping: 0 },
        { path: '/data/b.ndjson', mapping: null },
      ],
      target: { streamName: 'Custom-X' },
    })
    expect(parsed.success && 'premapped' in (parsed.data.files[1] ?? {})).toBe(false)
  })

  it('without a mapping sends every file as it is', () => {
    const parsed = upgradeJobDefinition(v1({ mapping: null }))
    expect(parsed.success && parsed.data.mappings).toEqual([])
    expect(parsed.success && parsed.data.files.map((f) => f.mapping)).toEqual([null, null])
  })

  it('is upgraded on disk once, on first read', async () => {
    const paths = jobPathsIn(dir)
    await writeFile(paths.job, JSON.stringify(v1({ mapping: MAPPING })))
    const loaded = await loadJobDefinition(paths)
    expect(loaded.version).toBe(2)
    const stored = JSON.parse(await readFile(paths.job, 'utf8')) as unknown
    expect(stored).toEqual(loaded)
  })

  it('that is damaged is refused, not guessed', () => {
    expect(upgradeJobDefinition(v1({ mapping: MAPPING, files: [] })).success).toBe(false)
  })
})
