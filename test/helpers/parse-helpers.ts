import { openSource } from '../../electron/engine/common/parse/parse-input'
import type {
  ErrorEvent,
  ParseEvent,
  ParseOptions,
  RecordEvent,
  WarningEvent,
} from '../../electron/engine/common/parse/parse-types'
import type { DetectedInput } from '../../electron/engine/common/parse/parse-types'

/** Feeds bytes in reads of `size` bytes (1 proves split characters and split CRLF work). */
export async function* readsOf(bytes: Buffer | string, size: number): AsyncGenerator<Buffer> {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes
  for (let at = 0; at < buf.length; at += size) yield buf.subarray(at, at + size)
}

/** Everything a source produced, split by kind. */
export interface Collected {
  readonly detected: DetectedInput | undefined
  readonly events: ParseEvent[]
  readonly records: RecordEvent[]
  readonly errors: ErrorEvent[]
  readonly warnings: WarningEvent[]
  readonly headers: readonly string[] | undefined
}

/** Parses bytes fed in reads of `size` bytes and collects every event. */
export async function parseBytes(
  bytes: Buffer | string,
  file: string,
  options: ParseOptions = {},
  size = 64 * 1024,
): Promise<Collected> {
  const opened = await openSource(readsOf(bytes, size), file, options)
  const events: ParseEvent[] = []
  for await (const batch of opened.batches) events.push(...batch)
  return {
    detected: opened.detected,
    events,
    records: events.filter((e): e is RecordEvent => e.kind === 'record'),
    errors: events.filter((e): e is ErrorEvent => e.kind === 'error'),
    warnings: events.filter((e): e is WarningEvent => e.kind === 'warning'),
    headers: opened.headers(),
  }
}
