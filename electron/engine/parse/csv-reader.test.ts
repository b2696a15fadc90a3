import { describe, expect, it } from 'vitest'
import { parseBytes } from '../../../test/helpers/parse-helpers'
import { disambiguateHeaders } from './csv-reader'

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
