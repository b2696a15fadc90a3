import { describe, expect, it } from 'vitest'
import {
  CsvTokenizer,
  detectLineBreak,
  unusableDelimiter,
  type CsvTokenizerOptions,
} from './csv-tokenizer'

interface Row {
  readonly fields: string[]
  readonly start: number
  readonly end: number
  readonly line: number
}

/** Rows of `text` given to the tokenizer whole, in final mode. */
function rowsOf(text: string, options: Partial<CsvTokenizerOptions> = {}): Row[] {
  const rows: Row[] = []
  const tokenizer = new CsvTokenizer({ delimiter: ',', ...options })
  tokenizer.parse(text, true, (fields, start, end, line) => {
    rows.push({ fields, start, end, line })
    return true
  })
  return rows
}

/** [line, ...fields] of `text` fed in pieces of `size` characters, as the reader feeds it. */
function inPieces(text: string, size: number, options: Partial<CsvTokenizerOptions> = {}) {
  const rows: unknown[][] = []
  const tokenizer = new CsvTokenizer({ delimiter: ',', ...options })
  const sink = (fields: string[], _start: number, _end: number, line: number) => {
    rows.push([line, ...fields])
    return true
  }
  let rest = ''
  for (let at = 0; at < text.length; at += size) {
    const piece = rest + text.slice(at, at + size)
    rest = piece.slice(tokenizer.parse(piece, false, sink))
  }
  tokenizer.parse(rest, true, sink)
  return { rows, tokenizer }
}

describe('CsvTokenizer', () => {
  it('gives fields, where each row starts and ends, and its line', () => {
    expect(rowsOf('a,b\n"x,""y""",\n\n3')).toEqual([
      { fields: ['a', 'b'], start: 0, end: 3, line: 1 },
      { fields: ['x,"y"', ''], start: 4, end: 14, line: 2 },
      { fields: [''], start: 15, end: 15, line: 3 },
      { fields: ['3'], start: 16, end: 17, line: 4 },
    ])
  })

  it('reads the same rows whatever pieces the text comes in', () => {
    const text =
      'id,"note"\r\n1,"a ""b""\r\nc",x\r\n2,y"z,"q"w\r\n\r\n3,"\r",\r4,"end"""\r\n5,"open'
    const whole = inPieces(text, text.length)
    expect(whole.rows).toEqual([
      [1, 'id', 'note'],
      [2, '1', 'a "b"\r\nc', 'x'],
      [4, '2', 'y"z', '"q"w'],
      [5, ''],
      [6, '3', '\r', '\r4', 'end"'],
    ])
    // The lone \r in "\r" and in \r4 each end a line, as editors show them.
    expect(whole.tokenizer.unclosedQuote).toEqual({ line: 9, lastLine: 9 })
    for (const size of [1, 2, 3, 5, 8]) {
      const pieces = inPieces(text, size)
      expect(pieces.rows).toEqual(whole.rows)
      expect(pieces.tokenizer.unclosedQuote).toEqual(whole.tokenizer.unclosedQuote)
      expect(pieces.tokenizer.lineBreak).toBe('\n')
    }
  })

  it('takes the line break and first line it is given (a block of a file)', () => {
    // \n and \r\n both end rows, each line its own, whichever the file started with.
    expect(rowsOf('1,2\r\n3,4', { lineBreak: '\n', firstLine: 7 })).toEqual([
      { fields: ['1', '2'], start: 0, end: 3, line: 7 },
      { fields: ['3', '4'], start: 5, end: 8, line: 8 },
    ])
    expect(rowsOf('1,2\n3,4\n', { lineBreak: '\r\n' }).map((row) => row.fields)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ])
    expect(rowsOf('1,2\r3,4\n', { lineBreak: '\r' }).map((row) => row.fields)).toEqual([
      ['1', '2'],
      ['3', '4\n'],
    ])
  })

  it('stops when the sink says so, and says how far it read', () => {
    const tokenizer = new CsvTokenizer({ delimiter: ';' })
    const seen: string[][] = []
    const read = tokenizer.parse('a;b\nc;d\ne;f\n', false, (fields) => {
      seen.push(fields)
      return seen.length < 2
    })
    expect(seen).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
    expect(read).toBe(8)
    expect(tokenizer.line).toBe(3)
  })

  it('waits for more text when the end of a piece could change the row', () => {
    const tokenizer = new CsvTokenizer({ delimiter: ',' })
    const never = () => {
      throw new Error('no row is complete yet')
    }
    // A quote at the end may be the first half of "".
    expect(tokenizer.parse('"a"', false, never)).toBe(0)
    // A \r at the end may be the first half of \r\n.
    expect(tokenizer.parse('a\r', false, never)).toBe(0)
    expect(tokenizer.lineBreak).toBeUndefined()
  })

  it('reports a quote that is never closed with its row and the last line', () => {
    const tokenizer = new CsvTokenizer({ delimiter: ',' })
    const rows: string[][] = []
    const text = 'a\n\n"open\r\nstill\n\n'
    const read = tokenizer.parse(text, true, (fields) => {
      rows.push(fields)
      return true
    })
    expect(rows).toEqual([['a'], ['']])
    expect(read).toBe(3)
    expect(tokenizer.unclosedQuote).toEqual({ line: 3, lastLine: 5 })
  })
})

describe('detectLineBreak', () => {
  it('finds the first line break outside quotes', () => {
    // `\n` stands for \n and \r\n: both end rows in such a file.
    expect(detectLineBreak('a,b\r\nc', ',')).toBe('\n')
    expect(detectLineBreak('a,b\nc\r\n', ',')).toBe('\n')
    expect(detectLineBreak('a;"x\ny"\rb', ';')).toBe('\r')
    expect(detectLineBreak('"a\r\nb"\n', ',')).toBe('\n')
    expect(detectLineBreak('no break', ',')).toBeUndefined()
    expect(detectLineBreak('ends with \r', ',')).toBeUndefined()
  })
})

describe('unusableDelimiter', () => {
  it('refuses quotes, line breaks and more than one character', () => {
    expect(unusableDelimiter(',')).toBeUndefined()
    expect(unusableDelimiter('\t')).toBeUndefined()
    for (const bad of ['"', '\r', '\n', '', ';;']) {
      expect(unusableDelimiter(bad)).toEqual(expect.any(String))
      expect(() => new CsvTokenizer({ delimiter: bad })).toThrow(RangeError)
    }
  })
})
