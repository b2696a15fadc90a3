import { appendFile, readFile, stat, truncate, utimes, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { listJobs, resumeJob, startJob } from '../../electron/engine/main/job-runner'
import { jobPaths } from '../../electron/engine/common/journal/job-store'
import type { JobProgress } from '../../shared/models/upload-job'
import {
  APP_EVENTS_MAPPING,
  APP_EVENTS_STREAM,
  appEventsColumns,
  appEventsTarget,
  countRows,
  answered,
  counters,
  holdRequests,
  latchState,
  releaseRequests,
  whenHeld,
  resetEmulator,
  servicePrincipalTokens,
  setFaults,
  sourceEvent,
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
beforeEach(async () => {
  await resetEmulator(fx.emulator)
})

/** Resolves when a progress event passes the test. */
function progressWaiter() {
  const waiters: Array<{ test: (p: JobProgress) => boolean; resolve: (p: JobProgress) => void }> =
    []
  return {
    onProgress: (progress: JobProgress) => {
      for (const waiter of [...waiters]) {
        if (waiter.test(progress)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve(progress)
        }
      }
    },
    until: (test: (p: JobProgress) => boolean) =>
      new Promise<JobProgress>((resolve) => waiters.push({ test, resolve })),
  }
}

/** Starts a job that uploads one file to the AppEvents stream with the tests' mapping. */
function startAppEventsJob(
  file: string,
  dataDir: string,
  options: Parameters<typeof startJob>[0]['options'],
  onProgress?: (progress: JobProgress) => void,
) {
  return startJob(
    {
      files: [file],
      target: appEventsTarget(fx.emulator),
      mapping: APP_EVENTS_MAPPING,
      streamColumns: appEventsColumns(fx.emulator),
      caCertPem: fx.emulator.caCertPem,
      options,
    },
    {
      dataDir,
      tokenProvider: servicePrincipalTokens(fx.emulator),
      ...(onProgress === undefined ? {} : { onProgress }),
    },
  )
}

/**
 * Uploads a file twice, on the upload worker alone and with two prepare helpers, and returns
 * both outcomes: counts, failures (place, cause, code, message) and rows in the table.
 */
async function singleAndParallel(file: string, marker: string) {
  const outcomes = []
  for (const prepareWorkers of [0, 2]) {
    await resetEmulator(fx.emulator)
    const dataDir = join(fx.dir, `data-${basename(file)}-${prepareWorkers}`)
    const handle = await startAppEventsJob(file, dataDir, { concurrency: 4, prepareWorkers })
    const summary = await handle.result
    const failed = (await readFile(jobPaths(dataDir, handle.jobId).failed, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .map((f) => [f['ordinal'], f['line'], f['byteOffset'], f['cause'], f['code'], f['message']])
    outcomes.push({
      records: summary.records,
      failedByCause: summary.failedByCause,
      droppedFields: summary.droppedFields,
      failed,
      rows: await countRows(fx.emulator, marker),
    })
  }
  return outcomes
}

describe('upload engine against the emulator', () => {
  it('uploads NDJSON and CSV through the worker with a mapping; every row is in the table', async () => {
    const marker = 'okrun'
    const ndjson = join(fx.dir, 'events.ndjson')
    await writeNdjson(ndjson, 4000, (i) => sourceEvent(i, marker), new Set([17]))
    const csv = join(fx.dir, 'events.csv')
    const header = 'ts,host,level,bytes,ms,ok,props,msg'
    const rows = Array.from({ length: 500 }, (_, i) => {
      const e = sourceEvent(i, marker)
      return [
        e['ts'],
        e['host'],
        e['level'],
        e['bytes'],
        e['ms'],
        e['ok'],
        '"{""a"":1}"',
        e['msg'],
      ].join(',')
    })
    // One row whose level is not a number: it fails validation, the rest still go.
    rows[3] = rows[3]!.replace(/,web-3,3,/, ',web-3,three,')
    await writeFile(csv, `${header}\n${rows.join('\n')}\n`)

    const dataDir = join(fx.dir, 'data-ok')
    const progress: JobProgress[] = []
    const handle = await startJob(
      {
        files: [ndjson, csv],
        target: appEventsTarget(fx.emulator),
        mapping: APP_EVENTS_MAPPING,
        streamColumns: appEventsColumns(fx.emulator),
        caCertPem: fx.emulator.caCertPem,
        // Gzip'd bodies (auto would send this short job plain, at level 0).
        options: { concurrency: 4, gzipLevel: 1 },
        label: 'two files',
      },
      {
        dataDir,
        tokenProvider: servicePrincipalTokens(fx.emulator),
        onProgress: (p) => progress.push(p),
      },
    )
    const summary = await handle.result

    expect(summary.state).toBe('completed-with-failures')
    expect(summary.records).toMatchObject({ read: 4500, accepted: 4498, failed: 2, notSent: 0 })
    expect(summary.failedByCause).toEqual({ parse: 1, validation: 1 })
    expect(summary.droppedFields).toBe(3999)
    expect(summary.duplicatesPossible).toEqual({ records: 0, requests: 0 })
    expect(summary.bytes.wire).toBeGreaterThan(0)
    expect(summary.bytes.wire).toBeLessThan(summary.bytes.json)
    expect(await countRows(fx.emulator, marker)).toBe(4498)

    // Progress: throttled, ends with everything read.
    const last = progress[progress.length - 1]!
    expect(last.bytesRead).toBe(last.bytesTotal)
    expect(last.files.map((f) => f.done)).toEqual([true, true])

    // The failed store has the exact source rows with their place in the file.
    const failed = (await readFile(jobPaths(dataDir, handle.jobId).failed, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(failed.map((f) => [f['cause'], f['fileIndex'], f['line']])).toEqual([
      ['parse', 0, 18],
      ['validation', 1, 5],
    ])
    expect((failed[1]!['source'] as Record<string, unknown>)['level']).toBe('three')

    const history = await listJobs(dataDir)
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({
      jobId: handle.jobId,
      state: 'completed-with-failures',
      label: 'two files',
    })
  })

  /** The latch state and request count at the moment a paused job has nothing in flight. */
  async function pausedSnapshot(
    handle: { pause(): void; readonly result: Promise<{ state: string }> },
    waiter: ReturnType<typeof progressWaiter>,
  ) {
    const paused = await Promise.race([
      waiter.until((p) => p.state === 'paused' && p.requestsInFlight === 0),
      handle.result.then((s) => {
        throw new Error(`the job ended (${s.state}) before the pause took effect`)
      }),
    ])
    const latch = await latchState(fx.emulator)
    return { paused, latch, requests: (await counters(fx.emulator)).requests.ingestion.total }
  }

  it('pauses (no new requests while paused) and resumes to the end', async () => {
    const marker = 'pauserun'
    const file = join(fx.dir, 'pause.ndjson')
    // About 30 requests, two at a time. The first two wait at the emulator's latch, so the
    // pause lands with them in flight however fast or slow the machine is.
    await writeNdjson(file, 4000, (i) => sourceEvent(i, marker))
    await holdRequests(fx.emulator, 2)
    const waiter = progressWaiter()
    const handle = await startAppEventsJob(
      file,
      join(fx.dir, 'data-pause'),
      { concurrency: 2, maxRequestBytes: 40_000 },
      waiter.onProgress,
    )
    await whenHeld(fx.emulator, 2)
    handle.pause()
    // From here every request is held: one sent while paused would wait at the latch.
    await holdRequests(fx.emulator, 1_000_000)
    await releaseRequests(fx.emulator, 2)
    const { paused, latch, requests } = await pausedSnapshot(handle, waiter)
    expect(latch).toMatchObject({ held: 0, released: 2 })
    expect(requests).toBe(2)
    expect(paused.recordsAccepted).toBeGreaterThan(0)
    expect(paused.recordsAccepted).toBeLessThan(4000)
    await releaseRequests(fx.emulator)
    handle.resume()
    const summary = await handle.result
    expect(summary.state).toBe('completed')
    expect(summary.records.accepted).toBe(4000)
    expect(await countRows(fx.emulator, marker)).toBe(4000)
  })

  it('a pause while requests wait to retry gives their slots back: nothing in flight, then all land', async () => {
    const marker = 'pauseretry'
    const file = join(fx.dir, 'pause-retry.ndjson')
    await writeNdjson(file, 1000, (i) => sourceEvent(i, marker))
    // The first four requests wait at the latch, then are throttled: the pause comes while
    // they are in flight, and they go on to wait between attempts while paused.
    await setFaults(fx.emulator, { rate429: 1, retryAfterSeconds: 1 })
    await holdRequests(fx.emulator, 4)
    const waiter = progressWaiter()
    const handle = await startAppEventsJob(
      file,
      join(fx.dir, 'data-pause-retry'),
      { concurrency: 4, maxRequestBytes: 40_000 },
      waiter.onProgress,
    )
    await whenHeld(fx.emulator, 4)
    handle.pause()
    await holdRequests(fx.emulator, 1_000_000)
    await releaseRequests(fx.emulator, 4)
    const { latch, requests } = await pausedSnapshot(handle, waiter)
    expect(latch).toMatchObject({ held: 0, released: 4 })
    expect(requests).toBe(4)
    expect(await answered(fx.emulator, 429)).toBe(4)
    await setFaults(fx.emulator, {})
    await releaseRequests(fx.emulator)
    handle.resume()
    const summary = await handle.result
    expect(summary.state).toBe('completed')
    expect(summary.records.accepted).toBe(1000)
    expect(await countRows(fx.emulator, marker)).toBe(1000)
  })

  /**
   * A job of 2,000 records at 300 ms latency, caught with requests in flight after the first
   * acknowledgement. Through a prepare helper: the parallel path must resume exactly like the
   * sequential one.
   */
  async function jobInFlight(name: string) {
    const marker = `${name}run`
    const file = join(fx.dir, `${name}.ndjson`)
    await writeNdjson(file, 2000, (i) => sourceEvent(i, marker))
    await setFaults(fx.emulator, { latencyMs: 300 })
    const dataDir = join(fx.dir, `data-${name}`)
    const waiter = progressWaiter()
    const handle = await startAppEventsJob(
      file,
      dataDir,
      { concurrency: 2, maxRequestBytes: 40_000, prepareWorkers: 1 },
      waiter.onProgress,
    )
    await waiter.until((p) => p.recordsAccepted > 0 && p.requestsInFlight > 0)
    return { marker, file, dataDir, handle }
  }

  it('cancels (aborting requests in flight), then resumes the same job without losing a record', async () => {
    const { marker, file, dataDir, handle } = await jobInFlight('cancel')
    handle.cancel()
    const cancelled = await handle.result
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.records.accepted).toBeGreaterThan(0)
    expect(cancelled.records.accepted).toBeLessThan(2000)
    expect((await listJobs(dataDir))[0]?.state).toBe('cancelled')

    // A changed source file is refused (its size and time are in the job); put back, it goes.
    const original = await stat(file)
    await appendFile(file, '\n')
    await expect(
      resumeJob(handle.jobId, { dataDir, tokenProvider: servicePrincipalTokens(fx.emulator) }),
    ).rejects.toMatchObject({ code: 'upload/source-changed' })
    await truncate(file, original.size)
    await utimes(file, original.atimeMs / 1000, original.mtimeMs / 1000)

    await setFaults(fx.emulator, {})
    const resumed = await resumeJob(handle.jobId, {
      dataDir,
      tokenProvider: servicePrincipalTokens(fx.emulator),
    })
    const summary = await resumed.result
    expect(summary.state).toBe('completed')
    expect(summary.records.accepted).toBe(2000)
    expect(summary.records.skipped).toBe(cancelled.records.accepted)
    const rows = await countRows(fx.emulator, marker)
    expect(rows).toBeGreaterThanOrEqual(2000)
    expect(rows - 2000).toBeLessThanOrEqual(summary.duplicatesPossible.records)
    await expect(
      resumeJob(handle.jobId, { dataDir, tokenProvider: servicePrincipalTokens(fx.emulator) }),
    ).rejects.toMatchObject({
      code: 'upload/job-finished',
    })
  })

  it('stops after the requests in flight are answered; the resumed job sends nothing twice', async () => {
    const { marker, dataDir, handle } = await jobInFlight('stop')
    await handle.stop()
    const stopped = await handle.result
    expect(stopped.state).toBe('cancelled')
    // Every request that was in flight got its answer: none is of unknown outcome.
    expect(stopped.duplicatesPossible.records).toBe(0)
    expect(stopped.records.accepted).toBeLessThan(2000)

    await setFaults(fx.emulator, {})
    const resumed = await resumeJob(handle.jobId, {
      dataDir,
      tokenProvider: servicePrincipalTokens(fx.emulator),
    })
    const summary = await resumed.result
    expect(summary).toMatchObject({ state: 'completed', records: { accepted: 2000 } })
    expect(summary.records.skipped).toBe(stopped.records.accepted)
    expect(summary.duplicatesPossible.records).toBe(0)
    expect(await countRows(fx.emulator, marker)).toBe(2000)
  })

  it('runs one job of files with their own mappings, on helper threads as on one thread', async () => {
    const marker = 'permapping'
    const web = join(fx.dir, 'per-web.ndjson')
    await writeNdjson(web, 3000, (i) => sourceEvent(i, marker), new Set([11]))
    // The same events under other field names, which only a mapping of their own reads.
    const api = join(fx.dir, 'per-api.ndjson')
    await writeNdjson(api, 3000, (i) => {
      const e = sourceEvent(i, marker)
      return { when: e['ts'], node: e['host'], sev: i === 42 ? 'x' : e['level'], text: e['msg'] }
    })
    // Records already in the stream's shape, sent as they are.
    const ready = join(fx.dir, 'per-ready.ndjson')
    await writeNdjson(ready, 1000, (i) => streamEvent(i, marker))
    const apiMapping = {
      version: 1,
      stream: APP_EVENTS_STREAM,
      columns: {
        Time: { source: { kind: 'field', path: 'when' }, type: 'datetime' },
        Host: { source: { kind: 'field', path: 'node' }, type: 'string' },
        Level: { source: { kind: 'field', path: 'sev' }, type: 'int' },
        Message: { source: { kind: 'field', path: 'text' }, type: 'string' },
      },
      timePolicy: { column: 'Time' },
    }
    const outcomes = []
    for (const prepareWorkers of [0, 2]) {
      await resetEmulator(fx.emulator)
      const handle = await startJob(
        {
          files: [
            { path: web, mapping: APP_EVENTS_MAPPING },
            { path: api, mapping: apiMapping },
            { path: ready, mapping: null },
          ],
          target: appEventsTarget(fx.emulator),
          streamColumns: appEventsColumns(fx.emulator),
          caCertPem: fx.emulator.caCertPem,
          options: { concurrency: 4, prepareWorkers },
        },
        {
          dataDir: join(fx.dir, `data-per-mapping-${prepareWorkers}`),
          tokenProvider: servicePrincipalTokens(fx.emulator),
        },
      )
      expect(handle.definition.mappings).toHaveLength(2)
      const summary = await handle.result
      outcomes.push({
        records: summary.records,
        failedByCause: summary.failedByCause,
        files: summary.files.map((f) => [f.recordsAccepted, f.recordsFailed, f.done]),
        rows: await countRows(fx.emulator, marker),
      })
    }
    expect(outcomes[0]).toMatchObject({
      records: { read: 7000, accepted: 6998, failed: 2 },
      failedByCause: { parse: 1, validation: 1 },
      files: [
        [2999, 1, true],
        [2999, 1, true],
        [1000, 0, true],
      ],
      rows: 6998,
    })
    expect(outcomes[1]).toEqual(outcomes[0])
  })

  it('prepares NDJSON on helper threads with exactly the outcome of the single-thread path', async () => {
    const file = join(fx.dir, 'parallel.ndjson')
    await writeNdjson(
      file,
      6000,
      (i) =>
        i === 1234 ? { ...sourceEvent(i, 'parallel'), level: 'x' } : sourceEvent(i, 'parallel'),
      new Set([5, 3000, 5999]),
    )
    const outcomes = await singleAndParallel(file, 'parallel')
    expect(outcomes[0]?.records).toMatchObject({ read: 6000, accepted: 5996, failed: 4 })
    expect(outcomes[0]?.rows).toBe(5996)
    expect(outcomes[1]).toEqual(outcomes[0])
  })

  it('prepares CSV on helper threads with exactly the outcome of the single-thread path', async () => {
    const file = join(fx.dir, 'parallel.csv')
    // Excel's sep= line, a BOM, CRLF, quoted fields with line breaks, a ragged row, a bad
    // value and blank lines, over more than one 1 MiB block.
    const rows = Array.from({ length: 9000 }, (_, i) => {
      const e = sourceEvent(i, 'parcsv')
      // A lone \n in a CRLF file is data, quoted or not.
      const msg =
        i % 97 === 0
          ? `"${String(e['msg'])}\r\nsecond ""line"""`
          : i % 211 === 0
            ? `${String(e['msg'])}\nsame row`
            : String(e['msg'])
      const level = i === 4321 ? 'three' : String(e['level'])
      const row = [e['ts'], e['host'], level, e['bytes'], e['ms'], e['ok'], '"{""n"":1}"', msg]
      return (i === 7000 ? row.slice(0, 5) : row).join(';')
    })
    rows.splice(2500, 0, '', '')
    const text = `sep=;\r\nts;host;level;bytes;ms;ok;props;msg\r\n${rows.join('\r\n')}\r\n`
    await writeFile(file, `\uFEFF${text}`)
    const outcomes = await singleAndParallel(file, 'parcsv')
    expect(outcomes[0]?.records).toMatchObject({ read: 9000, accepted: 8998, failed: 2 })
    expect(outcomes[0]?.rows).toBe(8998)
    expect(outcomes[1]).toEqual(outcomes[0])
  })

  it('prepares a JSON array on helper threads with exactly the outcome of the single-thread path', async () => {
    const file = join(fx.dir, 'parallel.json')
    // Pretty-printed and compact items, an empty item, a missing comma, a number instead of an
    // object, a bad value, over more than one 1 MiB block of items.
    const items = Array.from({ length: 6000 }, (_, i) => {
      const e = sourceEvent(i, 'parjson')
      if (i === 3333) return '42'
      if (i === 4444) return JSON.stringify({ ...e, level: 'x' })
      return i % 50 === 0 ? JSON.stringify(e, null, 2) : JSON.stringify(e)
    })
    const text = items
      .map((item, i) => (i === 1000 ? `${item},,` : i === 2000 ? `${item} ` : `${item},`))
      .join('\n')
      .replace(/,$/, '')
    await writeFile(file, `[\n${text}\n]\n`)
    const outcomes = await singleAndParallel(file, 'parjson')
    expect(outcomes[0]?.records).toMatchObject({ read: 6001, accepted: 5998, failed: 3 })
    expect(outcomes[0]?.failedByCause).toEqual({ parse: 2, validation: 1 })
    expect(outcomes[0]?.rows).toBe(5998)
    expect(outcomes[1]).toEqual(outcomes[0])
  })

  it('prepares a JSON array of one item per line in line blocks, reading on as items where the layout changes', async () => {
    const file = join(fx.dir, 'lines.json')
    // One item per line for the first 2 MiB or so (blocks cut after line breaks, checked in
    // order), then pretty-printed items: a cut inside one sends the rest to the item scanner.
    const items = Array.from({ length: 16000 }, (_, i) => {
      const e = sourceEvent(i, 'linejson')
      if (i === 2222) return '"text"'
      if (i === 7777) return JSON.stringify({ ...e, level: 'x' })
      return i >= 12000 ? JSON.stringify(e, null, 2) : JSON.stringify(e)
    })
    const text = items.map((item, i) => (i === 5000 ? `${item},` : item)).join(',\n')
    await writeFile(file, `[\n${text}\n]\n`)
    // The same text gzip'd: blocks come from gunzip, and reading on starts it over.
    await writeFile(`${file}.gz`, gzipSync(`[\n${text}\n]\n`))
    for (const path of [file, `${file}.gz`]) {
      const outcomes = await singleAndParallel(path, 'linejson')
      expect(outcomes[0]?.records).toMatchObject({ read: 16001, accepted: 15998, failed: 3 })
      expect(outcomes[0]?.failedByCause).toEqual({ parse: 2, validation: 1 })
      expect(outcomes[0]?.rows).toBe(15998)
      expect(outcomes[1]).toEqual(outcomes[0])
    }
  })

  it('prepares a pretty-printed JSON array in blocks cut before item lines', async () => {
    const file = join(fx.dir, 'pretty.json')
    const items = Array.from({ length: 12000 }, (_, i) => {
      const e = sourceEvent(i, 'prettyjson')
      if (i === 9999) return '"text"'
      return JSON.stringify(i === 7777 ? { ...e, level: 'x' } : e, null, 2)
    })
    const indented = items.map((item) => `  ${item.replace(/\n/g, '\n  ')}`)
    const text = indented.map((item, i) => (i === 5000 ? `${item},` : item)).join(',\n')
    await writeFile(file, `[\n${text}\n]\n`)
    const outcomes = await singleAndParallel(file, 'prettyjson')
    expect(outcomes[0]?.records).toMatchObject({ read: 12001, accepted: 11998, failed: 3 })
    expect(outcomes[0]?.failedByCause).toEqual({ parse: 2, validation: 1 })
    expect(outcomes[0]?.rows).toBe(11998)
    expect(outcomes[1]).toEqual(outcomes[0])
  })
})
