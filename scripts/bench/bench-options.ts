import { parseArgs } from 'node:util'
import { DEFAULT_UPLOAD_OPTIONS, type GzipLevelChoice } from '../../shared/models/upload-job'
import type { BenchFormat } from './generate-data'

/** The benchmark's kinds of case (`--cases`). */
export const CASE_KINDS = ['seed', 'mapping', 'link', 'dcr-limit', 'memory'] as const
export type CaseKind = (typeof CASE_KINDS)[number]

/** What `npm run bench -- …` asked for. */
export interface BenchOptions {
  readonly cases: readonly CaseKind[]
  /** Bytes per file of the seed's and the mapping case. */
  readonly sizeBytes: number
  readonly formats: readonly BenchFormat[]
  /** Injected latencies of the loopback cases. */
  readonly latencies: readonly number[]
  /** Shaped links, Mbit/s (empty: none). */
  readonly links: readonly number[]
  /** The memory case's file: LogDrop's CLI alone on a large NDJSON file. */
  readonly memorySizeBytes: number
  /** The per-DCR limit case's bytes per minute (undefined: not run). */
  readonly dcrLimitBytesPerMinute?: number
  readonly concurrency: number
  readonly sdkConcurrency: readonly number[]
  readonly gzipLevel?: GzipLevelChoice
  /** Runs per runner and case, interleaved; the table shows the median. */
  readonly repeat: number
  readonly quick: boolean
}

/** A link's injected latency: 20 ms for the faster links, 40 ms for 10 Mbit/s and below. */
export function linkLatencyMs(mbit: number): number {
  return mbit <= 10 ? 40 : 20
}

export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(kb|mb|gb)?$/i.exec(text.trim())
  if (match === null) throw new Error(`use a size like 200MB or 1GB, not ${text}`)
  const unit = (match[2] ?? 'mb').toLowerCase()
  return Math.round(Number(match[1]) * (unit === 'gb' ? 1e9 : unit === 'kb' ? 1e3 : 1e6))
}

const list = (text: string) => (text === 'none' || text === '' ? [] : text.split(','))

/**
 * `npm run bench`: about 20 minutes on 2 cores. `--quick`: 20 MB files, one run each, the
 * per-DCR case at 60 MB/min (just over a minute); a few minutes in all.
 */
export function benchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      cases: { type: 'string', default: CASE_KINDS.join(',') },
      size: { type: 'string' },
      formats: { type: 'string', default: 'ndjson,json,csv' },
      latencies: { type: 'string', default: '0,50' },
      links: { type: 'string', default: '100,50,10' },
      'dcr-limit': { type: 'string' },
      'memory-size': { type: 'string' },
      concurrency: { type: 'string' },
      'sdk-concurrency': { type: 'string', default: '16,5' },
      'gzip-level': { type: 'string' },
      repeat: { type: 'string' },
    },
  })
  const quick = values.quick
  const repeat = Number(values.repeat ?? (quick ? 1 : 3))
  if (!Number.isInteger(repeat) || repeat < 1) {
    throw new Error(`--repeat: a whole number of runs, 1 or more, not ${values.repeat}`)
  }
  const dcrLimit = values['dcr-limit'] ?? (quick ? '60MB' : '400MB')
  const gzip = values['gzip-level']
  const cases = list(values.cases) as CaseKind[]
  const unknown = cases.filter((kind) => !(CASE_KINDS as readonly string[]).includes(kind))
  if (unknown.length > 0)
    throw new Error(`--cases: ${unknown.join(', ')}? Use ${CASE_KINDS.join(',')}`)
  return {
    cases,
    sizeBytes: parseSize(values.size ?? (quick ? '20MB' : '200MB')),
    formats: list(values.formats) as BenchFormat[],
    latencies: list(values.latencies).map(Number),
    links: list(values.links).map(Number),
    memorySizeBytes: parseSize(values['memory-size'] ?? (quick ? '100MB' : '1GB')),
    ...(dcrLimit === 'none' ? {} : { dcrLimitBytesPerMinute: parseSize(dcrLimit) }),
    concurrency: Number(values.concurrency ?? DEFAULT_UPLOAD_OPTIONS.concurrency),
    sdkConcurrency: list(values['sdk-concurrency']).map(Number),
    ...(gzip === undefined ? {} : { gzipLevel: gzip === 'auto' ? 'auto' : Number(gzip) }),
    repeat,
    quick,
  }
}
