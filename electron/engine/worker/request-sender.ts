import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { gunzipSync, gzipSync } from 'node:zlib'
import { AppError, isAppError, type AppErrorCode } from '../../../shared/errors/app-error'
import type { FailureCause } from '../../../shared/models/upload-job'
import { failedLine } from '../common/journal/failed-store'
import type { AimdLimit } from './send/aimd-limit'
import { BodyPool } from './send/body-pool'
import type { GzipTuner } from './send/gzip-tuner'
import type { IngestionClient } from './send/ingestion-client'
import {
  batchBody,
  batchRanges,
  MAX_REQUEST_JSON_BYTES,
  originRanges,
  packedRecords,
  recordEnds,
  splitBatch,
  unpackBatch,
  type PackedBatch,
  type RequestBatch,
} from '../common/chunk/request-batch'
import { decideRetry, type AttemptResult, type RetryState } from './send/retry-policy'
import type { SlotGate } from './send/slot-gate'
import type { AccessTokenData, TokenCache } from '../common/token-cache'
import type { RunContext } from './run-context'

/**
 * Output piece size for gzip: a 1 MB body at level 1 compresses to about 150 KB, so two
 * pieces instead of the default ten 16 KB ones.
 */
const GZIP_CHUNK_BYTES = 128 * 1024

/** Request bodies kept for reuse: requests in flight (8 by default) and a few more. */
const BODIES_KEPT = 12

/** Network errors after which the request cannot have reached the service. */
const NEVER_ARRIVED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'])

/** Final network failures in a row that stop the job (the endpoint is gone). */
const NETWORK_STOP_AFTER = 3

/** Error codes that stop a job, by failure cause. */
const STOP_CODES: Partial<Record<FailureCause, AppErrorCode>> = {
  auth: 'upload/auth-rejected',
  'http-403': 'upload/forbidden',
  'http-404': 'upload/not-found',
  network: 'upload/network-unreachable',
}

/** The sending machinery a run shares with its sender. */
export interface SenderParts {
  readonly client: IngestionClient
  readonly tokens: TokenCache
  readonly tuner: GzipTuner
  readonly limit: AimdLimit
  readonly gate: SlotGate
  /** Resolves when not paused; false once cancelled. */
  readonly runnable: () => Promise<boolean>
  readonly isCancelled: () => boolean
}

/**
 * The sending side of a run: compresses a request, sends it until it is accepted, split (413)
 * or failed for good, retrying with backoff and honouring Retry-After, feeding the AIMD limit
 * and the gzip tuner, and writing the ledger and the failed store.
 */
export class RequestSender {
  private networkFailuresInARow = 0
  /** Compression time of packed requests not yet reported to the gzip tuner. */
  private readonly pendingCompressMs = new Map<string, number>()
  /** Request bodies to reuse: a few more than requests in flight. */
  private readonly bodies: BodyPool

  constructor(
    private readonly ctx: RunContext,
    private readonly parts: SenderParts,
  ) {
    const limit = ctx.job.options.maxRequestBytes ?? MAX_REQUEST_JSON_BYTES
    this.bodies = new BodyPool(limit, BODIES_KEPT)
  }

  /**
   * Sends one batch until it is accepted, split, failed for good, or the run is cancelled. Not
   * async itself, so nothing keeps the batch's record buffers once the body is compressed.
   */
  send(batch: RequestBatch): Promise<void> {
    let packed: PackedBatch
    try {
      packed = this.pack(batch)
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    return this.sendPacked(packed)
  }

  /** Writes the ledger's `send` line, builds and compresses the body. */
  private pack(batch: RequestBatch): PackedBatch {
    this.ctx.ledger.write({ t: 'send', c: batch.id, r: batchRanges(batch) })
    const body = batchBody(batch, (bytes) => this.bodies.take(bytes))
    this.ctx.stats.jsonBytes += body.length
    const level = this.parts.tuner.levelForRequest()
    const compressStart = performance.now()
    // Synchronous on this worker thread: measured at about two thirds of the CPU of zlib's
    // asynchronous calls (thread-pool hand-offs and a callback per piece), and the upload
    // worker's event loop serves no user.
    const payload = level === 0 ? body : gzipSync(body, { level, chunkSize: GZIP_CHUNK_BYTES })
    if (payload !== body) this.bodies.give(body)
    this.pendingCompressMs.set(batch.id, performance.now() - compressStart)
    return {
      id: batch.id,
      clientRequestId: batch.clientRequestId,
      refs: batch.chunk.refs,
      payload,
      gzip: level !== 0,
      level,
      jsonBytes: body.length,
      ends: recordEnds(batch.chunk),
    }
  }

  /**
   * A request is answered for good: its plain body can be reused. (A cancelled or halted one
   * is left to the garbage collector, in case the connection still reads it.)
   */
  private settled(packed: PackedBatch): void {
    if (!packed.gzip) this.bodies.give(packed.payload)
  }

  /** The uncompressed body of a packed request (for a split or the failed store). */
  private bodyOf(packed: PackedBatch): Buffer {
    return packed.gzip ? gunzipSync(packed.payload) : packed.payload
  }

  private async sendPacked(packed: PackedBatch): Promise<void> {
    const { job } = this.ctx
    let compressMs = this.pendingCompressMs.get(packed.id) ?? 0
    this.pendingCompressMs.delete(packed.id)
    let state: RetryState = {
      failures: 0,
      throttles: 0,
      firstAttemptAtMs: Date.now(),
      nowMs: Date.now(),
      tokenRefreshed: false,
      recordCount: packed.refs.length,
    }
    let markedUnsure = false
    let token: AccessTokenData | undefined

    for (;;) {
      if (!(await this.parts.runnable())) return
      try {
        token = await this.parts.tokens.get()
      } catch (error) {
        this.ctx.halt(
          isAppError(error) ? error : new AppError('upload/token-unavailable', String(error)),
        )
        return
      }
      if (this.parts.isCancelled()) return
      this.ctx.stats.requests += 1
      this.ctx.stats.wireBytes += packed.payload.length
      const networkStart = performance.now()
      const result = await this.parts.client.post({
        body: packed.payload,
        gzip: packed.gzip,
        token: token.token,
        clientRequestId: packed.clientRequestId,
        signal: this.ctx.signal,
      })
      const now = performance.now()
      this.parts.tuner.record({
        compressMs,
        networkMs: now - networkStart,
        jsonBytes: packed.jsonBytes,
        wireBytes: packed.payload.length,
        level: packed.level,
      })
      this.parts.tuner.tick(now, this.parts.gate.waitedMs, this.parts.limit.current)
      compressMs = 0
      const decision = decideRetry(result, { ...state, nowMs: Date.now() }, job.options)
      this.logAttempt(packed, result, decision.action)

      switch (decision.action) {
        case 'aborted':
          return
        case 'accepted':
          this.onAccepted(packed, result)
          this.settled(packed)
          return
        case 'refresh-token':
          try {
            await this.parts.tokens.refresh(token.token)
          } catch (error) {
            this.ctx.halt(
              isAppError(error) ? error : new AppError('upload/token-unavailable', String(error)),
            )
            return
          }
          state = { ...state, tokenRefreshed: true }
          continue
        case 'split': {
          const halves = splitBatch(unpackBatch(packed, this.bodyOf(packed)), randomUUID)
          if (halves === undefined) {
            this.onFailed(packed, result, 'http-413', false)
            this.settled(packed)
            return
          }
          this.ctx.ledger.write({ t: 'split', c: packed.id })
          this.ctx.stats.splits += 1
          // The halves' records are views of this body until each half is packed.
          await this.send(halves[0])
          await this.send(halves[1])
          this.settled(packed)
          return
        }
        case 'retry': {
          this.ctx.stats.retries += 1
          if (decision.reason === 'throttled') {
            this.ctx.stats.throttled += 1
            state = { ...state, throttles: state.throttles + 1 }
            if (this.parts.limit.onThrottled(Date.now())) {
              this.ctx.log('info', 'throttled: fewer requests in flight', {
                limit: this.parts.limit.current,
              })
            }
          } else {
            state = { ...state, failures: state.failures + 1 }
          }
          if (result.kind === 'network' && !NEVER_ARRIVED.has(result.code) && !markedUnsure) {
            markedUnsure = true
            this.ctx.stats.unsureRequests += 1
            this.ctx.stats.unsureRecords += packed.refs.length
            this.ctx.ledger.write({ t: 'unsure', c: packed.id, n: packed.refs.length })
          }
          try {
            await sleep(decision.delayMs, undefined, { signal: this.ctx.signal })
          } catch {
            return
          }
          continue
        }
        case 'fail':
          this.onFailed(packed, result, decision.cause, decision.stopJob)
          this.settled(packed)
          return
      }
    }
  }

  private onAccepted(packed: PackedBatch, result: AttemptResult): void {
    const requestId = result.kind === 'accepted' ? result.requestId : undefined
    const ranges = originRanges(packed.refs)
    this.ctx.ledger.write({
      t: 'ack',
      c: packed.id,
      r: ranges,
      ...(requestId === undefined ? {} : { rid: requestId }),
    })
    this.ctx.stats.accepted += packed.refs.length
    this.ctx.stats.acceptedRequests += 1
    for (const [fileIndex, first, last] of ranges) {
      this.ctx.stats.file(fileIndex).recordsAccepted += last - first + 1
    }
    this.networkFailuresInARow = 0
    this.parts.limit.onAccepted(Date.now())
    this.parts.gate.poke()
  }

  private onFailed(
    packed: PackedBatch,
    result: AttemptResult,
    cause: FailureCause,
    stopJob: boolean,
  ): void {
    const time = new Date().toISOString()
    const files = this.ctx.job.files
    const detail =
      result.kind === 'rejected'
        ? {
            status: result.status,
            message: result.message,
            ...(result.code === undefined ? {} : { code: result.code }),
            ...(result.requestId === undefined ? {} : { requestId: result.requestId }),
          }
        : result.kind === 'network'
          ? { code: result.code, message: result.message }
          : { message: 'The request failed.' }
    const records = packedRecords(packed, this.bodyOf(packed))
    const lines = records.map((json, index) => {
      const origin = packed.refs[index]
      const fileIndex = origin?.fileIndex ?? 0
      return failedLine(
        {
          jobId: this.ctx.job.jobId,
          file: files[fileIndex]?.path ?? '',
          fileIndex,
          ordinal: origin?.ordinal ?? 0,
          ...(origin?.line === undefined ? {} : { line: origin.line }),
          cause,
          ...detail,
          clientRequestId: packed.clientRequestId,
          time,
        },
        undefined,
        json.toString('utf8'),
      )
    })
    this.ctx.failed.addMany(lines)
    for (const origin of packed.refs) this.ctx.stats.addFailed(cause, origin.fileIndex)
    this.ctx.log('warn', 'request failed for good', {
      cause,
      request: packed.id,
      records: packed.refs.length,
      ...detail,
    })
    if (cause === 'network') this.networkFailuresInARow += 1
    const code = STOP_CODES[cause]
    const stopForNetwork = cause === 'network' && this.networkFailuresInARow >= NETWORK_STOP_AFTER
    if (code !== undefined && (stopJob || stopForNetwork)) {
      this.ctx.halt(new AppError(code, `${cause}: ${detail.message}`))
    }
  }

  private logAttempt(batch: PackedBatch, result: AttemptResult, action: string): void {
    if (result.kind === 'accepted') return
    this.ctx.log('debug', 'request attempt', {
      request: batch.id,
      clientRequestId: batch.clientRequestId,
      records: batch.refs.length,
      outcome: result.kind,
      ...(result.kind === 'rejected'
        ? { status: result.status, code: result.code, requestId: result.requestId }
        : {}),
      ...(result.kind === 'network' ? { code: result.code } : {}),
      action,
    })
  }
}
