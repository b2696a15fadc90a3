import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { AppError } from '../../../../shared/errors/app-error'
import type { JobDefinition, JobFile } from '../../../../shared/models/upload-job'
import { spawnWorker } from '../../common/threads/spawn-worker'
import type {
  PrepareAnswer,
  PrepareRequest,
  PrepareStart,
  WireBlock,
} from '../../helpers/prepare-protocol'
import type { SlotMemory } from '../../helpers/shared-slots'

/**
 * Prepare helper threads, kept light to import: the upload worker starts its helpers before
 * it loads its own code, so both load at once on different cores (about 0.2 s each).
 */

/** Files from this size on use the prepare helpers by default (smaller ones gain nothing). */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024

/**
 * Helpers by default: one per core but one (the upload worker, which reads, packs, compresses
 * and sends, keeps a core busy too), at least one, at most three.
 */
export function defaultPrepareWorkers(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(3, cores - 1))
}

/**
 * Whether a file goes through the prepare helpers: when the job asks for helpers, or by
 * default for files big enough to repay starting them. Depends only on the job and the file,
 * so a resumed run takes the same path (both paths number entries the same way anyway).
 */
export function usesHelpers(job: JobDefinition, file: JobFile): boolean {
  const chosen = job.options.prepareWorkers
  if (chosen !== undefined) return chosen > 0
  return file.size >= PARALLEL_MIN_BYTES
}

/** The helpers a job needs: none when no file of it takes the parallel path. */
export function helperCountFor(job: JobDefinition): number {
  if (!job.files.some((file) => usesHelpers(job, file))) return 0
  return job.options.prepareWorkers ?? defaultPrepareWorkers()
}

/**
 * One prepare helper: its thread, whether its code has loaded, and the answers it owes.
 * Listens from the moment it is spawned, so a `ready` sent before anyone asks is not lost.
 */
export class HelperThread {
  /** Its code is loaded: until then, blocks are better prepared elsewhere. */
  ready = false
  private broken: Error | undefined
  private readonly pending = new Map<
    number,
    { resolve: (block: WireBlock) => void; reject: (error: Error) => void }
  >()

  private constructor(private readonly worker: Worker) {
    worker.on('message', (answer: PrepareAnswer) => {
      if (answer.type === 'ready') {
        this.ready = true
        return
      }
      const waiter = this.pending.get(answer.seq)
      this.pending.delete(answer.seq)
      if (waiter === undefined) return
      if (answer.type === 'prepared') waiter.resolve(answer.block)
      else
        waiter.reject(new AppError(answer.error.code, answer.error.detail ?? answer.error.message))
    })
    worker.on('error', (error: Error) => this.fail(error))
    worker.on('exit', (code) => {
      if (this.pending.size > 0) this.fail(new Error(`exited with code ${code}`))
    })
  }

  /** Starts a helper for the job. */
  static start(job: JobDefinition, slots?: SlotMemory): HelperThread {
    const start: PrepareStart = { job, ...(slots === undefined ? {} : { slots }) }
    return new HelperThread(spawnWorker('prepare', start))
  }

  /** Answers it still owes. */
  get queued(): number {
    return this.pending.size
  }

  /** The helper crashed or exited with work pending. */
  get failure(): Error | undefined {
    return this.broken
  }

  /** Sends a block; `transfer` lists the buffers that move to the helper. */
  prepare(request: PrepareRequest, transfer: ArrayBuffer[]): Promise<WireBlock> {
    if (this.broken !== undefined) return Promise.reject(this.broken)
    return new Promise<WireBlock>((resolve, reject) => {
      this.pending.set(request.seq, { resolve, reject })
      this.worker.postMessage(request, transfer)
    })
  }

  async terminate(): Promise<void> {
    await this.worker.terminate()
  }

  private fail(error: Error): void {
    this.broken ??= new AppError('upload/worker-crashed', `prepare helper: ${error.message}`, {
      cause: error,
    })
    for (const waiter of this.pending.values()) waiter.reject(this.broken)
    this.pending.clear()
  }
}

/** Starts `count` helpers for the job (see helperCountFor), all given the same slots. */
export function startHelpers(
  job: JobDefinition,
  count: number,
  slots?: SlotMemory,
): HelperThread[] {
  return Array.from({ length: count }, () => HelperThread.start(job, slots))
}
