import { describe, expect, it } from 'vitest'
import {
  binaryReason,
  detectDelimiter,
  detectEncoding,
  detectFormat,
  formatFromName,
} from './sniff'

describe('sniffing', () => {
  it('reads BOMs and BOM-less UTF-16', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({
      encoding: 'utf-8',
      bomLength: 3,
    })
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]))).toEqual({
      encoding: 'utf-16le',
      bomLength: 2,
    })
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]))).toEqual({
      encoding: 'utf-16be',
      bomLength: 2,
    })
    expect(detectEncoding(Buffer.from('a,b\n1,2', 'utf16le'))).toEqual({
      encoding: 'utf-16le',
      bomLength: 0,
    })
    expect(detectEncoding(Buffer.from('a,b\n1,2'))).toEqual({ encoding: 'utf-8', bomLength: 0 })
  })

  it('tells text from binary', () => {
    expect(binaryReason(Buffer.from('ünïcödé text, with tabs\tand\r\nlines'))).toBeUndefined()
    // Stray NULs (a zero-filled stretch after a crash) leave a text file text.
    expect(binaryReason(Buffer.from('{"a":1}\n\0\0\0\0\0\0\0\0\n{"a":2}\n'))).toBeUndefined()
    expect(binaryReason(Buffer.alloc(4096))).toMatch(/all NUL/)
    expect(
      binaryReason(Buffer.from(Array.from({ length: 100 }, (_, i) => (i % 2 ? 0x41 : 0x02)))),
    ).toMatch(/50% of its first 100 bytes are control characters/)
    expect(
      binaryReason(Buffer.from(Array.from({ length: 100 }, (_, i) => 0x80 + (i % 60)))),
    ).toMatch(/neither ASCII nor UTF-8/)
  })

  it('names formats from extensions, ignoring .gz', () => {
    expect(formatFromName('Logs.JSONL.gz')).toBe('ndjson')
    expect(formatFromName('a.tab')).toBe('tsv')
    expect(formatFromName('README')).toBeUndefined()
  })

  it('tells NDJSON from a JSON object', () => {
    expect(detectFormat('x.json', '{"a":1}\n{"a":2}\n', true).format).toBe('ndjson')
    expect(detectFormat('x.json', '{\n "a": 1\n}\n', true).format).toBe('json')
    expect(detectFormat('x.json', `{"a":"${'x'.repeat(100)}`, false)).toMatchObject({
      format: 'json',
    })
    expect(detectFormat('x.log', `{"a":"${'x'.repeat(100)}`, false)).toMatchObject({
      format: 'ndjson',
    })
    expect(detectFormat('x.txt', 'plain,text\n', true).format).toBe('csv')
  })

  it('finds the delimiter that splits lines consistently, or the sep= line', () => {
    expect(detectDelimiter('a;b;c\n1;2,5;3\n4;5,5;6\n', true).delimiter).toBe(';')
    expect(detectDelimiter('a,b\n"x;y;z",1\n', true).delimiter).toBe(',')
    expect(detectDelimiter('"sep=|"\r\na|b\r\n', true)).toMatchObject({
      delimiter: '|',
      sepLine: true,
    })
    expect(detectDelimiter('single\nvalue\n', true)).toMatchObject({
      delimiter: ',',
      sepLine: false,
    })
    expect(detectDelimiter('a\tb\n1\t2\n3\t', false).delimiter).toBe('\t')
  })
})
