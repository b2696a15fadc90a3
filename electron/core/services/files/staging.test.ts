import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { safeFileName, stageUpload, stagingRoot, sweepStaging } from './staging'

let dataDir: string
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'logdrop-staging-'))
})
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

describe('staged uploads', () => {
  it('keep a safe name with its extension', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd')
    expect(safeFileName('C:\\logs\\app.csv')).toBe('app.csv')
    expect(safeFileName('a:b*c?.ndjson')).toBe('a_b_c_.ndjson')
    expect(safeFileName('..')).toBeUndefined()
    expect(safeFileName('')).toBeUndefined()
    const long = safeFileName(`${'x'.repeat(300)}.json.gz`) as string
    expect(long).toHaveLength(200)
    expect(long.endsWith('.gz')).toBe(true)
  })

  it('stream to a private file and count its bytes', async () => {
    const staged = await stageUpload(
      dataDir,
      'events.csv',
      Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]),
    )
    expect(staged.size).toBe(8)
    expect(staged.path.endsWith('/events.csv')).toBe(true)
  })

  it('refuse too much, or less than announced, and leave nothing behind', async () => {
    const before = (await readdir(stagingRoot(dataDir))).length
    await expect(
      stageUpload(dataDir, 'big.csv', Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), {
        maxBytes: 1000,
      }),
    ).rejects.toMatchObject({ code: 'files/upload-too-large' })
    await expect(
      stageUpload(dataDir, 'short.csv', Readable.from([Buffer.alloc(10)]), { expectedBytes: 20 }),
    ).rejects.toMatchObject({ code: 'files/upload-failed' })
    await expect(
      stageUpload(dataDir, 'x', Readable.from([]), { expectedBytes: 5000, maxBytes: 10 }),
    ).rejects.toMatchObject({
      code: 'files/upload-too-large',
    })
    expect((await readdir(stagingRoot(dataDir))).length).toBe(before)
  })

  it('sweep away copies nothing needs, keeping needed ones and folders newer than the sweep', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'logdrop-sweep-'))
    const root = stagingRoot(dir)
    const old = Date.now() / 1000 - 3600
    for (const name of ['unused', 'needed', 'arriving']) {
      await mkdir(join(root, name), { recursive: true })
      await writeFile(join(root, name, 'app.csv'), 'a,b\n1,2\n')
      if (name !== 'arriving') await utimes(join(root, name), old, old)
    }
    const startedMs = Date.now() - 60_000
    const asked: string[] = []
    const removed = await sweepStaging(dir, startedMs, async (path) => {
      asked.push(path)
      return path === join(root, 'needed', 'app.csv')
    })
    expect(removed).toBe(1)
    expect((await readdir(root)).sort()).toEqual(['arriving', 'needed'])
    expect(asked).not.toContain(join(root, 'arriving', 'app.csv'))
    // No staging folder at all is nothing to do.
    expect(await sweepStaging(join(dir, 'none'), Date.now(), async () => false)).toBe(0)
    await rm(dir, { recursive: true, force: true })
  })
})
