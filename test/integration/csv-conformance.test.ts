import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parse as csvParse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseBytes } from '../helpers/parse-helpers'
import { readThroughEngine } from '../helpers/read-through-engine'

/**
 * CSV conformance: csv-spectrum (maxogden/csv-spectrum: each CSV with the JSON its rows must
 * give) and the edge cases of RFC 4180 section 2, plus the line-ending mixes users' files have.
 * Each case runs through the small-file path (the shared reader, whole and in 3-byte reads)
 * and the parallel block path (FileReader with a prepare helper thread), and is compared with
 * csv-parse (a reader we did not write) and, for csv-spectrum, with the suite's own JSON.
 */

const SPECTRUM = resolve(__dirname, '../fixtures/conformance/csv-spectrum')

/** RFC 4180 §2 rules, one case each, and mixes of line endings (issue 16, item 6). */
const RFC_CASES: Record<string, string> = {
  'crlf-rows (2.1)': 'a,b\r\n1,2\r\n3,4\r\n',
  'no break after the last row (2.2)': 'a,b\r\n1,2\r\n3,4',
  'header row (2.3)': 'field_name,field_name2\r\naaa,bbb\r\n',
  'spaces are part of a field (2.4)': 'a,b\r\n aaa , bbb \r\n',
  'an empty last field (2.4)': 'a,b,c\r\n1,2,\r\n',
  'quoted fields (2.5)': 'a,b\r\n"aaa","bbb"\r\n',
  'line breaks, quotes and commas in quotes (2.6)': 'a,b\r\n"x\r\ny","p,q"\r\n3,4\r\n',
  'doubled quotes (2.7)': 'a,b\r\n"aaa","b""bb"\r\n',
  'an empty quoted field': 'a,b\r\n"",x\r\n',
  'LF header, CRLF rows': 'a,b\n1,x\r\n2,y\r\n',
  'CRLF header, rows mixing LF and CRLF': 'a,b\r\n1,x\n2,y\r\n3,"z"\n4,w\r\n',
  'LF only': 'a,b\n1,2\n3,4\n',
  'a UTF-8 BOM before the header': '\uFEFFa,b\r\n1,2\r\n',
  'non-ASCII text': 'name,city\r\nJosé,Zürich\r\n李,北京\r\n',
  'a ragged row between good ones': 'a,b\r\n1,2\r\n3\r\n4,5\r\n',
  'rows of only empty fields': 'a,b\r\n1,2\r\n,\r\n"",""\r\n3,4\r\n',
  semicolons: 'a;b\r\n1;2\r\n',
}

interface Outcome {
  readonly records: Array<Record<string, string>>
  readonly failures: number
  readonly blankRows: number
}

interface Expected extends Outcome {
  readonly source: string
}

/** What csv-parse makes of the text, with LogDrop's rules for the header, ragged and blank rows. */
function csvParseExpected(text: string, delimiter: string): Expected {
  const rows: string[][] = csvParse(text, {
    bom: true,
    delimiter,
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    skip_empty_lines: true,
  })
  const [header = [], ...data] = rows
  const records: Array<Record<string, string>> = []
  let failures = 0
  let blankRows = 0
  for (const row of data) {
    if (row.every((field) => field.trim() === '')) blankRows++
    else if (row.length !== header.length) failures++
    else records.push(Object.fromEntries(header.map((name, i) => [name, row[i] as string])))
  }
  return { records, failures, blankRows, source: 'csv-parse' }
}

async function small(text: Buffer, file: string, readSize: number): Promise<Outcome> {
  const out = await parseBytes(text, file, {}, readSize)
  return {
    records: out.records.map((r) => r.record as Record<string, string>),
    failures: out.errors.length,
    blankRows: out.warnings.filter((w) => w.code === 'parse/csv-blank-row').length,
  }
}

interface Case {
  readonly name: string
  readonly bytes: Buffer
  readonly delimiter: string
  /** The suite's own answer, when it has one. */
  readonly suite?: Array<Record<string, string>>
}

let cases: Case[] = []
let dir = ''
const parallel = new Map<string, Outcome>()

beforeAll(async () => {
  const spectrum = (await readdir(join(SPECTRUM, 'csvs'))).filter((n) => n.endsWith('.csv'))
  cases = [
    ...(await Promise.all(
      spectrum.sort().map(async (file) => ({
        name: `csv-spectrum ${basename(file, '.csv')}`,
        bytes: await readFile(join(SPECTRUM, 'csvs', file)),
        delimiter: ',',
        suite: JSON.parse(
          await readFile(join(SPECTRUM, 'json', file.replace(/\.csv$/, '.json')), 'utf8'),
        ) as Array<Record<string, string>>,
      })),
    )),
    ...Object.entries(RFC_CASES).map(([name, text]) => ({
      name: `RFC 4180 ${name}`,
      bytes: Buffer.from(text),
      delimiter: name === 'semicolons' ? ';' : ',',
    })),
  ]
  dir = await mkdtemp(join(tmpdir(), 'logdrop-csvsuite-'))
  const paths = await Promise.all(
    cases.map(async (c, i) => {
      const path = join(dir, `case-${i}.csv`)
      await writeFile(path, c.bytes)
      return path
    }),
  )
  const read = await readThroughEngine(paths, { prepareWorkers: 1 })
  read.files.forEach((entries, i) => {
    const records = entries.flatMap((e) =>
      e.kind === 'record' ? [JSON.parse(e.json) as Record<string, string>] : [],
    )
    parallel.set(cases[i]?.name ?? '', {
      records,
      failures: entries.length - records.length,
      blankRows: 0,
    })
  })
}, 120_000)

afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true })
})

describe('csv-spectrum and RFC 4180 through both paths', () => {
  it('every case gives the rows csv-parse gives (and the suite, where it says)', async () => {
    const mismatches: string[] = []
    for (const c of cases) {
      const want = csvParseExpected(c.bytes.toString('utf8'), c.delimiter)
      if (c.suite !== undefined) expect(want.records, `${c.name}: csv-parse`).toEqual(c.suite)
      const outcomes: Record<string, Outcome | undefined> = {
        small: await small(c.bytes, 'case.csv', 64 * 1024),
        'small, 3-byte reads': await small(c.bytes, 'case.csv', 3),
        parallel: parallel.get(c.name),
      }
      for (const [path, got] of Object.entries(outcomes)) {
        if (got === undefined) {
          mismatches.push(`${c.name} [${path}]: not read`)
          continue
        }
        const same =
          JSON.stringify(got.records) === JSON.stringify(want.records) &&
          got.failures === want.failures &&
          (path === 'parallel' || got.blankRows === want.blankRows)
        if (!same) {
          mismatches.push(
            `${c.name} [${path}]: ${JSON.stringify(got)}; want ${JSON.stringify(want)}`,
          )
        }
      }
    }
    expect(cases.length).toBeGreaterThanOrEqual(28)
    expect(mismatches).toEqual([])
  })

  it('an unclosed quote: the rows before it, then where it opened (csv-parse refuses the file)', async () => {
    const text = 'a,b\r\n1,2\r\n3,"open\r\n4,5\r\n'
    expect(() => csvParse(text, { bom: true })).toThrow(/Quote Not Closed/i)
    const out = await parseBytes(text, 'case.csv')
    expect(out.records.map((r) => r.record)).toEqual([{ a: '1', b: '2' }])
    expect(out.errors).toMatchObject([{ code: 'parse/csv-unclosed-quote', source: { line: 3 } }])
  })
})
