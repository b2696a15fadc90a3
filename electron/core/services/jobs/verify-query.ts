import { fetch, type Dispatcher } from 'undici'
import { AppError } from '../../../../shared/errors/app-error'
import { networkProblem } from '../target/connection-check'
import type { Window } from './verify-windows'

const DAY_MS = 24 * 3600_000

/**
 * The KQL that counts an upload's rows: rows of the table received (`_TimeReceived`, set by the
 * service) within the windows. It uses only `where`, `between`, `or` and `count`, which every
 * workspace and the emulator's KQL subset run.
 */
export function countQuery(table: string, windows: readonly Window[]): string {
  const iso = (ms: number) => new Date(ms).toISOString()
  const conditions = windows.map(
    (w) => `(_TimeReceived between (datetime(${iso(w.from)}) .. datetime(${iso(w.to)})))`,
  )
  return `${table} | where ${conditions.join(' or ')} | count`
}

/**
 * The query's `timespan` (it filters TimeGenerated): wide enough for every row of the windows,
 * since the service keeps TimeGenerated within [-2 days, +1 day] of receipt.
 */
export function queryTimespan(windows: readonly Window[]): string {
  const from = Math.min(...windows.map((w) => w.from)) - 2 * DAY_MS - 3600_000
  const to = Math.max(...windows.map((w) => w.to)) + DAY_MS + 3600_000
  return `${new Date(from).toISOString()}/${new Date(to).toISOString()}`
}

export interface QueryOptions {
  /** `https://api.loganalytics.azure.com` (or the emulator's origin). */
  readonly endpoint: string
  readonly workspaceId: string
  readonly token: string
  readonly dispatcher: Dispatcher
  readonly timeoutMs?: number
}

/** Runs a count query through the Log Analytics query API; the `Count` of the first row. */
export async function runCountQuery(
  query: string,
  timespan: string,
  options: QueryOptions,
): Promise<number> {
  const url = `${options.endpoint}/v1/workspaces/${encodeURIComponent(options.workspaceId)}/query`
  let response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, timespan }),
      dispatcher: options.dispatcher,
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    })
  } catch (error) {
    const problem = networkProblem(error)
    throw new AppError('history/query-unreachable', problem.detail ?? String(error), {
      retryable: true,
    })
  }
  const text = await response.text()
  if (response.status !== 200) throw queryError(response.status, text)
  const body = JSON.parse(text) as {
    tables?: Array<{ columns?: Array<{ name: string }>; rows?: unknown[][] }>
  }
  const table = body.tables?.[0]
  const column = table?.columns?.findIndex((c) => c.name === 'Count') ?? -1
  const value = column >= 0 ? table?.rows?.[0]?.[column] : undefined
  const count = Number(value ?? 0)
  if (!Number.isFinite(count))
    throw new AppError('history/query-failed', `bad count ${String(value)}`)
  return count
}

/** Maps a query API error answer to advice. */
export function queryError(status: number, text: string): AppError {
  let code = ''
  let message = text.slice(0, 500)
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string; innererror?: { code?: string; message?: string } }
    }
    code = body.error?.code ?? ''
    message = [body.error?.message, body.error?.innererror?.message].filter(Boolean).join(' ')
  } catch {
    // not JSON: keep the text
  }
  const detail = `HTTP ${status} ${code}: ${message}`
  if (status === 401) return new AppError('history/query-unauthorized', detail)
  if (status === 403) return new AppError('history/query-forbidden', detail)
  if (status === 404) return new AppError('history/workspace-not-found', detail)
  if (status === 400 && /resolve table|unknown table/i.test(message)) {
    return new AppError('history/table-not-found', detail)
  }
  return new AppError('history/query-failed', detail, {
    retryable: status === 429 || status >= 500,
  })
}
