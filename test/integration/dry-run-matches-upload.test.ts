import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dryRunJob } from '../../electron/engine/main/dry-run'
import { startJob, type NewJob } from '../../electron/engine/main/job-runner'
import {
  APP_EVENTS_MAPPING,
  appEventsColumns,
  appEventsTarget,
  countRows,
  servicePrincipalTokens,
  sourceEvent,
  startFixture,
  type EngineFixture,
} from './engine-helpers'

let fx: EngineFixture
beforeAll(async () => {
  fx = await startFixture()
})
afterAll(async () => {
  await fx?.stop()
})

/**
 * NDJSON with what real files hold: broken lines, values the mapping refuses, a record over
 * the request limit, and plain records (most of them written directly by the helpers).
 */
async function messyNdjson(path: string, marker: string, count: number): Promise<void> {
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    if (i % 97 === 5) lines.push(`{"ts": "broken ${i}",`)
    else if (i % 89 === 7) lines.push(JSON.stringify({ ...sourceEvent(i, marker), level: 'high' }))
    else if (i === 11)
      lines.push(
        JSON.stringify({ ...sourceEvent(i, marker), msg: `${marker} ${'x'.repeat(1_100_000)}` }),
      )
    else lines.push(JSON.stringify(sourceEvent(i, marker)))
  }
  await writeFile(path, `${lines.join('\n')}\n`)
}

/** The same records as CSV (Properties as JSON text). */
async function messyCsv(path: string, marker: string, count: number): Promise<void> {
  const rows = ['ts,host,level,bytes,ms,ok,props,msg']
  for (let i = 0; i < count; i++) {
    const e = sourceEvent(i, marker)
    const level = i % 89 === 7 ? 'high' : String(e['level'])
    const props = `"${JSON.stringify(e['props']).replace(/"/g, '""')}"`
    rows.push([e['ts'], e['host'], level, e['bytes'], e['ms'], e['ok'], props, e['msg']].join(','))
  }
  await writeFile(path, `${rows.join('\n')}\n`)
}

describe('the dry run reports what the upload then does', () => {
  const cases = [
    { name: 'ndjson', helpers: 0, write: messyNdjson },
    { name: 'ndjson', helpers: 2, write: messyNdjson },
    { name: 'csv', helpers: 2, write: messyCsv },
  ] as const
  for (const { name, helpers, write } of cases) {
    it(`${name} with ${helpers} prepare helpers: records, failures by cause, requests and bytes`, async () => {
      const marker = `dry${name}${helpers}`
      const file = join(fx.dir, `${marker}.${name}`)
      await write(file, marker, 3_000)
      const dataDir = join(fx.dir, `data-${marker}`)
      const input: NewJob = {
        files: [file],
        target: appEventsTarget(fx.emulator),
        mapping: APP_EVENTS_MAPPING,
        streamColumns: appEventsColumns(fx.emulator),
        caCertPem: fx.emulator.caCertPem,
        // A fixed gzip level, so the bodies on the wire are the same bytes in both runs.
        options: { prepareWorkers: helpers, gzipLevel: 3, maxRequestBytes: 200_000 },
      }

      const dry = await dryRunJob(input, { dataDir })
      // Nothing reached the service, and nothing is left in the history.
      expect(await countRows(fx.emulator, marker)).toBe(0)
      expect(await readdir(join(dataDir, 'dry-runs', 'jobs'))).toEqual([])
      expect(await readdir(dataDir)).toEqual(['dry-runs'])

      const handle = await startJob(input, {
        dataDir,
        tokenProvider: servicePrincipalTokens(fx.emulator),
      })
      const real = await handle.result
      expect(dry).toMatchObject({
        records: real.records.read,
        wouldSend: real.records.accepted,
        failed: real.records.failed,
        failedByCause: real.failedByCause,
        droppedFields: real.droppedFields,
        timeWindowFlags: real.timeWindowFlags,
        requests: real.requests.accepted,
        jsonBytes: real.bytes.json,
        wireBytes: real.bytes.wire,
        rawBytes: real.bytes.raw,
        cancelled: false,
      })
      expect(dry.failed).toBeGreaterThan(0)
      expect(dry.requests).toBeGreaterThan(1)
      expect(await countRows(fx.emulator, marker)).toBe(dry.wouldSend)
      // Failures by column, from the same failed records the upload keeps: every validation
      // failure is in a (column, reason) group.
      const byColumn = dry.failedByColumn.reduce((sum, group) => sum + group.count, 0)
      expect(byColumn).toBe(dry.failedByCause.validation)
      expect(dry.failedByColumn.map((g) => [g.column, g.code])).toContainEqual([
        'Level',
        'mapping/coercion-failed',
      ])
    })
  }
})
