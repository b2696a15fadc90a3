/** Per DCR stream: accepted traffic and what was dropped from it. */
export interface StreamCounters {
  acceptedRequests: number
  records: number
  /** Bytes as received on the wire (gzip when compressed). */
  bytes: number
  uncompressedBytes: number
  undeclaredProperties: number
  undeclaredByName: Record<string, number>
}

function newStream(): StreamCounters {
  return {
    acceptedRequests: 0,
    records: 0,
    bytes: 0,
    uncompressedBytes: 0,
    undeclaredProperties: 0,
    undeclaredByName: {},
  }
}

/** Fault kinds counted by the admin `counters` endpoint. */
export type FaultKind =
  'latency' | 'latencySpike' | 'reset' | 'status5xx' | 'status429' | 'failAfterN' | 'held'

/**
 * Everything the data plane counts, readable through `GET /_emulator/counters`: requests by
 * status, accepted records and bytes per DCR and stream, faults, throttling and dropped data.
 */
export class Counters {
  ingestionByStatus: Record<string, number> = {}
  queryByStatus: Record<string, number> = {}
  streams: Record<string, Record<string, StreamCounters>> = {}
  faults: Record<FaultKind, number> = newFaults()
  throttled = 0
  abortedUploads = 0
  truncatedValues = 0
  transformFailedRows = 0
  /** `<workspace>/<table>` → column → rows whose value was dropped. */
  droppedColumns: Record<string, Record<string, number>> = {}

  /** Counts an ingestion response by status (`reset` for a dropped connection). */
  ingestionStatus(status: number | 'reset' | 'aborted'): void {
    const key = String(status)
    this.ingestionByStatus[key] = (this.ingestionByStatus[key] ?? 0) + 1
  }

  /** Counts a query response by status. */
  queryStatus(status: number): void {
    const key = String(status)
    this.queryByStatus[key] = (this.queryByStatus[key] ?? 0) + 1
  }

  /** The counters of one DCR stream, created on first use. */
  stream(immutableId: string, stream: string): StreamCounters {
    const dcr = (this.streams[immutableId] ??= {})
    return (dcr[stream] ??= newStream())
  }

  /** Adds dropped column values for a table. */
  dropped(workspaceId: string, table: string, columns: ReadonlyMap<string, number>): void {
    const byColumn = (this.droppedColumns[`${workspaceId}/${table}`] ??= {})
    for (const [column, rows] of columns) byColumn[column] = (byColumn[column] ?? 0) + rows
  }

  /** Clears every counter. */
  reset(): void {
    this.ingestionByStatus = {}
    this.queryByStatus = {}
    this.streams = {}
    this.faults = newFaults()
    this.throttled = 0
    this.abortedUploads = 0
    this.truncatedValues = 0
    this.transformFailedRows = 0
    this.droppedColumns = {}
  }
}

function newFaults(): Record<FaultKind, number> {
  return {
    latency: 0,
    latencySpike: 0,
    reset: 0,
    status5xx: 0,
    status429: 0,
    failAfterN: 0,
    held: 0,
  }
}
