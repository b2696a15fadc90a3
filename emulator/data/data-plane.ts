import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EmulatorSeed } from '../seed/seed-types'
import { handleAdmin, type AdminDeps } from './admin/admin-handler'
import { Counters } from './counters'
import { FaultInjector } from './faults/fault-injector'
import { faultSettingsSchema } from './faults/fault-settings'
import { RequestLatch } from './faults/request-latch'
import { DcrCatalog } from './ingestion/dcr-catalog'
import { handleIngestion, type IngestionDeps } from './ingestion/ingestion-handler'
import { DEFAULT_LIMITS, RateLimiter, type RateLimits } from './ingestion/rate-limiter'
import { handleQuery, type QueryDeps } from './query/query-handler'
import { TableStore } from './storage/table-store'

/** Who is calling, as the server's token check found them. */
export interface Caller {
  readonly objectId: string
  readonly appId?: string
  readonly kind: 'user' | 'servicePrincipal'
}

/** How to open the data plane. */
export interface DataPlaneOptions {
  /** Tables are kept under `<dataDir>/tables/`. */
  readonly dataDir: string
  readonly seed: EmulatorSeed
  /** Clock for receive times, `now()` and rate windows (tests pin it). */
  readonly now?: () => Date
  readonly log?: (message: string) => void
  /**
   * Benchmarks: check auth, limits and JSON and count records and bytes, but skip transforms
   * and storage, so the emulator's own work does not compete with the client being measured.
   */
  readonly countingOnly?: boolean
  /** Faults to start with (same shape as `PUT /_emulator/faults`); validated, throws if invalid. */
  readonly faults?: unknown
}

/**
 * The emulator's data plane: Logs Ingestion (auth, limits, faults, transforms, durable
 * tables), the Log Analytics query API over the stored tables, and the admin endpoints.
 *
 * The server authenticates bearer tokens first and passes the caller; everything after that
 * (roles, errors, bodies) is answered here.
 */
export class DataPlane {
  /** DCRs (or streams) the emulator cannot run faithfully; those answer ingestion with 501. */
  readonly transformProblems: ReadonlyArray<{ readonly dcrId: string; readonly message: string }>

  private readonly ingestionDeps: IngestionDeps
  private readonly queryDeps: QueryDeps
  private readonly adminDeps: AdminDeps
  private readonly latch = new RequestLatch()
  private closed = false

  private constructor(
    options: DataPlaneOptions,
    private readonly store: TableStore,
  ) {
    const catalog = new DcrCatalog(options.seed)
    const now = options.now ?? (() => new Date())
    const log = options.log ?? (() => undefined)
    const counters = new Counters()
    const faults = new FaultInjector()
    if (options.faults !== undefined) faults.set(faultSettingsSchema.parse(options.faults))
    const limiter = new RateLimiter()
    const seedLimits = options.seed.limits
    const limits = (): RateLimits => ({
      requestsPerMinute:
        faults.current.limits?.requestsPerMinute ??
        seedLimits?.requestsPerMinute ??
        DEFAULT_LIMITS.requestsPerMinute,
      bytesPerMinute:
        faults.current.limits?.bytesPerMinute ??
        seedLimits?.bytesPerMinute ??
        DEFAULT_LIMITS.bytesPerMinute,
    })
    const countingOnly = options.countingOnly === true
    this.transformProblems = catalog.problems
    this.ingestionDeps = {
      seed: options.seed,
      catalog,
      store,
      limiter,
      faults,
      latch: this.latch,
      counters,
      now,
      log,
      countingOnly,
      limits,
    }
    this.queryDeps = { seed: options.seed, catalog, store, counters, now, log }
    this.adminDeps = {
      catalog,
      store,
      limiter,
      faults,
      latch: this.latch,
      counters,
      limits,
      countingOnly,
    }
  }

  /** Opens the data plane, re-reading the tables already stored in the data dir. */
  static async open(options: DataPlaneOptions): Promise<DataPlane> {
    const store = await TableStore.open(options.dataDir, options.log ?? (() => undefined))
    return new DataPlane(options, store)
  }

  /**
   * Counts a data-plane request the server refused before handing it here (no or a wrong
   * token, a wrong method), so the counters hold every response.
   */
  countRefused(api: 'ingestion' | 'query', status: number): void {
    if (api === 'ingestion') this.ingestionDeps.counters.ingestionStatus(status)
    else this.queryDeps.counters.queryStatus(status)
  }

  /** Serves `POST /dataCollectionRules/{immutableId}/streams/{stream}?api-version=...`. */
  handleIngestion(
    req: IncomingMessage,
    res: ServerResponse,
    route: { immutableId: string; stream: string; apiVersion: string | null },
    caller: Caller,
  ): Promise<void> {
    return handleIngestion(this.ingestionDeps, req, res, route, caller)
  }

  /** Serves `GET|POST /v1/workspaces/{workspaceId}/query`. */
  handleQuery(
    req: IncomingMessage,
    res: ServerResponse,
    route: { workspaceId: string },
    caller: Caller,
  ): Promise<void> {
    return handleQuery(this.queryDeps, req, res, route, caller)
  }

  /** Serves `/_emulator/<path>` (counters, faults, hold, release, reset) after the server checked the admin key. */
  handleAdmin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    return handleAdmin(this.adminDeps, req, res, path)
  }

  /** Flushes and fsyncs every table file; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.latch.reset()
    await this.store.close()
  }
}
