import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import type { TokenCredential } from '@azure/core-auth'
import type { CaseInput, CaseResult } from './bench-case'
import { mapForSdk } from './benchmark-mapping'

type LogRecord = Record<string, unknown>

/**
 * Reads a file as SDK users do: `JSON.parse` per NDJSON line, `JSON.parse` of a JSON array,
 * csv-parse with `columns: true` (its README's way) for CSV. Nothing of LogDrop's.
 */
async function readAsUsersDo(input: CaseInput): Promise<LogRecord[]> {
  const { path, format } = input.file
  if (format === 'json') return JSON.parse(await readFile(path, 'utf8')) as LogRecord[]
  if (format === 'csv') {
    const { parse } = await import('csv-parse/sync')
    return parse<LogRecord>(await readFile(path, 'utf8'), { columns: true })
  }
  const records: LogRecord[] = []
  for await (const line of createInterface({
    input: createReadStream(path),
    crlfDelay: Infinity,
  })) {
    if (line !== '') records.push(JSON.parse(line) as LogRecord)
  }
  return records
}

/**
 * The peer: what the SDK's documentation has its users write. Read, map by hand when the case
 * needs it (`mapForSdk`), then one `client.upload(rule, stream, logs, { maxConcurrency })`.
 */
export async function uploadWithSdk(
  input: CaseInput,
  credential: TokenCredential,
  clientOptions: object,
): Promise<CaseResult> {
  // Loaded only here, so LogDrop's runs do not carry the SDK's modules.
  const { LogsIngestionClient, isAggregateLogsUploadError } =
    await import('@azure/monitor-ingestion')
  const client = new LogsIngestionClient(input.emulator.endpoint, credential, clientOptions)
  const started = performance.now()
  const read = await readAsUsersDo(input)
  const logs = input.mapped ? read.map(mapForSdk) : read
  let failed = 0
  try {
    await client.upload(input.emulator.immutableId, input.emulator.stream, logs, {
      maxConcurrency: input.concurrency,
    })
  } catch (error) {
    if (!isAggregateLogsUploadError(error)) throw error
    failed = error.errors.reduce((sum, e) => sum + e.failedLogs.length, 0)
  }
  return {
    seconds: (performance.now() - started) / 1000,
    records: logs.length - failed,
    failed,
  }
}
