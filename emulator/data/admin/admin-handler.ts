import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import type { Counters } from '../counters'
import type { FaultInjector } from '../faults/fault-injector'
import { faultSettingsSchema } from '../faults/fault-settings'
import type { RequestLatch } from '../faults/request-latch'
import { readSmallBody, sendJson } from '../http/respond'
import type { DcrCatalog } from '../ingestion/dcr-catalog'
import type { RateLimiter, RateLimits } from '../ingestion/rate-limiter'
import type { TableStore } from '../storage/table-store'

/** What the admin endpoints work with; owned by `DataPlane`. */
export interface AdminDeps {
  readonly catalog: DcrCatalog
  readonly store: TableStore
  readonly limiter: RateLimiter
  readonly faults: FaultInjector
  readonly latch: RequestLatch
  readonly counters: Counters
  readonly limits: () => RateLimits
  readonly countingOnly: boolean
}

function adminError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } })
}

/**
 * The data plane's part of `/_emulator/` (the server already checked the admin key):
 * `GET counters`, `GET|PUT|POST|DELETE faults`, `GET|POST hold`, `POST release`, `POST reset`.
 */
export async function handleAdmin(
  deps: AdminDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  try {
    await route(deps, req, res, path)
  } catch (error) {
    if (res.headersSent) res.destroy()
    else adminError(res, 500, 'InternalServerError', `Admin request failed: ${String(error)}`)
  }
}

async function route(
  deps: AdminDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const [rawName = '', queryText = ''] = path.split('?')
  const name = rawName.replace(/^\/+|\/+$/g, '')
  const method = req.method ?? 'GET'
  switch (name) {
    case 'counters':
      if (method !== 'GET') return methodNotAllowed(res, 'GET')
      return sendJson(res, 200, counterSnapshot(deps))
    case 'faults':
      return handleFaults(deps, req, res, method)
    case 'hold':
      if (method === 'GET') return waitForHeld(deps, res, new URLSearchParams(queryText))
      if (method !== 'POST') return methodNotAllowed(res, 'GET, POST')
      return hold(deps, req, res)
    case 'release':
      if (method !== 'POST') return methodNotAllowed(res, 'POST')
      return release(deps, req, res)
    case 'reset':
      if (method !== 'POST') return methodNotAllowed(res, 'POST')
      deps.latch.reset()
      await deps.store.reset()
      deps.counters.reset()
      deps.limiter.reset()
      res.writeHead(204)
      res.end()
      return
    default:
      return adminError(
        res,
        404,
        'NotFound',
        `Unknown emulator admin path '${name}'. Known: counters, faults, hold, release, reset.`,
      )
  }
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow)
  adminError(res, 405, 'MethodNotAllowed', `Use ${allow} for this admin path.`)
}

async function handleFaults(
  deps: AdminDeps,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
): Promise<void> {
  if (method === 'GET') return sendJson(res, 200, faultView(deps))
  if (method === 'DELETE') {
    deps.faults.set({})
    return sendJson(res, 200, faultView(deps))
  }
  if (method !== 'PUT' && method !== 'POST') return methodNotAllowed(res, 'GET, PUT, POST, DELETE')
  const text = await readSmallBody(req, 64 * 1024)
  if (text === undefined)
    return adminError(res, 413, 'TooLarge', 'Fault settings must be under 64 KB.')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return adminError(
      res,
      400,
      'InvalidJson',
      `Fault settings are not valid JSON: ${String(error)}`,
    )
  }
  const parsed = faultSettingsSchema.safeParse(json)
  if (!parsed.success) {
    return adminError(
      res,
      400,
      'InvalidFaultSettings',
      `Invalid fault settings:\n${z.prettifyError(parsed.error)}`,
    )
  }
  deps.faults.set(parsed.data)
  return sendJson(res, 200, faultView(deps))
}

const countBodySchema = z.object({ requests: z.number().int().min(1).max(1_000_000) }).strict()
const MAX_WAIT_MS = 120_000

/**
 * Reads `{"requests": n}` for `hold` and `release`: the count, `'all'` for an empty body where
 * that is allowed (release), or `'answered'` after a 400.
 */
async function readCount(
  req: IncomingMessage,
  res: ServerResponse,
  allowEmpty: boolean,
): Promise<number | 'all' | 'answered'> {
  const text = (await readSmallBody(req, 1024)) ?? ''
  if (text.trim() === '' && allowEmpty) return 'all'
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  const parsed = countBodySchema.safeParse(json)
  if (parsed.success) return parsed.data.requests
  adminError(
    res,
    400,
    'InvalidHoldSettings',
    `Send {"requests": <1 to 1000000>}${allowEmpty ? ' or an empty body (release all)' : ''}.`,
  )
  return 'answered'
}

async function hold(deps: AdminDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const count = await readCount(req, res, false)
  if (typeof count === 'number') sendJson(res, 200, deps.latch.hold(count))
}

async function release(deps: AdminDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const count = await readCount(req, res, true)
  if (count === 'answered') return
  sendJson(res, 200, deps.latch.release(count === 'all' ? undefined : count))
}

/**
 * `GET hold?held=n&timeoutMs=t`: answers the latch state once n requests are held (a
 * long-poll, so tests wait on the event instead of polling), or 408 with the state after t ms.
 */
async function waitForHeld(
  deps: AdminDeps,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const held = Number(query.get('held') ?? '0')
  const timeoutMs = Number(query.get('timeoutMs') ?? String(MAX_WAIT_MS))
  if (!Number.isInteger(held) || held < 0 || !Number.isInteger(timeoutMs) || timeoutMs < 0) {
    return adminError(res, 400, 'InvalidHoldQuery', 'Use hold?held=<n>&timeoutMs=<ms>.')
  }
  const gone = new AbortController()
  res.once('close', () => gone.abort())
  const signal = AbortSignal.any([
    gone.signal,
    AbortSignal.timeout(Math.min(timeoutMs, MAX_WAIT_MS)),
  ])
  const state = await deps.latch.whenHeld(held, signal)
  if (res.destroyed) return
  sendJson(res, state === undefined ? 408 : 200, state ?? deps.latch.state())
}

function faultView(deps: AdminDeps): unknown {
  return { settings: deps.faults.current, effectiveLimits: deps.limits() }
}

function counterSnapshot(deps: AdminDeps): unknown {
  const c = deps.counters
  const dcrs: Record<string, unknown> = {}
  for (const dcr of deps.catalog.all()) {
    const immutableId = dcr.rule.properties.immutableId
    dcrs[immutableId] = { dcrId: dcr.rule.id, streams: c.streams[immutableId] ?? {} }
  }
  for (const [immutableId, streams] of Object.entries(c.streams)) {
    dcrs[immutableId] ??= { streams }
  }
  return {
    countingOnly: deps.countingOnly,
    requests: {
      ingestion: { total: total(c.ingestionByStatus), byStatus: c.ingestionByStatus },
      query: { total: total(c.queryByStatus), byStatus: c.queryByStatus },
    },
    dcrs,
    tables: deps.store.counts(),
    faults: c.faults,
    throttled: c.throttled,
    abortedUploads: c.abortedUploads,
    truncatedValues: c.truncatedValues,
    transformFailedRows: c.transformFailedRows,
    droppedColumns: c.droppedColumns,
    limits: deps.limits(),
  }
}

function total(byStatus: Record<string, number>): number {
  return Object.values(byStatus).reduce((sum, n) => sum + n, 0)
}
