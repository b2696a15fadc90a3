import { randomBytes } from 'node:crypto'

/**
 * Serialises a mapped record to its UTF-8 JSON bytes, once; the chunker and the request body
 * reuse those bytes.
 *
 * long values beyond 2^53 arrive as bigint and are written as exact JSON digits (JSON.rawJSON
 * where the runtime has it, otherwise a private placeholder replaced after stringify). A record
 * nested too deeply for JSON.stringify is reported, not thrown.
 */

export type SerializeResult =
  { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly reason: string }

type RawJson = (text: string) => unknown
const rawJSON = (JSON as unknown as { rawJSON?: RawJson }).rawJSON

const MARK = `\u0000bigint:${randomBytes(6).toString('hex')}:`
const MARK_RE = new RegExp(
  `"${JSON.stringify(MARK).slice(1, -1).replace(/\\/g, '\\\\')}(-?\\d+)"`,
  'g',
)

function bigintReplacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value
  return rawJSON === undefined ? `${MARK}${value.toString()}` : rawJSON(value.toString())
}

function stringifyWithBigints(record: object): string {
  const text = JSON.stringify(record, bigintReplacer)
  return rawJSON === undefined ? text.replace(MARK_RE, '$1') : text
}

/** The record as UTF-8 JSON bytes, or why it cannot be written. */
export function serializeRecord(record: object): SerializeResult {
  let text: string
  try {
    text = JSON.stringify(record)
  } catch (error) {
    if (error instanceof TypeError && /BigInt/i.test(error.message)) {
      try {
        text = stringifyWithBigints(record)
      } catch (inner) {
        return failure(inner)
      }
    } else {
      return failure(error)
    }
  }
  return { ok: true, bytes: Buffer.from(text, 'utf8') }
}

function failure(error: unknown): SerializeResult {
  if (error instanceof RangeError) {
    return { ok: false, reason: 'The record is nested too deeply to be written as JSON.' }
  }
  return { ok: false, reason: `The record cannot be written as JSON: ${(error as Error).message}` }
}
