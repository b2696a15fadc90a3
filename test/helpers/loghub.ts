import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { REPO_ROOT } from './repo-root'

/** The loghub samples in test/fixtures/loghub (see its README), by system name. */
export const LOGHUB_SYSTEMS = [
  'Linux',
  'OpenSSH',
  'Apache',
  'HDFS',
  'Spark',
  'Windows',
  'BGL',
] as const
export type LoghubSystem = (typeof LOGHUB_SYSTEMS)[number]

/** Path of one sample file. */
export function loghubPath(system: LoghubSystem): string {
  return join(REPO_ROOT, 'test', 'fixtures', 'loghub', `${system}_2k.log_structured.csv`)
}

/** A sample read by csv-parse (a reader we did not write): its headers and records as text. */
export function readLoghub(system: LoghubSystem): {
  headers: string[]
  records: Record<string, string>[]
} {
  const rows: string[][] = parse(readFileSync(loghubPath(system)), { bom: true })
  const [headers = [], ...body] = rows
  const records = body.map((row) =>
    Object.fromEntries(headers.map((header, index) => [header, row[index] ?? ''])),
  )
  return { headers, records }
}
