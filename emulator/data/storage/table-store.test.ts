import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  WORKSPACE_ID,
  ingest,
  query,
  rowsOf,
  startDataPlaneHarness,
} from '../../../test/helpers/data-plane-harness'
import { TableStore } from './table-store'

let dataDir: string
const noLog = () => undefined

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'logdrop-table-store-'))
})
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

async function scanAll(store: TableStore, table: string): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = []
  await store.scan(WORKSPACE_ID, table, (row) => {
    rows.push(row)
    return true
  })
  return rows
}

describe('TableStore', () => {
  it('appends NDJSON under tables/<workspace>/<table>.ndjson and reads it back in order', async () => {
    const store = await TableStore.open(dataDir, noLog)
    await store.append(WORKSPACE_ID, 'AppEvents_CL', [{ n: 1 }, { n: 2 }])
    await store.append(WORKSPACE_ID, 'AppEvents_CL', [{ n: 3 }])
    expect(await scanAll(store, 'AppEvents_CL')).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
    await store.close()
    const text = await readFile(
      join(dataDir, 'tables', WORKSPACE_ID, 'AppEvents_CL.ndjson'),
      'utf8',
    )
    expect(text).toBe('{"n":1}\n{"n":2}\n{"n":3}\n')
  })

  it('resolves an append only once its rows are in the file, concurrent appends in order', async () => {
    const store = await TableStore.open(dataDir, noLog)
    const path = join(dataDir, 'tables', WORKSPACE_ID, 'T_CL.ndjson')
    await store.append(WORKSPACE_ID, 'T_CL', [{ n: 0 }])
    expect(await readFile(path, 'utf8')).toBe('{"n":0}\n')
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.append(WORKSPACE_ID, 'T_CL', [{ n: i + 1 }])),
    )
    const lines = (await readFile(path, 'utf8')).trim().split('\n')
    expect(lines.map((line) => (JSON.parse(line) as { n: number }).n)).toEqual(
      Array.from({ length: 51 }, (_, i) => i),
    )
    expect(store.rowCount(WORKSPACE_ID, 'T_CL')).toBe(51)
    await store.close()
  })

  it('stops scanning when the callback says so', async () => {
    const store = await TableStore.open(dataDir, noLog)
    await store.append(
      WORKSPACE_ID,
      'T_CL',
      Array.from({ length: 1000 }, (_, n) => ({ n })),
    )
    let seen = 0
    await store.scan(WORKSPACE_ID, 'T_CL', () => ++seen < 10)
    expect(seen).toBe(10)
    await store.close()
  })

  it('counts rows on open and cuts a torn last line', async () => {
    const first = await TableStore.open(dataDir, noLog)
    await first.append(WORKSPACE_ID, 'T_CL', [{ n: 1 }, { n: 2 }])
    await first.close()
    const path = join(dataDir, 'tables', WORKSPACE_ID, 'T_CL.ndjson')
    await appendFile(path, '{"n":3, "trunc')
    const messages: string[] = []
    const second = await TableStore.open(dataDir, (m) => messages.push(m))
    expect(second.rowCount(WORKSPACE_ID, 'T_CL')).toBe(2)
    expect(messages).toEqual([`table ${WORKSPACE_ID}/T_CL: cut 14 bytes of a torn last row`])
    await second.append(WORKSPACE_ID, 'T_CL', [{ n: 4 }])
    expect(await scanAll(second, 'T_CL')).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }])
    await second.close()
  })

  it('refuses names that could escape the data dir', async () => {
    const store = await TableStore.open(dataDir, noLog)
    await expect(store.append(WORKSPACE_ID, '../evil', [{}])).rejects.toThrow(
      'Invalid workspace or table name',
    )
    await expect(store.append('../..', 'T_CL', [{}])).rejects.toThrow(
      'Invalid workspace or table name',
    )
    await store.close()
  })

  it('reset deletes every stored row', async () => {
    const store = await TableStore.open(dataDir, noLog)
    await store.append(WORKSPACE_ID, 'T_CL', [{ n: 1 }])
    await store.flush()
    await store.reset()
    expect(store.counts()).toEqual({})
    expect(await scanAll(store, 'T_CL')).toEqual([])
    await store.close()
  })
})

describe('DataPlane persistence', () => {
  it('keeps accepted rows across close() and open()', async () => {
    const first = await startDataPlaneHarness({ dataDir })
    const time = new Date(Date.now() - 60_000).toISOString()
    const records = [
      { Time: time, Host: 'kept-1', Level: 1 },
      { Time: time, Host: 'kept-2', Level: 2 },
    ]
    expect((await ingest(first, records)).status).toBe(204)
    await first.close()

    const second = await startDataPlaneHarness({ dataDir })
    try {
      const result = await query(second, 'AppEvents_CL | project TimeGenerated, Host, Level')
      expect(rowsOf(result.body)).toEqual([
        { TimeGenerated: time, Host: 'kept-1', Level: 1 },
        { TimeGenerated: time, Host: 'kept-2', Level: 2 },
      ])
      expect(rowsOf((await query(second, 'AppEvents_CL | count')).body)).toEqual([{ Count: 2 }])
    } finally {
      await second.close()
    }
  })
})
