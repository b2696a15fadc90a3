import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { splitIntoBlocks } from '../../helpers/block-splitter'
import { CsvRowScanner } from './csv-row-scanner'

function rows(text: string, delimiter: string): string[][] {
  const parsed: string[][] = parse(text, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
  })
  return parsed
}

/** A random, well-formed CSV text: quoted fields with delimiters, quotes and line breaks. */
function randomCsv(seed: number, delimiter: string, count: number): string {
  let state = seed
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state % n
  }
  const pieces = ['a', 'b c', delimiter, '"', '\n', '\r\n', 'é', '東', '"x"', '']
  const field = () => {
    let text = ''
    for (let i = next(5); i > 0; i--) text += pieces[next(pieces.length)]
    const needsQuotes = /["\r\n]/.test(text) || text.includes(delimiter) || next(4) === 0
    return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text
  }
  // csv-parse (the reference here) takes one row ending per file, from the first row.
  const ending = seed % 2 === 0 ? '\r\n' : '\n'
  const lines: string[] = []
  for (let r = 0; r < count; r++)
    lines.push(Array.from({ length: 3 }, field).join(delimiter) + ending)
  return lines.join('')
}

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

/**
 * The scanner's rules, one byte at a time (what the fast scanner does with indexOf): the
 * reference for random, malformed input.
 */
function referenceCuts(bytes: Buffer, delimiter: number, crlf: boolean): number[] {
  const cuts: number[] = []
  let state: 'start' | 'unquoted' | 'quoted' | 'quote' | 'cr' = 'start'
  for (let i = 0; i < bytes.length; i++) {
    let byte = bytes[i] as number
    if (state === 'quoted') {
      if (byte === 34) state = 'quote'
      continue
    }
    if (state === 'cr') {
      if (byte === 10) {
        state = 'start'
        cuts.push(i + 1)
        continue
      }
      state = 'unquoted'
    }
    if (byte === 10) {
      if (crlf) byte = 0
      else {
        state = 'start'
        cuts.push(i + 1)
        continue
      }
    } else if (byte === 13 && crlf) {
      state = 'cr'
      continue
    }
    if (byte === delimiter) state = 'start'
    else if (state === 'start' || state === 'quote') state = byte === 34 ? 'quoted' : 'unquoted'
  }
  return cuts
}

describe('CsvRowScanner', () => {
  it('agrees with the byte-by-byte rules on random malformed input, in any pieces', () => {
    let seed = 11
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const alphabet = ['"', '""', ',', '\n', '\r', '\r\n', 'a', 'bc', ' ']
    for (let round = 0; round < 300; round++) {
      let text = ''
      for (let i = next(200); i > 0; i--) text += alphabet[next(alphabet.length)]
      const bytes = Buffer.from(text)
      for (const crlf of [false, true]) {
        const expected = referenceCuts(bytes, 44, crlf)
        const scanner = new CsvRowScanner(44, crlf ? '\r\n' : '\n')
        let offset = 0
        const size = 1 + next(9)
        while (offset < bytes.length) {
          const piece = bytes.subarray(offset, offset + size)
          const cut = scanner.scan(piece)
          const inPiece = expected.filter((c) => c > offset && c <= offset + piece.length)
          expect(cut === -1 ? -1 : offset + cut).toBe(inPiece.length === 0 ? -1 : inPiece.at(-1))
          offset += piece.length
        }
      }
    }
  })

  it('cuts only after line breaks that end a row', () => {
    const scanner = new CsvRowScanner(44, '\n')
    const text = 'a,"x\ny",b\nc,d\n'
    expect(scanner.scan(Buffer.from(text))).toBe(text.length)
    const again = new CsvRowScanner(44, '\n')
    expect(again.scan(Buffer.from('a,"x\ny'))).toBe(-1)
    expect(again.scan(Buffer.from('",b\nc'))).toBe(4)
  })

  it('treats quotes inside an unquoted field as plain characters', () => {
    const scanner = new CsvRowScanner(44, '\n')
    expect(scanner.scan(Buffer.from('a,5" screen,b\nc'))).toBe(14)
  })

  it('reads on after a malformed closing quote as in an unquoted field', () => {
    const scanner = new CsvRowScanner(44, '\n')
    expect(scanner.scan(Buffer.from('"ab"c,d\ne'))).toBe(8)
  })

  it('keeps state across pieces, including a "" split between them', () => {
    const scanner = new CsvRowScanner(44, '\n')
    expect(scanner.scan(Buffer.from('"a"'))).toBe(-1)
    expect(scanner.scan(Buffer.from('"\nstill quoted'))).toBe(-1)
    expect(scanner.scan(Buffer.from('",x\n'))).toBe(4)
  })

  it('in a CRLF file, ends rows only at \\r\\n; a lone \\n or \\r is data', () => {
    const scanner = new CsvRowScanner(44, '\r\n')
    expect(scanner.scan(Buffer.from('a\nb,c\r\n'))).toBe(7)
    expect(scanner.scan(Buffer.from('\r"x\r\n'))).toBe(5)
    expect(scanner.scan(Buffer.from('"q"\r'))).toBe(-1)
    expect(scanner.scan(Buffer.from('\n'))).toBe(1)
    expect(scanner.scan(Buffer.from('"a\r\nb"\r\n'))).toBe(8)
  })

  it('in an LF file, a \\r is data: a quote after it is a plain character', () => {
    const scanner = new CsvRowScanner(44, '\n')
    expect(scanner.scan(Buffer.from('a,\r"x\nb\n'))).toBe(8)
  })

  it.each([',', ';', '\t'])(
    'splits random CSV (delimiter %j) into blocks that each parse to whole rows',
    async (delimiter) => {
      for (let seed = 1; seed <= 20; seed++) {
        const text = randomCsv(seed, delimiter, 200)
        const bytes = Buffer.from(text)
        const scanner = new CsvRowScanner(delimiter.charCodeAt(0), seed % 2 === 0 ? '\r\n' : '\n')
        const blocks: string[] = []
        for await (const block of splitIntoBlocks(
          chunksOf(bytes, 1 + (seed % 97)),
          64,
          1 << 20,
          (c) => scanner.scan(c),
        )) {
          blocks.push(block.bytes.toString())
        }
        expect(blocks.join('')).toBe(text)
        expect(blocks.length).toBeGreaterThan(5)
        expect(blocks.flatMap((block) => rows(block, delimiter))).toEqual(rows(text, delimiter))
      }
    },
  )
})
