import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileMapping, type MapFn } from '../../../../shared/mapping/compile-mapping'
import { parseMapping, type StreamColumn } from '../../../../shared/mapping/mapping-schema'
import { Chunker, chunkBody, type Chunk } from '../chunk/chunker'
import { serializeRecord } from '../chunk/serialize-record'
import { openFile } from './parse-input'
import type { ParseEvent } from './parse-types'
import { previewFile } from '../../main/preview'
import { MAX_RECORD_DEPTH } from '../../../../shared/models/record-limits'
import { readThroughEngine } from '../../../../test/helpers/read-through-engine'
import { describeFileError, regularFileProblem } from '../source/file-check'

/**
 * Every file of test/fixtures/bad/ through parse → map → serialize → chunk, as the engine will
 * run them: each gets a specific outcome, and the good records in the same file still come out
 * as valid request bodies.
 */

const FIXTURES = resolve(__dirname, '../../../../test/fixtures')
const NOW = Date.parse('2024-06-01T12:00:00Z')
const STREAM: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Message', type: 'string' },
  { name: 'Level', type: 'string' },
  { name: 'Props', type: 'dynamic' },
]
const CORPUS_MAPPING = {
  version: 1,
  stream: 'Custom-Corpus',
  columns: {
    TimeGenerated: { source: { kind: 'field', path: 'time' }, type: 'datetime' },
    Message: { source: { kind: 'field', path: 'msg' }, type: 'string' },
    Level: { source: { kind: 'field', path: 'level' }, type: 'string' },
    Props: { source: { kind: 'field', path: 'props' }, type: 'dynamic' },
  },
}
const mapping = parseMapping(CORPUS_MAPPING)
if (!mapping.ok) throw new Error('corpus mapping is invalid')
const compiled = compileMapping(mapping.mapping, STREAM)
if (!compiled.ok) throw new Error('corpus mapping does not compile')
const map: MapFn = compiled.compiled.map

interface Outcome {
  sent: Record<string, unknown>[]
  /** Codes of everything that kept a record (or the file) out, in order. */
  failures: string[]
  warnings: string[]
  reasons: string[]
  flagged: number
}

async function run(path: string): Promise<Outcome> {
  const opened = await openFile(path)
  const chunker = new Chunker<number>()
  const chunks: Chunk<number>[] = []
  const outcome: Outcome = { sent: [], failures: [], warnings: [], reasons: [], flagged: 0 }
  const take = (out: ReturnType<Chunker<number>['add']>) => {
    if (out?.kind === 'chunk') chunks.push(out)
    if (out?.kind === 'too-large') {
      outcome.failures.push('chunk/record-too-large')
      outcome.reasons.push(out.reason)
    }
  }
  const handle = (event: ParseEvent) => {
    if (event.kind === 'warning') {
      outcome.warnings.push(event.code)
      outcome.reasons.push(event.reason)
      return
    }
    if (event.kind === 'error') {
      outcome.failures.push(event.code)
      outcome.reasons.push(event.reason)
      return
    }
    if (event.invalidUtf8) outcome.flagged++
    const mapped = map(event.record, NOW)
    if (!mapped.ok) {
      for (const error of mapped.errors) {
        outcome.failures.push(error.code)
        outcome.reasons.push(error.reason)
      }
      return
    }
    const serialized = serializeRecord(mapped.record)
    if (!serialized.ok) {
      outcome.failures.push('chunk/serialize-failed')
      outcome.reasons.push(serialized.reason)
      return
    }
    take(chunker.add(serialized.bytes, event.source.line))
  }
  for await (const batch of opened.batches) batch.forEach(handle)
  const last = chunker.flush()
  if (last !== undefined) chunks.push(last)
  for (const chunk of chunks) {
    const body = chunkBody(chunk)
    expect(body.length).toBeLessThanOrEqual(1_000_000)
    outcome.sent.push(...(JSON.parse(body.toString('utf8')) as Record<string, unknown>[]))
  }
  return outcome
}

const bad = (name: string) => join(FIXTURES, 'bad', name)
const line = (msg: string) => JSON.stringify({ time: '2024-06-01T11:00:00Z', msg })

describe('bad input corpus', () => {
  it('truncated JSON: the records before the cut, then one error', async () => {
    const out = await run(bad('truncated.json'))
    expect(out.sent).toHaveLength(3)
    expect(out.failures).toEqual(['parse/json-truncated'])
    expect(out.reasons[0]).toMatch(/ends inside the item that starts at line 5/)
  })

  it('a JSON object instead of an array: refused with a hint', async () => {
    const out = await run(bad('object-not-array.json'))
    expect(out.sent).toEqual([])
    expect(out.failures).toEqual(['parse/json-object-not-array'])
  })

  it('JSON with a trailing comma: every record, and a warning', async () => {
    const out = await run(bad('trailing-comma.json'))
    expect(out.sent).toHaveLength(3)
    expect(out.failures).toEqual([])
    expect(out.warnings).toEqual(['parse/json-trailing-comma'])
  })

  it('NDJSON with broken lines: the good lines, and each broken line named', async () => {
    const out = await run(bad('broken-line.ndjson'))
    expect(out.sent.map((r) => r.Message)).toHaveLength(3)
    expect(out.failures).toEqual(['parse/ndjson-invalid-line', 'parse/ndjson-invalid-line'])
    expect(out.reasons[0]).toMatch(/^Line 2 is not valid JSON/)
    expect(out.reasons[1]).toMatch(/^Line 4 is not valid JSON/)
  })

  it('CSV with ragged rows: the complete rows, each ragged row named', async () => {
    const out = await run(bad('ragged-rows.csv'))
    expect(out.sent).toHaveLength(2)
    expect(out.sent[0]).toMatchObject({ Props: { requestId: 'req-1000' } })
    expect(out.failures).toEqual(['parse/csv-ragged-row', 'parse/csv-ragged-row'])
    expect(out.reasons).toEqual([
      'The row at line 3 has 3 fields; the header has 7.',
      'The row at line 4 has 8 fields; the header has 7.',
    ])
  })

  it('CSV with an unbalanced quote: the rows before it, then where the quote opened', async () => {
    const out = await run(bad('unbalanced-quotes.csv'))
    expect(out.sent.map((r) => r.Message)).toEqual(['fine'])
    expect(out.failures).toEqual(['parse/csv-unclosed-quote'])
    expect(out.reasons[0]).toMatch(/line 3 is never closed/)
  })

  it('invalid UTF-8: replaced, flagged and sent', async () => {
    const out = await run(bad('invalid-utf8.ndjson'))
    expect(out.sent).toHaveLength(3)
    expect(out.sent[1]?.Message).toBe('caf\uFFFD \uFFFD')
    expect(out.flagged).toBe(1)
    expect(out.warnings).toEqual(['parse/invalid-utf8'])
  })

  it('UTF-16 with a BOM: decoded', async () => {
    const out = await run(bad('utf16-bom.csv'))
    expect(out.sent.map((r) => r.Message)).toEqual(['naïve café ✓', 'Ünïcödé'])
    expect(out.failures).toEqual([])
  })

  it('empty file, zero-byte gzip, cut-off gzip and a binary file: one clear reason each', async () => {
    expect((await run(bad('empty.csv'))).failures).toEqual(['parse/empty-file'])
    expect((await run(bad('zero-byte.ndjson.gz'))).failures).toEqual(['parse/gzip-empty'])
    const cut = await run(bad('truncated.ndjson.gz'))
    expect(cut.sent.length).toBeGreaterThan(0)
    expect(cut.failures).toEqual(['parse/gzip-corrupt'])
    const binary = await run(bad('binary-renamed.csv'))
    expect(binary.failures).toEqual(['parse/binary-file'])
    expect(binary.reasons[0]).toMatch(/binary-renamed.csv is not a text file/)
  })

  it('deep nesting: the record fails with a reason, the others are sent', async () => {
    const out = await run(bad('deep-nesting.json'))
    expect(out.sent).toHaveLength(2)
    expect(out.failures).toEqual(['chunk/serialize-failed'])
    expect(out.reasons[0]).toMatch(/nested too deeply/)
  })

  it('duplicate column names: renamed, reported, every value kept', async () => {
    const out = await run(bad('duplicate-columns.csv'))
    expect(out.sent.map((r) => r.Message)).toEqual(['first', 'a'])
    expect(out.warnings).toEqual(['parse/csv-duplicate-header'])
    const preview = await previewFile(bad('duplicate-columns.csv'))
    expect(preview.headers).toEqual(['time', 'msg', 'msg_2', 'level', 'Level'])
  })

  it('headers that break Log Analytics naming rules: named, with a valid suggestion', async () => {
    const preview = await previewFile(bad('bad-column-names.csv'))
    const issues = Object.fromEntries(preview.columns.map((c) => [c.name, c.suggestedName ?? null]))
    expect(issues).toEqual({
      time: null,
      'user name': 'user_name',
      '1st': 'c1st',
      Type: 'Type_s',
      'a.b': 'a_b',
      ['x'.repeat(50)]: 'x'.repeat(45),
    })
    expect(preview.columns[1]?.nameIssues).toEqual([
      'Only letters, digits and _ are allowed (found space).',
    ])
    expect((await run(bad('bad-column-names.csv'))).sent).toHaveLength(2)
  })

  describe('generated at run time', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'logdrop-corpus-'))
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    it('a 2 MB single record: rejected before sending, the others sent', async () => {
      const path = join(dir, 'huge-record.ndjson')
      const huge = JSON.stringify({
        time: '2024-06-01T11:00:00Z',
        props: { blob: 'x'.repeat(2_000_000) },
      })
      await writeFile(path, `${line('a')}\n${huge}\n${line('b')}\n`)
      const out = await run(path)
      expect(out.sent.map((r) => r.Message)).toEqual(['a', 'b'])
      expect(out.failures).toEqual(['chunk/record-too-large'])
      expect(out.reasons[0]).toMatch(/2000\d+ bytes of JSON; one request carries at most 1048576/)
    })

    it('a 100 KB field: refused (Log Analytics would cut it), the others sent', async () => {
      const path = join(dir, 'big-field.ndjson')
      await writeFile(path, `${line('a')}\n${line('y'.repeat(100_000))}\n${line('b')}\n`)
      const out = await run(path)
      expect(out.sent.map((r) => r.Message)).toEqual(['a', 'b'])
      expect(out.failures).toEqual(['mapping/field-too-large'])
      expect(out.reasons[0]).toMatch(/Message is over 64 KB/)
    })
  })
})

describe('good samples', () => {
  it('sample.csv, sample.ndjson and sample.json give the same stream records', async () => {
    const [csv, ndjson, json] = await Promise.all(
      ['sample.csv', 'sample.ndjson', 'sample.json'].map((name) => run(join(FIXTURES, name))),
    )
    expect(ndjson?.failures).toEqual([])
    expect(ndjson?.sent).toHaveLength(20)
    expect(json?.sent).toEqual(ndjson?.sent)
    expect(csv?.sent).toEqual(ndjson?.sent)
    expect(csv?.warnings).toEqual([])
  })

  it('the preview suggests sensible types for sample.csv', async () => {
    const preview = await previewFile(join(FIXTURES, 'sample.csv'), { limit: 5 })
    expect(preview.truncated).toBe(true)
    expect(preview.records).toHaveLength(5)
    expect(preview.detected).toMatchObject({ format: 'csv', delimiter: ',' })
    expect(Object.fromEntries(preview.columns.map((c) => [c.name, c.guess.type]))).toEqual({
      time: 'datetime',
      level: 'string',
      host: 'string',
      msg: 'string',
      status: 'int',
      durationMs: 'real',
      props: 'dynamic',
    })
  })
})

/**
 * The campaign's cases (issue 16), each through the engine's reading side on both paths: the
 * small-file path (the upload worker's shared readers, with the mapping) and the parallel
 * block path (a prepare helper thread, with the mapping and as records sent as they are). Both
 * paths must give the same entries; each case says what they are.
 */
describe('bad input through both engine paths', () => {
  const columns = STREAM.map(({ name, type }) => ({ name, type }))

  interface PathOutcome {
    sent: Array<{ line: number | undefined; record: Record<string, unknown> }>
    failed: Array<{
      line: number | undefined
      code: string | undefined
      message: string
      source: unknown
    }>
    warnings: Record<string, number>
  }

  async function viaEngine(
    path: string,
    prepareWorkers: number,
    options: { asIs?: boolean; encoding?: 'windows-1252' } = {},
  ): Promise<PathOutcome> {
    const read = await readThroughEngine([path], {
      prepareWorkers,
      ...(options.asIs === true ? {} : { mapping: CORPUS_MAPPING, streamColumns: columns }),
      ...(options.encoding === undefined
        ? {}
        : { fileOptions: () => ({ encoding: options.encoding }) }),
    })
    const entries = read.files[0] ?? []
    return {
      sent: entries.flatMap((e) =>
        e.kind === 'record'
          ? [{ line: e.line, record: JSON.parse(e.json) as Record<string, unknown> }]
          : [],
      ),
      failed: entries.flatMap((e) =>
        e.kind === 'failed'
          ? [{ line: e.line, code: e.code, message: e.message, source: e.source }]
          : [],
      ),
      warnings: Object.fromEntries(
        (read.summary.sourceWarnings ?? []).map((w) => [w.code, w.count]),
      ),
    }
  }

  /** Both paths with the mapping; they must agree. */
  async function both(name: string, options: { encoding?: 'windows-1252' } = {}) {
    const small = await viaEngine(bad(name), 0, options)
    const parallel = await viaEngine(bad(name), 1, options)
    expect(parallel, `${name}: the parallel path differs`).toEqual(small)
    return small
  }

  const messages = (out: PathOutcome) => out.sent.map((s) => s.record['Message'])
  const codes = (out: PathOutcome) => out.failed.map((f) => [f.line, f.code])

  it('1. a JSON array item {}} is refused whole, as JSON.parse does; its neighbours are sent', async () => {
    const out = await both('json-item-stray-brace.json')
    expect(messages(out)).toEqual(['ok 1', 'ok 2'])
    expect(codes(out)).toEqual([[3, 'parse/json-invalid-record']])
    expect(out.failed[0]?.source).toBe('{}}')
  })

  it('2. a .json file that is not an array, or two arrays, says so (never read as CSV)', async () => {
    const lone = await both('json-lone-string.json')
    expect(lone.sent).toEqual([])
    expect(codes(lone)).toEqual([[1, 'parse/json-not-array']])
    const double = await both('json-double-array.json')
    expect(messages(double)).toEqual(['ok 1'])
    expect(codes(double)).toEqual([[1, 'parse/json-trailing-content']])
    expect(double.failed[0]?.message).toMatch(/not read/)
  })

  it('3. lines after a raw line break inside a string are numbered right', async () => {
    const out = await both('json-raw-newline-in-string.json')
    expect(codes(out)).toEqual([[2, 'parse/json-invalid-record']])
    expect(out.sent.map((s) => s.line)).toEqual([4, 5])
  })

  it('4. stray NUL bytes in the first 64 KiB fail only the records that hold them', async () => {
    const ndjson = await both('nul-stretch.ndjson')
    expect(messages(ndjson)).toEqual(['ok 0', 'ok 1', 'ok 2', 'ok 4', 'ok 5'])
    expect(codes(ndjson)).toEqual([[4, 'parse/nul-bytes']])
    expect(ndjson.failed[0]?.message).toMatch(/NUL \(zero\) bytes/)
    const csv = await both('nul-in-row.csv')
    expect(messages(csv)).toEqual(['first', 'third'])
    expect(codes(csv)).toEqual([[3, 'parse/nul-bytes']])
  })

  it('5. numbers a double cannot hold fail with their original text, never null in silence', async () => {
    for (const asIs of [false, true]) {
      const small = await viaEngine(bad('number-out-of-range.ndjson'), 0, { asIs })
      const parallel = await viaEngine(bad('number-out-of-range.ndjson'), 1, { asIs })
      expect(parallel).toEqual(small)
      expect(small.sent).toHaveLength(2)
      expect(JSON.stringify(small.sent)).not.toMatch(/null/)
      expect(codes(small)).toEqual([
        [2, 'parse/number-out-of-range'],
        [3, 'parse/number-out-of-range'],
      ])
      expect(small.failed[0]?.message).toMatch(/the number 1e400, beyond the largest/)
      expect(small.failed[1]?.message).toMatch(/the number 1e-400, so close to 0/)
      // The stored source is the line as written, so it can be fixed and sent again.
      expect(small.failed[0]?.source).toContain('"n":1e400')
    }
    // Quoted, it is text, sent as written.
    const quoted = (await both('number-out-of-range.ndjson')).sent[1]?.record['Props']
    expect(quoted).toEqual({ n: '1e400' })
  })

  it('6. CSV rows end at their own line break: LF header with CRLF rows, CRLF header with mixed rows', async () => {
    const lf = await both('lf-header-crlf-rows.csv')
    expect(lf.sent.map((s) => s.record['Level'])).toEqual(['Information', 'Warning'])
    expect(lf.failed).toEqual([])
    const mixed = await both('crlf-header-mixed-rows.csv')
    expect(messages(mixed)).toEqual(['first', 'second', 'third', 'fourth'])
    expect(mixed.sent.map((s) => s.line)).toEqual([2, 3, 4, 5])
    expect(mixed.failed).toEqual([])
  })

  it('7. silent zeros are counted: a header-only CSV, rows of empty fields, replaced Latin-1', async () => {
    const header = await both('header-only.csv')
    expect(header.sent).toEqual([])
    expect(header.warnings).toEqual({ 'parse/no-records': 1 })
    const blank = await both('empty-rows.csv')
    expect(messages(blank)).toEqual(['first', 'second'])
    expect(blank.warnings).toEqual({ 'parse/csv-blank-row': 2 })
    const latin1 = await both('latin1.csv')
    expect(messages(latin1)).toEqual(['caf\uFFFD cr\uFFFDme', 'na\uFFFDve'])
    expect(latin1.warnings).toEqual({ 'parse/invalid-utf8': 2 })
    // Chosen as Windows-1252, the text is read as written.
    const chosen = await both('latin1.csv', { encoding: 'windows-1252' })
    expect(messages(chosen)).toEqual(['café crème', 'naïve'])
    expect(chosen.warnings).toEqual({})
  })

  it(`8. a record nested 10,000 deep fails alone, locally (limit ${MAX_RECORD_DEPTH} levels)`, async () => {
    const out = await both('nested-10000.ndjson')
    expect(messages(out)).toEqual(['ok 1', 'ok 2'])
    expect(codes(out)).toEqual([[2, 'parse/too-deep']])
    expect(out.failed[0]?.message).toMatch(/more than 64 levels deep/)
    const asIs = await viaEngine(bad('nested-10000.ndjson'), 1, { asIs: true })
    expect(codes(asIs)).toEqual([[2, 'parse/too-deep']])
  })

  describe('9. files that are not plain files or change while read', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'logdrop-files-'))
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    it('a FIFO, a folder, a missing file and a symlink loop are refused at once, each in its own words', async () => {
      const fifo = join(dir, 'pipe.ndjson')
      execFileSync('mkfifo', [fifo])
      const loop = join(dir, 'loop.ndjson')
      await symlink(loop, loop)
      const cases: Array<[string, string, RegExp]> = [
        [fifo, 'parse/file-not-regular', /named pipe \(FIFO\), not a regular file/],
        [dir, 'parse/file-is-folder', /is a folder/],
        [join(dir, 'gone.ndjson'), 'parse/file-missing', /does not exist/],
        [loop, 'parse/file-symlink-loop', /leads back to itself/],
      ]
      for (const [path, code, reason] of cases) {
        // Opening the FIFO would block for ever: refused before anything opens it.
        const opened = await openFile(path)
        const events = []
        for await (const batch of opened.batches) events.push(...batch)
        expect(events).toMatchObject([{ kind: 'error', code, fatal: true }])
        expect(events[0]?.kind === 'error' ? events[0].reason : '').toMatch(reason)
        expect(await regularFileProblem(path)).toMatchObject({ code })
      }
      expect(describeFileError('x.csv', { code: 'EACCES' })).toEqual({
        code: 'parse/file-permission',
        reason: 'You may not read x.csv (permission denied).',
      })
    })

    it('a file that shrinks while it is read is said to have changed, after what was read', async () => {
      const path = join(dir, 'shrinking.ndjson')
      const lines = Array.from({ length: 400 }, (_, i) => line(`m${i}`))
      await writeFile(path, `${lines.join('\n')}\n`)
      for (const prepareWorkers of [0, 1]) {
        await writeFile(path, `${lines.join('\n')}\n`)
        const read = await readThroughEngine([path], {
          prepareWorkers,
          mapping: CORPUS_MAPPING,
          streamColumns: columns,
          maxRequestBytes: 2000,
          // Cut the file in half once the first request goes out.
          onDispatch: async (requests) => {
            if (requests === 1) await truncate(path, 5000)
          },
        })
        const entries = read.files[0] ?? []
        const last = entries[entries.length - 1]
        expect(last).toMatchObject({ kind: 'failed', code: 'parse/file-changed' })
        expect(last?.kind === 'failed' ? last.message : '').toMatch(
          /changed while it was read: it shrank from \d+ to 5000 bytes/,
        )
      }
    })
  })
})
