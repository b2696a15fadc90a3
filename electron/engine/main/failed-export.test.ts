import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { csvCell, exportFailedRecords } from './failed-export'
import { failedLine, groupFailedRecords, listFailedRecords } from '../common/journal/failed-store'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-failed-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('csvCell', () => {
  it('quotes and doubles quotes only when needed', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('cr\r')).toBe('"cr\r"')
    expect(csvCell(' padded')).toBe('" padded"')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell(413)).toBe('413')
  })

  it('defuses spreadsheet formulas but leaves numbers alone', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvCell('+1+2')).toBe("'+1+2")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('-12.5')).toBe('-12.5')
    expect(csvCell('-cmd')).toBe("'-cmd")
  })
})

async function collect(run: (out: PassThrough) => Promise<number>) {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (chunk: Buffer) => chunks.push(chunk))
  const count = await run(out)
  out.end()
  return { count, text: Buffer.concat(chunks).toString('utf8') }
}

describe('exportFailedRecords', () => {
  async function seed() {
    const path = join(dir, 'failed.ndjson')
    const base = {
      jobId: 'j',
      file: '/data/app,log.csv',
      fileIndex: 0,
      time: '2025-01-01T00:00:00Z',
    }
    await writeFile(
      path,
      [
        failedLine(
          {
            ...base,
            ordinal: 0,
            line: 2,
            cause: 'validation',
            message: 'Level: "x" is not an int',
          },
          { Level: 'x', Note: 'multi\nline, "quoted"' },
        ),
        failedLine(
          {
            ...base,
            ordinal: 7,
            line: 9,
            cause: 'http-400',
            status: 400,
            code: 'InvalidPayload',
            message: 'bad',
            requestId: 'rid-1',
            clientRequestId: 'cid-1',
          },
          undefined,
          '{"Level":3,"Msg":"=1+1"}',
        ),
      ].join('\n') + '\n{"torn',
    )
    return path
  }

  it('writes CSV that a CSV parser reads back to the same values', async () => {
    const path = await seed()
    const { count, text } = await collect((out) => exportFailedRecords(path, 'csv', out))
    expect(count).toBe(2)
    const rows = parse<Record<string, string>>(text, { columns: true })
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      id: '0:0',
      file: '/data/app,log.csv',
      line: '2',
      cause: 'validation',
      message: 'Level: "x" is not an int',
      mapped: '',
    })
    expect(JSON.parse(rows[0]!['source']!)).toEqual({ Level: 'x', Note: 'multi\nline, "quoted"' })
    expect(rows[1]).toMatchObject({
      id: '0:7',
      status: '400',
      code: 'InvalidPayload',
      requestId: 'rid-1',
    })
    expect(JSON.parse(rows[1]!['mapped']!)).toEqual({ Level: 3, Msg: '=1+1' })
    expect(text.split('\r\n')[0]).toBe(
      'id,file,line,ordinal,cause,status,code,message,requestId,clientRequestId,time,source,mapped',
    )
  })

  it('writes NDJSON and filters by cause or id', async () => {
    const path = await seed()
    const all = await collect((out) => exportFailedRecords(path, 'ndjson', out))
    expect(
      all.text
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { id: unknown }).id),
    ).toEqual(['0:0', '0:7'])
    const http = await collect((out) =>
      exportFailedRecords(path, 'ndjson', out, { causes: new Set(['http-400']) }),
    )
    expect(http.count).toBe(1)
    expect((JSON.parse(http.text) as { mapped: unknown }).mapped).toEqual({ Level: 3, Msg: '=1+1' })
    const byId = await collect((out) =>
      exportFailedRecords(path, 'ndjson', out, { ids: new Set(['0:0']) }),
    )
    expect(byId.count).toBe(1)
  })

  it('groups by cause', async () => {
    const groups = await groupFailedRecords(await seed())
    expect(groups.map((g) => [g.cause, g.count])).toEqual([
      ['validation', 1],
      ['http-400', 1],
    ])
    expect(groups[1]?.statuses).toEqual([400])
  })
})

describe('listFailedRecords', () => {
  it('pages through the store, optionally by cause, with the total', async () => {
    const path = join(dir, 'paged.ndjson')
    const lines = Array.from({ length: 25 }, (_, ordinal) =>
      failedLine(
        {
          jobId: 'j',
          file: 'f',
          fileIndex: 0,
          ordinal,
          cause: ordinal % 5 === 0 ? 'parse' : 'validation',
          message: 'm',
          time: 't',
        },
        { n: ordinal },
      ),
    )
    await writeFile(path, `${lines.join('\n')}\n`)
    const page = await listFailedRecords(path, { offset: 10, limit: 5 })
    expect(page.total).toBe(25)
    expect(page.records.map((r) => r.ordinal)).toEqual([10, 11, 12, 13, 14])
    const parse = await listFailedRecords(path, { cause: 'parse', limit: 2 })
    expect(parse.total).toBe(5)
    expect(parse.records.map((r) => r.ordinal)).toEqual([0, 5])
  })
})
