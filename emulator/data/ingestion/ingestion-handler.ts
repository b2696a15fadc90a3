import { countArrayObjects } from './count-array-objects'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { EmulatorSeed } from '../../seed/seed-types'
import type { Counters } from '../counters'
import type { FaultInjector } from '../faults/fault-injector'
import type { RequestLatch } from '../faults/request-latch'
import { readLimitedBody } from '../http/read-limited-body'
import { requestHeaders, sendJson } from '../http/respond'
import { formatDateTime } from '../kql/values'
import { hasRoleOn } from '../role-check'
import type { TableStore } from '../storage/table-store'
import { DCR_LOG_ERRORS_TABLE } from '../table-schemas'
import type { CompiledDcr, CompiledStream, DcrCatalog } from './dcr-catalog'
import {
  MAX_BODY_BYTES,
  SUPPORTED_API_VERSIONS,
  describeJsonKind,
  ingestionErrors,
  type IngestionError,
} from './ingestion-errors'
import { MAX_BODY_DEPTH, findTooDeep } from './json-depth'
import type { RateLimiter, RateLimits } from './rate-limiter'
import { shapeRows, typeRecords } from './row-shaping'
import { firstInvalidUtf8 } from './utf8-check'

/** What the ingestion handler works with; owned by `DataPlane`. */
export interface IngestionDeps {
  readonly seed: EmulatorSeed
  readonly catalog: DcrCatalog
  readonly store: TableStore
  readonly limiter: RateLimiter
  readonly faults: FaultInjector
  readonly latch: RequestLatch
  readonly counters: Counters
  readonly now: () => Date
  readonly log: (message: string) => void
  readonly countingOnly: boolean
  readonly limits: () => RateLimits
}

/** The ingestion route as the server parsed it (path segments already decoded). */
export interface IngestionRoute {
  readonly immutableId: string
  readonly stream: string
  readonly apiVersion: string | null
}

/** The caller as the server's token check found them. */
export interface IngestionCaller {
  readonly objectId: string
}

interface RequestContext {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly requestId: string
  readonly headers: Record<string, string>
}

/**
 * `POST /dataCollectionRules/{immutableId}/streams/{stream}`: checks in the order the service
 * does (api-version, DCR, role, stream), applies injected faults and per-DCR limits, reads the
 * body under the 1 MB limits, and stores the accepted rows (or only counts them).
 */
export async function handleIngestion(
  deps: IngestionDeps,
  req: IncomingMessage,
  res: ServerResponse,
  route: IngestionRoute,
  caller: IngestionCaller,
): Promise<void> {
  const requestId = randomUUID()
  const ctx: RequestContext = { req, res, requestId, headers: requestHeaders(req, requestId) }
  try {
    const refusal = await admit(deps, ctx, route, caller)
    if (refusal === 'handled') return
    if ('status' in refusal) {
      fail(deps, ctx, refusal)
      return
    }
    await accept(deps, ctx, route, refusal.dcr, refusal.stream)
  } catch (error) {
    deps.log(
      `ingestion ${requestId} failed: ${error instanceof Error ? error.stack : String(error)}`,
    )
    if (!res.headersSent) fail(deps, ctx, ingestionErrors.internal('see the emulator log'))
    else res.destroy()
  }
}

type Admission =
  IngestionError | 'handled' | { readonly dcr: CompiledDcr; readonly stream: CompiledStream }

async function admit(
  deps: IngestionDeps,
  ctx: RequestContext,
  route: IngestionRoute,
  caller: IngestionCaller,
): Promise<Admission> {
  if (route.apiVersion === null || route.apiVersion === '')
    return ingestionErrors.missingApiVersion()
  if (!SUPPORTED_API_VERSIONS.includes(route.apiVersion)) {
    return ingestionErrors.unsupportedApiVersion(route.apiVersion)
  }
  const dcr = deps.catalog.find(route.immutableId)
  if (dcr === undefined) return ingestionErrors.dcrNotFound(route.immutableId)
  const rule = dcr.rule
  if (!hasRoleOn(deps.seed, caller.objectId, ['Monitoring Metrics Publisher'], rule.id)) {
    return ingestionErrors.forbidden({
      immutableId: rule.properties.immutableId,
      dcrArmId: rule.id,
      tenantId: deps.seed.tenant.id,
      objectId: caller.objectId,
    })
  }
  const stream = dcr.streams.get(route.stream)
  if (stream === undefined) {
    return ingestionErrors.unknownStream(route.stream, rule.properties.immutableId, [
      ...dcr.streams.keys(),
    ])
  }
  if (stream.problem !== undefined && !deps.countingOnly) {
    return ingestionErrors.transformNotSupported(rule.id, stream.problem)
  }

  const wasHeld = await deps.latch.pass((leave) => ctx.res.once('close', leave))
  if (wasHeld) deps.counters.faults.held++
  if (ctx.res.destroyed) return 'handled'

  const decision = deps.faults.next()
  if (decision.delayMs > 0) {
    deps.counters.faults[decision.spiked ? 'latencySpike' : 'latency']++
    await sleep(decision.delayMs)
  }
  switch (decision.action.kind) {
    case 'reset':
      deps.counters.faults.reset++
      deps.counters.ingestionStatus('reset')
      ctx.req.socket.destroy()
      return 'handled'
    case 'status5xx':
      deps.counters.faults.status5xx++
      return ingestionErrors.injectedUnavailable(decision.action.status)
    case 'status429':
      deps.counters.faults.status429++
      return ingestionErrors.injectedThrottle(decision.action.retryAfterSeconds)
    case 'failAfterN':
      deps.counters.faults.failAfterN++
      return ingestionErrors.injectedFailAfterN(
        decision.action.status,
        deps.faults.current.failAfterN?.count ?? 0,
      )
    case 'none':
      break
  }

  const throttle = deps.limiter.check(limiterKey(dcr), deps.limits(), deps.now().getTime())
  if (throttle !== undefined) {
    deps.counters.throttled++
    return ingestionErrors.throttled({ immutableId: rule.properties.immutableId, ...throttle })
  }
  return { dcr, stream }
}

function limiterKey(dcr: CompiledDcr): string {
  return dcr.rule.properties.immutableId.toLowerCase()
}

async function accept(
  deps: IngestionDeps,
  ctx: RequestContext,
  route: IngestionRoute,
  dcr: CompiledDcr,
  stream: CompiledStream,
): Promise<void> {
  const encoding = (ctx.req.headers['content-encoding'] ?? '').trim().toLowerCase()
  if (encoding !== '' && encoding !== 'gzip' && encoding !== 'identity') {
    fail(deps, ctx, ingestionErrors.unsupportedEncoding(encoding))
    return
  }
  const body = await readLimitedBody(ctx.req, MAX_BODY_BYTES, encoding === 'gzip')
  if (!body.ok) {
    if (body.reason === 'aborted') {
      deps.counters.abortedUploads++
      deps.counters.ingestionStatus('aborted')
      return
    }
    fail(
      deps,
      ctx,
      body.reason === 'too-large'
        ? ingestionErrors.tooLarge(body.which, body.bytes)
        : ingestionErrors.badGzip(body.message),
    )
    return
  }
  const counted = deps.countingOnly ? countArrayObjects(body.body) : undefined
  const parsed = counted === undefined ? parseRecords(body.body) : undefined
  if (parsed !== undefined && 'status' in parsed) {
    fail(deps, ctx, parsed)
    return
  }
  const receivedMs = deps.now().getTime()
  deps.limiter.record(limiterKey(dcr), body.body.length, receivedMs)
  const counters = deps.counters.stream(dcr.rule.properties.immutableId, route.stream)
  counters.acceptedRequests++
  counters.records += counted ?? parsed?.records.length ?? 0
  counters.bytes += body.wireBytes
  counters.uncompressedBytes += body.body.length
  // Acknowledge only what is on disk: the 204 waits for the rows' write and fsync.
  if (!deps.countingOnly && parsed !== undefined) {
    await store(deps, ctx, dcr, stream, parsed.records, receivedMs)
  }
  deps.counters.ingestionStatus(204)
  ctx.res.writeHead(204, ctx.headers)
  ctx.res.end()
}

function parseRecords(body: Buffer): IngestionError | { records: Array<Record<string, unknown>> } {
  const invalidAt = firstInvalidUtf8(body)
  if (invalidAt !== undefined) return ingestionErrors.notUtf8(invalidAt)
  const text = body.toString('utf8').replace(/^\uFEFF/, '')
  if (text.trim() === '') return ingestionErrors.emptyBody()
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return ingestionErrors.invalidJson(error instanceof Error ? error.message : String(error))
  }
  if (!Array.isArray(value)) return ingestionErrors.notAnArray(describeJsonKind(value))
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i]
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      return ingestionErrors.notAnObject(i, describeJsonKind(item))
    }
  }
  const tooDeep = findTooDeep(value)
  if (tooDeep !== undefined) return ingestionErrors.tooDeep(tooDeep.index, MAX_BODY_DEPTH)
  return { records: value as Array<Record<string, unknown>> }
}

/** Types, transforms, shapes and stores the records of one accepted request; resolves when durable. */
async function store(
  deps: IngestionDeps,
  ctx: RequestContext,
  dcr: CompiledDcr,
  stream: CompiledStream,
  records: ReadonlyArray<Record<string, unknown>>,
  receivedMs: number,
): Promise<void> {
  const writes: Array<Promise<void>> = []
  const typed = typeRecords(records, stream.schema)
  const counters = deps.counters.stream(dcr.rule.properties.immutableId, stream.name)
  for (const [name, count] of typed.undeclared) {
    counters.undeclaredProperties += count
    counters.undeclaredByName[name] = (counters.undeclaredByName[name] ?? 0) + count
  }
  const diagnostics: Array<{ operation: string; message: string }> = []
  for (const flow of stream.flows) {
    const output = flow.transform?.run(typed.rows, receivedMs) ?? {
      rows: typed.rows,
      failedRows: 0,
    }
    if (output.failedRows > 0) {
      deps.counters.transformFailedRows += output.failedRows
      diagnostics.push({
        operation: 'Transformation',
        message: `${output.failedRows} record(s) were dropped because the transformation failed on them: ${output.firstError ?? 'unknown error'}`,
      })
    }
    const shaped = shapeRows(output.rows, flow.outputSchema, flow.target, receivedMs)
    const workspaceId = flow.target.workspace.customerId
    writes.push(deps.store.append(workspaceId, flow.target.table, shaped.stored))
    deps.counters.truncatedValues += shaped.truncatedValues
    if (shaped.droppedColumns.size > 0) {
      deps.counters.dropped(workspaceId, flow.target.table, shaped.droppedColumns)
      const names = [...shaped.droppedColumns.keys()]
      diagnostics.push({
        operation: 'Ingestion',
        message: `The output of stream '${stream.name}' has column(s) that table '${flow.target.table}' does not have; they were dropped: ${names.join(', ')}.`,
      })
    }
  }
  const workspace = dcr.diagnosticsWorkspace
  if (diagnostics.length > 0 && workspace !== undefined) {
    writes.push(
      storeDiagnostics(deps, ctx, dcr, stream, workspace.customerId, diagnostics, receivedMs),
    )
  }
  await Promise.all(writes)
}

function storeDiagnostics(
  deps: IngestionDeps,
  ctx: RequestContext,
  dcr: CompiledDcr,
  stream: CompiledStream,
  customerId: string,
  diagnostics: ReadonlyArray<{ operation: string; message: string }>,
  receivedMs: number,
): Promise<void> {
  const time = formatDateTime(receivedMs)
  return deps.store.append(
    customerId,
    DCR_LOG_ERRORS_TABLE,
    diagnostics.map((d) => ({
      TenantId: customerId,
      TimeGenerated: time,
      OperationName: d.operation,
      InputStreamId: stream.name,
      Message: d.message,
      ...(ctx.headers['x-ms-client-request-id'] === undefined
        ? {}
        : { ClientRequestId: ctx.headers['x-ms-client-request-id'] }),
      CorrelationId: ctx.requestId,
      _ResourceId: dcr.rule.id,
      Type: DCR_LOG_ERRORS_TABLE,
      _TimeReceived: time,
    })),
  )
}

function fail(deps: IngestionDeps, ctx: RequestContext, error: IngestionError): void {
  deps.counters.ingestionStatus(error.status)
  if (error.code === undefined) {
    // The bare 500 Azure sends for an empty body: no JSON, no error code header.
    ctx.res.writeHead(error.status, { ...ctx.headers, 'content-length': '0' })
    ctx.res.end()
    return
  }
  sendJson(
    ctx.res,
    error.status,
    { error: { code: error.code, message: error.message } },
    { ...ctx.headers, ...error.headers, 'x-ms-error-code': error.code },
  )
}
