import { randomUUID } from 'node:crypto'
import { AppError, isAppError } from '../../../shared/errors/app-error'
import type { JobFile } from '../../../shared/models/upload-job'
import type { ErrorEvent, RecordEvent } from '../common/parse/parse-types'
import type { FileBlockOptions } from '../helpers/file-blocks'
import { JsonBlockChain } from './blocks/json-line-blocks'
import type { PreparedBlock, PreparedFailure } from '../helpers/prepare-block'
import {
  planParallel,
  planStart,
  readBlocks,
  readJsonItems,
  type ParallelPlan,
  type PlannedBlock,
} from './blocks/parallel-source'
import { usesHelpers, type HelperThread } from './blocks/helper-thread'
import { PreparePool } from './blocks/prepare-pool'
import type { SharedSlots } from '../helpers/shared-slots'
import { prepareRecord } from '../common/prepare-record'
import {
  BatchPacker,
  MAX_REQUEST_JSON_BYTES,
  type RequestBatch,
} from '../common/chunk/request-batch'
import {
  type MapperFactory,
  type RecordMapper,
  type SourceOpener,
} from '../common/source/source-types'
import type { RunContext } from './run-context'

/** How the reader gets at files, mappings, helper threads and the sending side. */
export interface ReaderIo {
  readonly openSource: SourceOpener
  readonly createMapper: MapperFactory
  /** Prepare helpers, already started (see helperCountFor); the reader stops them. */
  readonly helpers: readonly HelperThread[]
  /** Block buffers shared with the helpers (absent: every block gets new buffers). */
  readonly slots?: SharedSlots
  /**
   * Waits for a request slot and starts sending (backpressure). Resolves once the batch's body
   * is built: its records' buffers are free to reuse from then on.
   */
  readonly dispatch: (batch: RequestBatch) => Promise<void>
}

/**
 * The reading side of a run: every file, in order, through the shared parsers (or, for NDJSON,
 * the prepare helpers), skipping entries an earlier run handled, with failures going to the
 * failed store and sendable records packed into requests.
 */
export class FileReader {
  private pool: PreparePool | undefined
  /**
   * Prepared blocks read to the end whose last records may still wait in the packer: their
   * slots are released after the next request is dispatched (its body holds those records).
   */
  private consumed: Uint8Array[] = []

  constructor(
    private readonly ctx: RunContext,
    private readonly io: ReaderIo,
  ) {}

  /** Stops the helper threads. */
  async close(): Promise<void> {
    await Promise.all(this.io.helpers.map((helper) => helper.terminate()))
  }

  private get maxRequestBytes(): number {
    return this.ctx.job.options.maxRequestBytes ?? MAX_REQUEST_JSON_BYTES
  }

  /** Reads every file of the job, in order, handing full requests to `dispatch`. */
  async readAll(): Promise<void> {
    const { job } = this.ctx
    const packer = new BatchPacker(
      `r${this.ctx.replay.runs + 1}-`,
      randomUUID,
      this.maxRequestBytes,
    )
    for (let fileIndex = 0; fileIndex < job.files.length && !this.ctx.isHalted(); fileIndex++) {
      const file = job.files[fileIndex]
      if (file === undefined) continue
      const counters = this.ctx.stats.file(fileIndex)
      const total = this.ctx.replay.fileTotals.get(fileIndex)
      if (total !== undefined && this.ctx.replay.done.coversAll(fileIndex, total)) {
        counters.recordsSkipped = total
        counters.bytesRead = file.size
        counters.done = true
        this.ctx.stats.skipped += total
        continue
      }
      // Records sent as they are always go in blocks (prepared here when no helper runs): the
      // as-is writer keeps long integers' digits, which JSON.parse would change beyond 2^53.
      const asIs = file.mapping === null
      const plan = usesHelpers(job, file) || asIs ? await planParallel(file) : undefined
      let entries: number
      try {
        entries =
          plan === undefined
            ? await this.produceSequential(fileIndex, file, packer)
            : await this.produceParallel(fileIndex, file, plan, packer)
      } catch (error) {
        if (this.ctx.isHalted()) break
        throw isAppError(error)
          ? error
          : new AppError('upload/file-unreadable', `${file.path}: ${String(error)}`, {
              cause: error,
            })
      }
      if (this.ctx.isHalted()) break
      counters.done = true
      counters.bytesRead = Math.max(counters.bytesRead, file.size)
      this.ctx.ledger.write({ t: 'file', f: fileIndex, total: entries })
    }
    const last = packer.take()
    if (last !== undefined && !this.ctx.isHalted()) await this.dispatch(last)
  }

  /**
   * Hands a full request on; once its body is built, the records left in the packer are the
   * ones added after it (of the block being read), so consumed blocks' slots are free.
   */
  private async dispatch(batch: RequestBatch): Promise<void> {
    await this.io.dispatch(batch)
    const slots = this.io.slots
    if (slots === undefined || this.consumed.length === 0) return
    for (const data of this.consumed) slots.release(data)
    this.consumed = []
  }

  /** Counts an entry as read, or as skipped when an earlier run handled it; true to go on. */
  private fresh(fileIndex: number, ordinal: number): boolean {
    const counters = this.ctx.stats.file(fileIndex)
    if (this.ctx.replay.done.has(fileIndex, ordinal)) {
      counters.recordsSkipped += 1
      this.ctx.stats.skipped += 1
      return false
    }
    counters.recordsRead += 1
    this.ctx.stats.read += 1
    return true
  }

  /** Reads a file through the shared parsers on this thread; returns its entry count. */
  private async produceSequential(
    fileIndex: number,
    file: JobFile,
    packer: BatchPacker,
  ): Promise<number> {
    const { job } = this.ctx
    const counters = this.ctx.stats.file(fileIndex)
    const mapper = this.io.createMapper(job, file)
    const source = this.io.openSource(file, this.ctx.signal)
    let ordinal = 0
    try {
      for await (const batch of source.items) {
        counters.bytesRead = source.bytesRead()
        for (const item of batch) {
          if (item.kind === 'warning') {
            this.ctx.log('info', 'source warning', { file: file.path, reason: item.reason })
            continue
          }
          const current = ordinal++
          if (!this.fresh(fileIndex, current)) continue
          const full = this.accept(item, fileIndex, current, mapper, packer)
          if (full !== undefined) await this.dispatch(full)
          if (this.ctx.isHalted()) return ordinal
        }
      }
    } finally {
      counters.bytesRead = source.bytesRead()
    }
    return ordinal
  }

  /**
   * Reads a UTF-8 NDJSON, CSV or JSON file in record-aligned blocks that prepare helpers parse,
   * map and serialise in parallel; results come back in file order, so ordinals and line
   * numbers are the same as on the sequential path. Returns the file's entry count.
   */
  private async produceParallel(
    fileIndex: number,
    file: JobFile,
    plan: ParallelPlan,
    packer: BatchPacker,
  ): Promise<number> {
    const counters = this.ctx.stats.file(fileIndex)
    const slots = this.io.slots
    const pool = (this.pool ??= new PreparePool(this.ctx.job, this.io.helpers, {
      ...(slots === undefined ? {} : { slots }),
    }))
    const onDiskBytes = (bytes: number) => (counters.bytesRead += bytes)
    const onWarning = (reason: string) =>
      this.ctx.log('info', 'source warning', { file: file.path, reason })
    const buffers: FileBlockOptions['buffers'] =
      slots === undefined
        ? undefined
        : { take: (bytes) => slots.take(bytes), release: (buffer) => slots.release(buffer) }
    // JSON blocks cut after line breaks must each start where the one before ended.
    const chain = plan.kind === 'json' && plan.lineCut ? new JsonBlockChain() : undefined
    let stopped = false
    async function* inputs(blocks: AsyncIterable<PlannedBlock>) {
      for await (const block of blocks) {
        if (stopped) {
          slots?.release(block.bytes)
          return
        }
        yield { fileIndex, ...block }
      }
    }
    let ordinalBase = 0
    /** Lines of the file read so far (whole blocks), for the message of a read error. */
    let linesRead = planStart(plan).lines
    /** Consumes prepared blocks in order; false once the run is halted. */
    const consume = async (blocks: AsyncIterable<PlannedBlock>): Promise<boolean> => {
      for await (const { input, block } of pool.prepare(inputs(blocks))) {
        const format = input.format
        if (stopped || (format.kind === 'json' && !chain?.follows(format.from, block.jsonEnd))) {
          // This block and those after it were read from a wrong guess: thrown away.
          stopped = true
          slots?.release(block.data)
          continue
        }
        if (!(await this.consumeBlock(block, fileIndex, ordinalBase, packer))) {
          ordinalBase += block.entries
          return false
        }
        ordinalBase += block.entries
        // JSON item blocks carry their own lines (lineCount 0): the count read so far stays.
        if (input.lineCount > 0) linesRead = input.firstLine - 1 + input.lineCount
      }
      return true
    }
    try {
      const signal = this.ctx.signal
      const going = await consume(readBlocks(file, plan, signal, onDiskBytes, onWarning, buffers))
      const resume = going ? chain?.resumeFrom : undefined
      if (resume !== undefined && plan.kind === 'json') {
        this.ctx.log('info', 'json blocks resumed sequentially', {
          file: file.path,
          line: resume.line,
        })
        stopped = false
        // Bytes from there on are read again.
        counters.bytesRead = plan.gzip ? 0 : plan.bomLength + resume.offset
        await consume(readJsonItems(file, plan, resume, signal, onDiskBytes, onWarning, buffers))
      }
    } catch (error) {
      if (this.ctx.isHalted()) return ordinalBase
      // A damaged gzip member or a vanished file: one entry says so, like the shared parser.
      const gzip = /^Z_/.test(String((error as NodeJS.ErrnoException).code ?? ''))
      if (!isAppError(error) && this.fresh(fileIndex, ordinalBase)) {
        this.ctx.failed.add(
          {
            jobId: this.ctx.job.jobId,
            file: file.path,
            fileIndex,
            ordinal: ordinalBase,
            line: linesRead + 1,
            cause: 'parse',
            code: gzip ? 'parse/gzip-corrupt' : 'parse/file-unreadable',
            message: `${file.path} could not be read past line ${linesRead + 1}: ${error instanceof Error ? error.message : String(error)}; the records before it were read.`,
            time: new Date().toISOString(),
          },
          undefined,
        )
        this.ctx.stats.addFailed('parse', fileIndex)
        return ordinalBase + 1
      }
      throw error
    }
    return ordinalBase
  }

  /**
   * Takes a prepared block's entries in order: records into requests, failures into the
   * failed store. Returns false when the run was halted meanwhile.
   */
  private async consumeBlock(
    block: PreparedBlock,
    fileIndex: number,
    ordinalBase: number,
    packer: BatchPacker,
  ): Promise<boolean> {
    const file = this.ctx.job.files[fileIndex]?.path ?? ''
    if (block.warnings.length > 0) {
      this.ctx.log('info', 'source warnings', {
        file,
        first: block.warnings[0],
        count: block.warnings.length,
      })
    }
    this.ctx.stats.droppedFields += block.droppedFields
    this.ctx.stats.timeWindowFlags += block.timeWindowFlags
    let next = 0
    const failures = block.failures
    for (let j = 0; j < block.indexes.length; j++) {
      const index = block.indexes[j] as number
      while (next < failures.length && (failures[next] as PreparedFailure).index < index) {
        this.acceptPreparedFailure(failures[next++] as PreparedFailure, fileIndex, ordinalBase)
      }
      const ordinal = ordinalBase + index
      if (!this.fresh(fileIndex, ordinal)) continue
      const start = j === 0 ? 0 : (block.ends[j - 1] as number)
      const end = block.ends[j] as number
      const bytes = Buffer.from(block.data.buffer, block.data.byteOffset + start, end - start)
      const packed = packer.add(bytes, {
        fileIndex,
        ordinal,
        line: block.lines[j],
      })
      if (packed?.kind === 'batch') await this.dispatch(packed.batch)
      if (this.ctx.isHalted()) return false
    }
    this.consumed.push(block.data)
    while (next < failures.length) {
      this.acceptPreparedFailure(failures[next++] as PreparedFailure, fileIndex, ordinalBase)
    }
    return true
  }

  /** Records a prepared entry that will not be sent (unless an earlier run already did). */
  private acceptPreparedFailure(
    failure: PreparedFailure,
    fileIndex: number,
    ordinalBase: number,
  ): void {
    const ordinal = ordinalBase + failure.index
    if (!this.fresh(fileIndex, ordinal)) return
    this.ctx.failed.add(
      {
        jobId: this.ctx.job.jobId,
        file: this.ctx.job.files[fileIndex]?.path ?? '',
        fileIndex,
        ordinal,
        line: failure.line,
        ...(failure.byteOffset === undefined ? {} : { byteOffset: failure.byteOffset }),
        cause: failure.cause,
        ...(failure.code === undefined ? {} : { code: failure.code }),
        ...(failure.column === undefined ? {} : { column: failure.column }),
        message: failure.message,
        time: new Date().toISOString(),
      },
      failure.source,
    )
    this.ctx.stats.addFailed(failure.cause, fileIndex)
  }

  /** Maps and serialises one entry; returns a batch when it filled one. */
  private accept(
    item: RecordEvent | ErrorEvent,
    fileIndex: number,
    ordinal: number,
    mapper: RecordMapper,
    packer: BatchPacker,
  ): RequestBatch | undefined {
    const { line, byteOffset } = item.source
    // Built only for an entry that fails: the hot path allocates nothing it does not send.
    const failure = () => ({
      jobId: this.ctx.job.jobId,
      file: this.ctx.job.files[fileIndex]?.path ?? '',
      fileIndex,
      ordinal,
      line,
      ...(byteOffset === undefined ? {} : { byteOffset }),
      time: new Date().toISOString(),
    })
    if (item.kind === 'error') {
      this.ctx.failed.add(
        { ...failure(), cause: 'parse', code: item.code, message: item.reason },
        item.raw,
      )
      this.ctx.stats.addFailed('parse', fileIndex)
      return undefined
    }
    const prepared = prepareRecord(item.record, mapper, Date.now(), this.maxRequestBytes)
    if (!prepared.ok) {
      this.ctx.failed.add(
        {
          ...failure(),
          cause: prepared.cause,
          message: prepared.message,
          ...(prepared.code === undefined ? {} : { code: prepared.code }),
          ...(prepared.column === undefined ? {} : { column: prepared.column }),
        },
        item.record,
      )
      this.ctx.stats.addFailed(prepared.cause, fileIndex)
      return undefined
    }
    this.ctx.stats.droppedFields += prepared.droppedFields
    if (prepared.timeOutsideWindow) this.ctx.stats.timeWindowFlags += 1
    const packed = packer.add(Buffer.from(prepared.json, 'utf8'), { fileIndex, ordinal, line })
    return packed?.kind === 'batch' ? packed.batch : undefined
  }
}
