import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { AppError } from '../../../shared/errors/app-error'
import type { JobDefinition } from '../../../shared/models/upload-job'
import { spawnWorker } from '../worker/spawn-worker'
import { PREPARE_WORKER } from '../worker/worker-entry'
import { createBlockPreparer, type BlockRequest } from './block-preparer'
import type { PreparedBlock } from './prepare-block'
import {
  formatTransfers,
  type BlockFormat,
  type PrepareAnswer,
  type PrepareRequest,
  type PrepareStart,
} from './prepare-protocol'

/**
 * Helpers by default: one per core but one (the upload worker, which reads, packs, compresses
 * and sends, keeps a core busy too), at least one, at most three.
 */
export function defaultPrepareWorkers(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(3, cores - 1))
}

/** Blocks a helper may have queued before the upload worker prepares the next one itself. */
const HELPER_QUEUE = 2

interface Helper {
  readonly worker: Worker
  /** Its code is loaded: until then, blocks are prepared here when they can be. */
  ready: boolean
  readonly pending: Map<
    number,
    { resolve: (block: PreparedBlock) => void; reject: (error: Error) => void }
  >
}

/** A block to prepare: its file, bytes, where it starts and how to read it. */
export interface BlockInput {
  readonly fileIndex: number
  readonly bytes: Buffer
  readonly format: BlockFormat
  readonly firstLine: number
  readonly offset: number
}

/**
 * Prepare helpers (worker threads) that turn NDJSON, CSV or JSON-item blocks into sendable
 * records in parallel, handing results back in input order with a bounded number of blocks in
 * flight. When every helper is backed up, the calling thread prepares the next block itself:
 * on two cores that lets the upload worker's idle time (it mostly waits for the network) do
 * a share of the work, without the memory of another thread.
 */
export class PreparePool {
  private readonly helpers: Helper[] = []
  private next = 0
  private seq = 0
  private broken: Error | undefined
  private readonly local: ((request: BlockRequest) => Promise<PreparedBlock>) | undefined

  constructor(
    job: JobDefinition,
    size: number,
    moduleFile: string,
    options: { readonly unpacked?: boolean; readonly prepareLocally?: boolean } = {},
  ) {
    this.local = options.prepareLocally === false ? undefined : createBlockPreparer(job)
    const start: PrepareStart = { job }
    for (let i = 0; i < size; i++) {
      const worker = spawnWorker(moduleFile, PREPARE_WORKER, start, {
        unpacked: options.unpacked ?? false,
      })
      const helper: Helper = { worker, ready: false, pending: new Map() }
      worker.on('message', (answer: PrepareAnswer) => {
        if (answer.type === 'ready') {
          helper.ready = true
          return
        }
        const waiter = helper.pending.get(answer.seq)
        helper.pending.delete(answer.seq)
        if (waiter === undefined) return
        if (answer.type === 'prepared') waiter.resolve(answer.block)
        else
          waiter.reject(
            new AppError(answer.error.code, answer.error.detail ?? answer.error.message),
          )
      })
      const fail = (error: Error) => {
        this.broken ??= new AppError('upload/worker-crashed', `prepare helper: ${error.message}`, {
          cause: error,
        })
        for (const waiter of helper.pending.values()) waiter.reject(this.broken)
        helper.pending.clear()
      }
      worker.on('error', fail)
      worker.on('exit', (code) => {
        if (helper.pending.size > 0) fail(new Error(`exited with code ${code}`))
      })
      this.helpers.push(helper)
    }
  }

  get size(): number {
    return this.helpers.length
  }

  private submit(input: BlockInput): Promise<PreparedBlock> {
    if (this.broken !== undefined) return Promise.reject(this.broken)
    const ready = this.helpers.filter((candidate) => candidate.ready)
    const candidates = ready.length > 0 ? ready : this.helpers
    let helper = candidates[this.next++ % candidates.length] as Helper
    for (const other of candidates) {
      if (other.pending.size < helper.pending.size) helper = other
    }
    const backedUp = !helper.ready || helper.pending.size >= HELPER_QUEUE
    if (this.local !== undefined && backedUp) {
      return this.local({ ...input, firstOffset: input.offset, nowMs: Date.now() })
    }
    const seq = ++this.seq
    // Transfer needs a buffer of its own (small buffers may sit in Node's shared pool).
    const own =
      input.bytes.byteOffset === 0 && input.bytes.byteLength === input.bytes.buffer.byteLength
    const bytes = own ? input.bytes : new Uint8Array(input.bytes)
    const request: PrepareRequest = {
      type: 'prepare',
      seq,
      fileIndex: input.fileIndex,
      bytes,
      format: input.format,
      firstLine: input.firstLine,
      firstOffset: input.offset,
      nowMs: Date.now(),
    }
    return new Promise<PreparedBlock>((resolve, reject) => {
      helper.pending.set(seq, { resolve, reject })
      helper.worker.postMessage(request, [
        bytes.buffer as ArrayBuffer,
        ...formatTransfers(input.format),
      ])
    })
  }

  /**
   * Prepares blocks in parallel and yields the results in input order. At most two blocks per
   * helper plus one are in flight, so a slow consumer (backpressure from sending) stops the
   * reading and memory stays bounded.
   */
  async *prepare<T extends BlockInput>(
    inputs: AsyncIterable<T>,
  ): AsyncGenerator<{ readonly input: T; readonly block: PreparedBlock }> {
    const iterator = inputs[Symbol.asyncIterator]()
    const inFlight: Array<{ input: T; result: Promise<PreparedBlock> }> = []
    const limit = this.helpers.length * HELPER_QUEUE + 1
    let exhausted = false
    try {
      for (;;) {
        while (!exhausted && inFlight.length < limit) {
          const next = await iterator.next()
          if (next.done === true) {
            exhausted = true
            break
          }
          const result = this.submit(next.value)
          // Handled when its turn comes; this only keeps an early failure from going unheard.
          result.catch(() => undefined)
          inFlight.push({ input: next.value, result })
        }
        const head = inFlight.shift()
        if (head === undefined) return
        yield { input: head.input, block: await head.result }
      }
    } finally {
      if (!exhausted) await iterator.return?.(undefined)
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.helpers.map((helper) => helper.worker.terminate()))
  }
}
