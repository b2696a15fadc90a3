import { gzipSync } from 'node:zlib'
import { parse as csvParse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { parseBytes, readsOf } from '../../../../test/helpers/parse-helpers'
import { disambiguateHeaders, readCsv, type CsvReaderOptions } from './csv-reader'
import { CsvTokenizer } from './csv-tokenizer'
import type { ParseEvent } from './parse-types'

describe('CSV and TSV', () => {
  it('reads quoted fields with delimiters, quotes and newlines, with start lines', async () => {
    const text = 'id,msg,n\r\n1,"a, ""quoted"" b",5\r\n2,"line one\r\nline two",6\r\n3,plain,7\r\n'
    const out = await parseBytes(text, 'a.csv')
    expect(out.detected).toMatchObject({ format: 'csv', delimiter: ',', encoding: 'utf-8' })
    expect(out.headers).toEqual(['id', 'msg', 'n'])
    expect(out.records.map((r) => r.record)).toEqual([
      { id: '1', msg: 'a, "quoted" b', n: '5' },
      { id: '2', msg: 'line one\r\nline two', n: '6' },
      { id: '3', msg: 'plain', n: '7' },
    ])
    expect(out.records.map((r) => r.source.line)).toEqual([2, 3, 5])
    for (const size of [1, 2, 3]) {
      expect((await parseBytes(text, 'a.csv', {}, size)).events).toEqual(out.events)
    }
  })

  it('detects ; , tab and | delimiters, and lets the caller override', async () => {
    const rows = (d: string) => `a${d}b${d}c\n1${d}"x${d}y"${d}3\n4${d}5${d}6\n`
    for (const d of [';', ',', '\t', '|']) {
      const out = await parseBytes(rows(d), 'data.txt')
      expect(out.detected?.delimiter).toBe(d)
      expect(out.detected?.format).toBe(d === '\t' ? 'tsv' : 'csv')
      expect(out.records[0]?.record).toEqual({ a: '1', b: `x${d}y`, c: '3' })
    }
    const forced = await parseBytes('a;b\n1;2\n', 'x.csv', { delimiter: ',' })
    expect(forced.records[0]?.record).toEqual({ 'a;b': '1;2' })
    const tsv = await parseBytes('a b\tc\n1 2\t3\n', 'x.tsv')
    expect(tsv.records[0]?.record).toEqual({ 'a b': '1 2', c: '3' })
  })

  it("honours Excel's sep= line and keeps line numbers", async () => {
    const out = await parseBytes('sep=;\r\nname;value\r\nx;1,5\r\n', 'excel.csv')
    expect(out.detected).toMatchObject({ delimiter: ';', sepLine: true })
    expect(out.records).toEqual([
      { kind: 'record', record: { name: 'x', value: '1,5' }, source: { line: 3 } },
    ])
  })

  it('reports ragged rows and keeps going; skips blank lines and empty rows', async () => {
    const out = await parseBytes('a,b,c\n1,2,3\n\n4,5\n,,\n6,7,8,9\n10,11,12\n', 'r.csv')
    expect(out.records.map((r) => r.record.a)).toEqual(['1', '10'])
    expect(out.records.map((r) => r.source.line)).toEqual([2, 7])
    expect(out.errors.map((e) => [e.code, e.source.line, e.raw])).toEqual([
      ['parse/csv-ragged-row', 4, '4,5'],
      ['parse/csv-ragged-row', 6, '6,7,8,9'],
    ])
    expect(out.errors[0]?.reason).toBe('The row at line 4 has 2 fields; the header has 3.')
  })

  it('renames duplicate and empty header names and says so', async () => {
    const out = await parseBytes('Name,Name, ,Name_2,Name\nа,b,c,d,e\n', 'd.csv')
    expect(out.headers).toEqual(['Name', 'Name_3', 'Column_3', 'Name_2', 'Name_4'])
    expect(out.records[0]?.record).toEqual({
      Name: 'а',
      Name_3: 'b',
      Column_3: 'c',
      Name_2: 'd',
      Name_4: 'e',
    })
    expect(out.warnings.map((w) => w.code)).toEqual([
      'parse/csv-duplicate-header',
      'parse/csv-empty-header',
    ])
    expect(out.warnings[0]?.reason).toBe(
      'The header repeats column names; renamed Name → Name_3, Name → Name_4.',
    )
    expect(disambiguateHeaders(['a', 'a', 'a']).headers).toEqual(['a', 'a_2', 'a_3'])
  })

  it('reports a quote that is never closed, after the rows before it', async () => {
    const out = await parseBytes('a,b\n1,2\n3,"open\n4,5\n6,7\n', 'q.csv')
    expect(out.records.map((r) => r.record.a)).toEqual(['1'])
    expect(out.errors).toHaveLength(1)
    expect(out.errors[0]).toMatchObject({
      code: 'parse/csv-unclosed-quote',
      source: { line: 3 },
      fatal: true,
    })
    expect(out.errors[0]?.reason).toMatch(/opened in the row at line 3 is never closed/)
  })

  it('strips a UTF-8 BOM and decodes UTF-16 LE and BE with a BOM', async () => {
    const text = 'név,ár\n€uro,5\n'
    const bom = await parseBytes(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      'b.csv',
      {},
      1,
    )
    expect(bom.detected).toMatchObject({ bom: true, encoding: 'utf-8' })
    expect(bom.records[0]?.record).toEqual({ név: '€uro', ár: '5' })
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const be = Buffer.from(le)
    be.swap16()
    for (const [bytes, encoding] of [
      [le, 'utf-16le'],
      [be, 'utf-16be'],
    ] as const) {
      const out = await parseBytes(bytes, 'u.csv', {}, 3)
      expect(out.detected).toMatchObject({ encoding, bom: true })
      expect(out.records[0]?.record).toEqual({ név: '€uro', ár: '5' })
      expect(out.records[0]?.source).toEqual({ line: 2 })
    }
  })

  it('flags rows with invalid UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('a,b\nok,1\nbad'),
      Buffer.from([0xff]),
      Buffer.from(',2\n'),
    ])
    const out = await parseBytes(bytes, 'i.csv')
    expect(out.records.map((r) => [r.record.a, r.invalidUtf8])).toEqual([
      ['ok', undefined],
      ['bad\uFFFD', true],
    ])
    expect(out.warnings.map((w) => [w.code, w.source?.line])).toEqual([['parse/invalid-utf8', 3]])
  })
})

/** Every event of `text` read with `readCsv` in reads of `size` bytes. */
async function readAll(
  text: string | Buffer,
  options: Partial<CsvReaderOptions> = {},
  size = 64 * 1024,
  maxRecordBytes = 1024 * 1024,
): Promise<ParseEvent[]> {
  const events: ParseEvent[] = []
  const ctx = { file: 't.csv', maxRecordBytes, reportOffsets: true }
  const all = { delimiter: ',', skipFirstLine: false, ...options }
  for await (const batch of readCsv(readsOf(text, size), ctx, all)) events.push(...batch)
  return events
}

/** Records as [line, ...values], errors and warnings as [line, code, raw]. */
function summary(events: readonly ParseEvent[]): unknown[][] {
  return events.map((e) =>
    e.kind === 'record'
      ? [e.source.line, ...Object.values(e.record)]
      : [e.source?.line, e.code, ...(e.kind === 'error' && e.raw !== undefined ? [e.raw] : [])],
  )
}

describe('CSV edge cases that keep what csv-parse did', () => {
  it('a closing quote followed by more text keeps the field as written', async () => {
    // Outcomes checked against the csv-parse reader before it was replaced.
    const text = 'a,b\n"ab"c,1\n"a""b"c,2\n""x,3\n"ab" ,4\n"ab"c"d",5\nab"c,6\n'
    expect(summary(await readAll(text))).toEqual([
      [2, '"ab"c', '1'],
      [3, '"a"b"c', '2'],
      [4, '""x', '3'],
      [5, '"ab" ', '4'],
      [6, '"ab"c"d"', '5'],
      [7, 'ab"c', '6'],
    ])
  })

  it('the first line break decides; the other kinds are data', async () => {
    // LF file: the \r of a stray \r\n stays in the field (lines: see below).
    const lf = await readAll('a,b\n1,x\r\n"q"\r\n2,y\n')
    expect(summary(lf).map(([, ...rest]) => rest)).toEqual([
      ['1', 'x\r'],
      ['parse/csv-ragged-row', '"q"\r'],
      ['2', 'y'],
    ])
    // CRLF file: a lone \n is data.
    expect(summary(await readAll('a,b\r\n1,x\ny\r\n2,z\r\n'))).toEqual([
      [2, '1', 'x\ny'],
      [4, '2', 'z'],
    ])
    // Old Mac CR file, the last row without a line break.
    expect(summary(await readAll('a,b\r1,"x\ry"\r2,z'))).toEqual([
      [2, '1', 'x\ry'],
      [4, '2', 'z'],
    ])
    // A line break inside quotes does not decide.
    expect(summary(await readAll('"a\r\nb",c\n1,2\n'))).toEqual([[3, '1', '2']])
  })

  it('skips blank lines, white-space rows and rows of empty quoted fields', async () => {
    const events = await readAll('a,b\n\n  ,\t\n"",""\n""\n1,2\n \n')
    expect(summary(events)).toEqual([[6, '1', '2']])
  })

  it('a quoted first line is skipped as the sep= line', async () => {
    const out = await parseBytes('"sep=;"\r\na;b\r\n1;2\r\n', 'excel.csv')
    expect(out.detected).toMatchObject({ delimiter: ';', sepLine: true })
    expect(out.records).toEqual([
      { kind: 'record', record: { a: '1', b: '2' }, source: { line: 3 } },
    ])
  })

  it('a column named __proto__ is a plain value', async () => {
    const events = await readAll('__proto__,b\n{"x":1},2\n')
    const record = events[0]?.kind === 'record' ? events[0].record : {}
    expect(Object.keys(record)).toEqual(['__proto__', 'b'])
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype)
    expect(record['__proto__']).toBe('{"x":1}')
  })
})

describe('CSV line numbers and limits', () => {
  it('counts the line each row starts on, whatever the reads', async () => {
    const text = 'a,b\r\n1,"x\r\ny\r\nz"\r\n\r\n2,"p\nq"\r\n3,"\r"\r\n4,w\r\n'
    const expected = [
      [2, '1', 'x\r\ny\r\nz'],
      [6, '2', 'p\nq'],
      [8, '3', '\r'],
      [10, '4', 'w'],
    ]
    for (const size of [1, 2, 3, 5, 1024]) {
      expect(summary(await readAll(text, {}, size))).toEqual(expected)
    }
    // csv-parse counted a stray \r before \n as a line of its own, so later lines drifted.
    expect(summary(await readAll('a,b\n1,x\r\n"q"\r\n2,y\n'))).toEqual([
      [2, '1', 'x\r'],
      [3, 'parse/csv-ragged-row', '"q"\r'],
      [4, '2', 'y'],
    ])
  })

  it('an unclosed quote is reported at the row it opened in, to the last line', async () => {
    for (const text of ['a,b\n1,2\n\n3,"open\n4,5\n', 'a,b\r\n1,2\r\n\r\n3,"open\r\n4,5\r\n']) {
      for (const size of [1, 4, 1024]) {
        const events = await readAll(text, {}, size)
        expect(summary(events)).toEqual([
          [2, '1', '2'],
          [4, 'parse/csv-unclosed-quote'],
        ])
        expect(events[1]).toMatchObject({
          fatal: true,
          reason:
            'A quote opened in the row at line 4 is never closed, so the file from line 4 to its end (line 5) could not be read.',
        })
      }
    }
  })

  it('a row longer than the record limit ends the file with one error', async () => {
    const long = `a,b\n1,2\n3,${'x'.repeat(100)}\n4,5\n`
    const unclosed = `a,b\n1,2\n3,"${'x'.repeat(100)}\n4,5\n${'6,7\n'.repeat(50)}`
    for (const text of [long, unclosed]) {
      for (const size of [1, 7, 1024]) {
        const events = await readAll(text, {}, size, 50)
        expect(summary(events)).toEqual([
          [2, '1', '2'],
          [3, 'parse/record-too-large'],
        ])
        expect(events[1]).toMatchObject({
          fatal: true,
          reason:
            'The row starting at line 3 is longer than 50 bytes (often a quote that is never closed); it and the rest of the file were skipped.',
        })
      }
    }
    // A row at the limit is read.
    const fits = await readAll(`a\n${'y'.repeat(50)}\n`, {}, 3, 50)
    expect(summary(fits)).toEqual([[2, 'y'.repeat(50)]])
  })

  it('reads rows longer than many reads (they wait for more text), and caps them', async () => {
    const cell = `{""k"":""${'€'.repeat(40_000)}""}`
    const bytes = Buffer.concat([
      Buffer.from(`a,b\n1,"${cell}"\n2,${'x'.repeat(90_000)}\n3,`),
      Buffer.from([0xff]),
      Buffer.from('\n4,ok\n'),
    ])
    for (const size of [4096, 65_536]) {
      const events = await readAll(bytes, {}, size, 200_000)
      expect(summary(events)).toEqual([
        [2, '1', `{"k":"${'€'.repeat(40_000)}"}`],
        [3, '2', 'x'.repeat(90_000)],
        [4, 'parse/invalid-utf8'],
        [4, '3', '\uFFFD'],
        [5, '4', 'ok'],
      ])
    }
    const open = `a,b\n1,2\n3,"${'y'.repeat(300_000)}\n4,5\n`
    const capped = await readAll(open, {}, 4096, 200_000)
    expect(summary(capped)).toEqual([
      [2, '1', '2'],
      [3, 'parse/record-too-large'],
    ])
  })

  it('flags rows with replaced bytes, also when a character is cut between reads', async () => {
    const bytes = Buffer.concat([
      Buffer.from('a,b\n€,x\n'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from(',1\né€,2\n'),
    ])
    for (const size of [1, 2, 3, 64]) {
      const events = await readAll(bytes, {}, size)
      expect(summary(events)).toEqual([
        [2, '€', 'x'],
        [3, 'parse/invalid-utf8'],
        [3, '\uFFFD', '1'],
        [4, 'é€', '2'],
      ])
      expect(events.filter((e) => e.kind === 'record' && e.invalidUtf8)).toHaveLength(1)
    }
    // A U+FFFD written in valid UTF-8 is a character like any other.
    for (const size of [1, 2, 64]) {
      const valid = await readAll('a,b\n€,\uFFFD\n', {}, size)
      expect(valid).toEqual([
        { kind: 'record', record: { a: '€', b: '\uFFFD' }, source: { line: 2 } },
      ])
    }
  })

  it('refuses a delimiter that cannot work', async () => {
    for (const delimiter of ['"', '\n', '\r', ';;']) {
      const events = await readAll('a,b\n1,2\n', { delimiter })
      expect(events).toEqual([
        expect.objectContaining({ kind: 'error', code: 'parse/csv-invalid-row', fatal: true }),
      ])
    }
  })

  it('cut-off gzip: the rows before the damage, then gzip-corrupt', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `${i},row ${i} ${'z'.repeat(i % 50)}`)
    const zipped = gzipSync(`n,msg\n${rows.join('\n')}\n`)
    const out = await parseBytes(zipped.subarray(0, zipped.length - 200), 'cut.csv.gz', {}, 4096)
    expect(out.records.length).toBeGreaterThan(100)
    expect(out.records.map((r) => r.record.n)).toEqual(out.records.map((_, i) => String(i)))
    expect(out.errors).toEqual([
      expect.objectContaining({ code: 'parse/gzip-corrupt', fatal: true }),
    ])
  })
})

describe('CSV blocks read on their own', () => {
  it('give the same events as the whole file', async () => {
    const row = (i: number) =>
      i % 7 === 3
        ? `${i},"two\r\nlines, ""quoted"""\r\n`
        : i % 11 === 5
          ? `${i}\r\n\r\n`
          : `${i},m${i}\r\n`
    const text = `id,msg\r\n${Array.from({ length: 40 }, (_, i) => row(i)).join('')}`
    const whole = await readAll(text)
    // Cut at row starts (outside quotes), as a splitter would.
    const starts: Array<[number, number]> = []
    new CsvTokenizer({ delimiter: ',' }).parse(text, true, (_fields, start, _end, line) => {
      starts.push([start, line])
      return true
    })
    const cuts = [starts[1], starts[9], starts[23]] as Array<[number, number]>
    const pieces: ParseEvent[] = await readAll(text.slice(0, cuts[0]?.[0]))
    for (let i = 0; i < cuts.length; i++) {
      const [from, line] = cuts[i] as [number, number]
      const block = text.slice(from, cuts[i + 1]?.[0] ?? text.length)
      const options = { headers: ['id', 'msg'], firstLine: line, lineBreak: '\r\n' } as const
      pieces.push(...(await readAll(block, options, 5)))
    }
    expect(pieces).toEqual(whole)
    expect(whole.filter((e) => e.kind === 'record')).toHaveLength(37)
    expect(whole.filter((e) => e.kind === 'error')).toHaveLength(3)
  })

  it('take the given header names and report no header warnings', async () => {
    let reported: readonly string[] | undefined
    const events = await readAll('1,2\n3,4,5\n', {
      headers: ['x', 'x_2'],
      firstLine: 10,
      onHeaders: (names) => (reported = names),
    })
    expect(summary(events)).toEqual([
      [10, '1', '2'],
      [11, 'parse/csv-ragged-row', '3,4,5'],
    ])
    expect(reported).toBeUndefined()
  })
})

/** mulberry32: a small seeded PRNG, so the random cases are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** csv-parse set up as LogDrop's reader used it before its own tokenizer. */
function csvParseRows(text: string, delimiter: string): { rows: string[][]; errors: string[] } {
  const errors: string[] = []
  const rows: string[][] = csvParse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error !== undefined) errors.push(error.code)
    },
  })
  return { rows, errors }
}

const PIECES = [
  'a',
  'Zq',
  '42',
  ' ',
  '"',
  '""',
  ',',
  ';',
  '\t',
  '\r',
  '\n',
  '\r\n',
  'é',
  '€',
  '😀',
  '日本',
]

interface Generated {
  readonly text: string
  /** Line each row that is not blank starts on, counted independently of the reader. */
  readonly lines: number[]
}

/** Well-formed CSV: fields quoted where needed (and sometimes when not), one kind of break. */
function generate(random: () => number, delimiter: string, width: number): Generated {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const lineBreak = pick(['\n', '\r\n', '\r'])
  const field = () => {
    let value = ''
    const length = random() < 0.2 ? 0 : Math.floor(random() * 5)
    for (let i = 0; i < length; i++) value += pick(PIECES)
    const needsQuotes = /["\r\n]/.test(value) || value.includes(delimiter)
    return needsQuotes || random() < 0.2 ? `"${value.replace(/"/g, '""')}"` : value
  }
  let text = ''
  const lines: number[] = []
  const rows = 1 + Math.floor(random() * 12)
  for (let r = 0; r < rows; r++) {
    const roll = random()
    const count = roll < 0.1 ? width - 1 : roll < 0.2 ? width + 1 : width
    const fields = random() < 0.08 ? Array.from({ length: count }, () => pick(['', ' ', '""'])) : []
    while (fields.length < Math.max(count, 1)) fields.push(field())
    const blank = fields.every((f) => f.replace(/^"|"$/g, '').trim() === '')
    if (!blank) lines.push(1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0))
    text += fields.join(delimiter)
    if (r < rows - 1 || random() < 0.7) text += lineBreak
    if (random() < 0.1) text += lineBreak
  }
  return { text, lines }
}

describe('CSV reader against csv-parse (random, seeded)', () => {
  it('well-formed files give the same rows, with the lines they start on', async () => {
    const random = prng(0x5eed)
    for (let n = 0; n < 400; n++) {
      const delimiter = [',', ';', '\t'][n % 3] as string
      const width = 1 + Math.floor(random() * 4)
      const { text, lines } = generate(random, delimiter, width)
      const expected = csvParseRows(text, delimiter)
      expect(expected.errors).toEqual([])
      expect(expected.rows).toHaveLength(lines.length)
      const headers = Array.from({ length: width }, (_, i) => `c${i}`)
      const size = [1, 2, 3, 7, 64, 4096][n % 6] as number
      const events = await readAll(text, { delimiter, headers }, size)
      const want = expected.rows.map((row, i) =>
        row.length === width
          ? [lines[i], ...row]
          : [lines[i], 'parse/csv-ragged-row', row.join(delimiter)],
      )
      expect(summary(events), JSON.stringify(text)).toEqual(want)
    }
  })

  it('with a header row, mixed line breaks and loose quotes, the values still match', async () => {
    const random = prng(0xc5f)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
    const loose = [...PIECES, 'x"y', '"ab"c', '""x', '"ab" ', '"open']
    for (let n = 0; n < 400; n++) {
      const delimiter = [',', ';', '\t'][n % 3] as string
      let text = `h0${delimiter}h1${delimiter}h2\n`
      const length = Math.floor(random() * 30)
      for (let i = 0; i < length; i++) text += pick(loose)
      const expected = csvParseRows(text, delimiter)
      const [header, ...rows] = expected.rows
      const events = await readAll(text, { delimiter }, pick([1, 3, 64]))
      const want = rows.map((row) =>
        row.length === header?.length ? row : ['parse/csv-ragged-row', row.join(delimiter)],
      )
      if (expected.errors.includes('CSV_QUOTE_NOT_CLOSED')) want.push(['parse/csv-unclosed-quote'])
      expect(
        summary(events).map(([, ...rest]) => rest),
        JSON.stringify(text),
      ).toEqual(want)
    }
  })
})
