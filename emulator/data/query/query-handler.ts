import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorSeed, SeedWorkspace } from '../../seed/seed-types'
import type { Counters } from '../counters'
import { readSmallBody, sendJson } from '../http/respond'
import type { DcrCatalog } from '../ingestion/dcr-catalog'
import { KqlError } from '../kql/kql-error'
import { compileQuery, createResultCollector, type CompiledQuery } from '../kql/query'
import { hasRoleOn } from '../role-check'
import type { TableStore } from '../storage/table-store'
import { workspaceTables } from '../table-schemas'
import { queryErrors, type QueryError } from './query-errors'
import { intersect, parseQueryTimespan, type TimeRange } from './query-timespan'

/** Log Analytics stops at 500,000 rows and reports a partial result (reference §6). */
export const MAX_RESULT_ROWS = 500_000

const MAX_QUERY_BODY_BYTES = 1024 * 1024

/** What the query handler works with; owned by `DataPlane`. */
export interface QueryDeps {
  readonly seed: EmulatorSeed
  readonly catalog: DcrCatalog
  readonly store: TableStore
  readonly counters: Counters
  readonly now: () => Date
  readonly log: (message: string) => void
}

interface QueryRequest {
  readonly query: string
  readonly range: TimeRange | undefined
}

/**
 * `GET|POST /v1/workspaces/{workspaceId}/query`: checks the workspace and the caller's read
 * role, compiles the KQL, streams the table file through it and answers in the Log Analytics
 * response shape.
 */
export async function handleQuery(
  deps: QueryDeps,
  req: IncomingMessage,
  res: ServerResponse,
  route: { readonly workspaceId: string },
  caller: { readonly objectId: string },
): Promise<void> {
  const correlationId = randomUUID()
  const headers = { 'x-ms-request-id': correlationId, 'x-ms-correlation-request-id': correlationId }
  const fail = (error: QueryError) => {
    deps.counters.queryStatus(error.status)
    sendJson(res, error.status, error.body, headers)
  }
  const workspace = deps.catalog.workspace(route.workspaceId)
  if (workspace === undefined) return fail(queryErrors.workspaceNotFound(correlationId))
  if (!hasRoleOn(deps.seed, caller.objectId, ['Reader', 'Log Analytics Reader'], workspace.id)) {
    return fail(queryErrors.insufficientAccess(correlationId))
  }
  const now = deps.now().getTime()
  const request = await readQueryRequest(req, now, correlationId)
  if ('status' in request) return fail(request)

  const tables = workspaceTables(workspace)
  let compiled: CompiledQuery
  try {
    compiled = compileQuery(request.query, (name) => tables.get(name), now)
  } catch (error) {
    if (error instanceof KqlError) return fail(queryErrors.kql(correlationId, request.query, error))
    throw error
  }
  let result: unknown
  try {
    result = await runQuery(deps.store, workspace, compiled, request.range)
  } catch (error) {
    deps.log(
      `query ${correlationId} failed: ${error instanceof Error ? error.stack : String(error)}`,
    )
    return fail(queryErrors.internal(correlationId))
  }
  deps.counters.queryStatus(200)
  sendJson(res, 200, result, headers)
}

async function readQueryRequest(
  req: IncomingMessage,
  now: number,
  correlationId: string,
): Promise<QueryRequest | QueryError> {
  const url = new URL(req.url ?? '/', 'https://localhost')
  let query = url.searchParams.get('query') ?? undefined
  const spans: Array<string | undefined> = [url.searchParams.get('timespan') ?? undefined]
  if (req.method === 'POST') {
    const text = await readSmallBody(req, MAX_QUERY_BODY_BYTES)
    if (text === undefined) {
      return queryErrors.badRequest(
        correlationId,
        'QueryValidationError',
        'The request body is too large',
      )
    }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return queryErrors.badRequest(
        correlationId,
        'QueryValidationError',
        'The request body is not valid JSON',
      )
    }
    if (typeof body !== 'object' || body === null) {
      return queryErrors.badRequest(
        correlationId,
        'QueryValidationError',
        'The request body must be a JSON object',
      )
    }
    const fields = body as { query?: unknown; timespan?: unknown }
    if (fields.query !== undefined && typeof fields.query !== 'string') {
      return queryErrors.badRequest(
        correlationId,
        'QueryValidationError',
        "'query' must be a string",
      )
    }
    if (fields.timespan !== undefined && typeof fields.timespan !== 'string') {
      return queryErrors.badRequest(
        correlationId,
        'QueryValidationError',
        "'timespan' must be a string",
      )
    }
    query = fields.query ?? query
    spans.push(fields.timespan)
  } else if (req.method !== 'GET') {
    return queryErrors.methodNotAllowed(correlationId)
  }
  if (query === undefined || query.trim() === '') {
    return queryErrors.badRequest(correlationId, 'QueryValidationError', 'Query is required')
  }
  let range: TimeRange | undefined
  for (const span of spans) {
    if (span === undefined) continue
    const parsed = parseQueryTimespan(span, now)
    if (parsed === null) {
      return queryErrors.badRequest(
        correlationId,
        'InvalidTimespan',
        `The timespan '${span}' is not an ISO 8601 duration or start/end interval`,
      )
    }
    range = intersect(range, parsed)
  }
  return { query, range }
}

async function runQuery(
  store: TableStore,
  workspace: SeedWorkspace,
  compiled: CompiledQuery,
  range: TimeRange | undefined,
): Promise<unknown> {
  const collector = createResultCollector(compiled.pipeline.schema, MAX_RESULT_ROWS)
  const sink = compiled.pipeline.link(collector.sink)
  const onlyCount = compiled.operators.length === 1 && compiled.operators[0]?.kind === 'count'
  if (onlyCount && range === undefined) {
    collector.sink.push({ Count: store.rowCount(workspace.customerId, compiled.tableName) })
  } else {
    const hasTime = compiled.tableSchema.some((c) => c.name === 'TimeGenerated')
    await store.scan(workspace.customerId, compiled.tableName, (row) => {
      if (range !== undefined && hasTime) {
        const stored = row.TimeGenerated
        const time = typeof stored === 'string' ? Date.parse(stored) : Number.NaN
        if (!(time >= range.start && time <= range.end)) return true
      }
      return sink.push(row)
    })
    sink.end()
  }
  const response: Record<string, unknown> = { tables: [collector.table] }
  if (collector.truncated()) {
    response.error = {
      code: 'PartialError',
      message: 'There were some errors when processing your query.',
      details: [
        {
          code: 'EngineError',
          message: `Query result set has exceeded the internal record count limit ${MAX_RESULT_ROWS}`,
        },
      ],
    }
  }
  return response
}
