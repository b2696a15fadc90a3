import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { failedLine } from '../common/journal/failed-store'
import { LedgerWriter, replayJob } from './ledger'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-ledger-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('replayJob', () => {
  it('rebuilds what earlier runs did: accepted, failed, files read, requests left unanswered', async () => {
    const ledgerPath = join(dir, 'ledger.ndjson')
    const failedPath = join(dir, 'failed.ndjson')
    const ledger = await LedgerWriter.open(ledgerPath)
    ledger.write({ t: 'run', run: 1, at: 'x', pid: 1 })
    ledger.write({ t: 'send', c: 'r1-0', r: [[0, 0, 99]] })
    ledger.write({ t: 'send', c: 'r1-1', r: [[0, 100, 199]] })
    ledger.write({ t: 'send', c: 'r1-2', r: [[0, 200, 299]] })
    ledger.write({ t: 'ack', c: 'r1-1', r: [[0, 100, 199]], rid: 'req' })
    // r1-2 hit a 413 and was split; one half was accepted, the other failed.
    ledger.write({ t: 'split', c: 'r1-2' })
    ledger.write({ t: 'send', c: 'r1-2.0', r: [[0, 200, 249]] })
    ledger.write({ t: 'ack', c: 'r1-2.0', r: [[0, 200, 249]] })
    ledger.write({ t: 'send', c: 'r1-2.1', r: [[0, 250, 299]] })
    ledger.write({ t: 'unsure', c: 'r1-2.1', n: 50 })
    ledger.write({ t: 'file', f: 0, total: 320 })
    ledger.close()
    const lines = []
    for (let ordinal = 250; ordinal < 300; ordinal++) {
      lines.push(
        failedLine(
          {
            jobId: 'j',
            file: 'a',
            fileIndex: 0,
            ordinal,
            cause: 'http-400',
            message: 'bad',
            time: 't',
          },
          undefined,
          '{"x":1}',
        ),
      )
    }
    lines.push(
      failedLine(
        {
          jobId: 'j',
          file: 'a',
          fileIndex: 0,
          ordinal: 300,
          cause: 'validation',
          message: 'm',
          time: 't',
        },
        { raw: true },
      ),
    )
    await writeFile(failedPath, `${lines.join('\n')}\n`)
    // The process died in the middle of a ledger line.
    await appendFile(ledgerPath, '{"t":"ack","c":"r1-0","r":[[0,0,')

    const replay = await replayJob(ledgerPath, failedPath)
    expect(replay.runs).toBe(1)
    expect(replay.accepted).toBe(150)
    expect(replay.failed).toBe(51)
    expect(replay.failedByCause).toEqual({ 'http-400': 50, validation: 1 })
    expect(replay.fileTotals.get(0)).toBe(320)
    // r1-0 was in flight at the kill (its ack is torn): its 100 records go again.
    expect(replay.unansweredRequests).toBe(1)
    expect(replay.unansweredRecords).toBe(100)
    expect(replay.unsureRecords).toBe(50)
    expect(replay.unreadableLines).toBe(1)
    expect(replay.done.has(0, 0)).toBe(false)
    expect(replay.done.has(0, 150)).toBe(true)
    expect(replay.done.has(0, 260)).toBe(true)
    expect(replay.done.has(0, 300)).toBe(true)
    expect(replay.done.has(0, 301)).toBe(false)
    expect(replay.lastEnd).toBeUndefined()
  })

  it('keeps counting records of a killed request as possible duplicates after they were resent', async () => {
    const ledgerPath = join(dir, 'ledger.ndjson')
    const ledger = await LedgerWriter.open(ledgerPath)
    ledger.write({ t: 'run', run: 1, at: 'x', pid: 1 })
    ledger.write({ t: 'send', c: 'r1-0', r: [[0, 0, 9]] })
    ledger.write({ t: 'run', run: 2, at: 'y', pid: 2 })
    ledger.write({ t: 'send', c: 'r2-0', r: [[0, 0, 9]] })
    ledger.write({ t: 'ack', c: 'r2-0', r: [[0, 0, 9]] })
    ledger.write({ t: 'end', state: 'completed', at: 'z' })
    ledger.close()
    const replay = await replayJob(ledgerPath, join(dir, 'none.ndjson'))
    expect(replay.runs).toBe(2)
    expect(replay.accepted).toBe(10)
    expect(replay.unansweredRecords).toBe(10)
    expect(replay.lastEnd).toBe('completed')
  })

  it('reads an empty job', async () => {
    const replay = await replayJob(join(dir, 'l'), join(dir, 'f'))
    expect(replay).toMatchObject({ runs: 0, accepted: 0, failed: 0, unansweredRecords: 0 })
  })
})
