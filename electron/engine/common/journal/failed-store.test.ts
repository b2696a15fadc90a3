import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { failedLine, readFailedRecords, removeFailedRecords, SOURCE_TOO_DEEP } from './failed-store'

const INFO = {
  jobId: 'j',
  file: '/data/deep.json',
  fileIndex: 0,
  ordinal: 3,
  line: 4,
  cause: 'validation',
  message: 'Properties: nested too deeply',
  time: '2025-01-01T00:00:00Z',
} as const

describe('failedLine', () => {
  it('keeps the failure of a record too deeply nested to serialise, without its source', () => {
    let deep: unknown = 'leaf'
    for (let i = 0; i < 200_000; i++) deep = { d: deep }
    const line = JSON.parse(failedLine(INFO, { props: deep })) as Record<string, unknown>
    expect(line['id']).toBe('0:3')
    expect(line['message']).toBe(INFO.message)
    expect(line['source']).toBe(SOURCE_TOO_DEEP)
  })

  it('stores an ordinary source record as it is', () => {
    const line = JSON.parse(failedLine(INFO, { Level: 'x' })) as Record<string, unknown>
    expect(line['source']).toEqual({ Level: 'x' })
  })
})

describe('removeFailedRecords', () => {
  it('removes the records asked for and keeps every other one as stored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'logdrop-failed-'))
    try {
      const path = join(dir, 'failed.ndjson')
      const lines = [0, 1, 2, 3].map((ordinal) =>
        failedLine({ ...INFO, ordinal }, { n: ordinal }, `{"Big":900719925474099${3 + ordinal}}`),
      )
      await writeFile(path, `${lines.join('\n')}\n`)
      const removed = await removeFailedRecords(path, (record) => record.ordinal % 2 === 1)
      expect(removed).toBe(2)
      const kept: number[] = []
      for await (const record of readFailedRecords(path)) kept.push(record.ordinal)
      expect(kept).toEqual([0, 2])
      // Stored text is copied, not re-encoded (long values beyond 2^53 keep their digits).
      expect(await readFile(path, 'utf8')).toBe(`${lines[0]}\n${lines[2]}\n`)
      expect(await removeFailedRecords(path, () => false)).toBe(0)
      expect(await removeFailedRecords(join(dir, 'none.ndjson'), () => true)).toBe(0)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
