import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { once } from 'node:events'
import type {
  FailureCause,
  FileProgress,
  JobDefinition,
  JobState,
  JobSummary,
} from '../../../../shared/models/upload-job'
import { readLogLines } from './append-log'
import {
  jobPaths,
  jobPathsIn,
  loadJobDefinition,
  loadSummary,
  saveJobDefinition,
  saveSummary,
} from './job-store'
import type { OrdinalRange } from './interval-set'
import { isFinished } from './job-state'

/**
 * Joins the journals of several jobs into one job (the upload layout before one upload was one
 * job: one job per distinct mapping). Files are renumbered in the order given; ledger ranges,
 * file totals and failed records follow. Failed-record lines are rewritten as text, so stored
 * records keep their exact digits.
 */

/** One file of the joined job: which job read it, at which index, under which name. */
export interface MergedFile {
  readonly jobId: string
  readonly fileIndex: number
  readonly name?: string
}

export interface MergeInput {
  readonly dataDir: string
  /** The jobs in their run order; the first one's id becomes the joined job's. */
  readonly jobIds: readonly string[]
  readonly files: readonly MergedFile[]
  /** Folder the joined job is written to (moved into place by the caller). */
  readonly into: string
  /** Fields the joined definition takes over (destination, account…). */
  readonly extra: Partial<
    Pick<JobDefinition, 'label' | 'dcrId' | 'accountId' | 'destination' | 'retryOf'>
  >
  /**
   * The app shut down while it ran: unless every job finished, the joined job gets no summary,
   * so it reads as interrupted.
   */
  readonly interrupted: boolean
}

/** Joins the jobs; returns the joined definition and the new index of each (job, file). */
export async function mergeJobs(
  input: MergeInput,
): Promise<{ definition: JobDefinition; indexOf: (jobId: string, fileIndex: number) => number }> {
  const definitions = await Promise.all(
    input.jobIds.map((id) => loadJobDefinition(jobPaths(input.dataDir, id))),
  )
  const first = definitions[0]
  if (first === undefined) throw new Error('no jobs to merge')
  const newIndex = new Map<string, number>()
  const key = (jobId: string, fileIndex: number) => `${jobId}\n${fileIndex}`
  const order = [...input.files]
  // Files the caller did not name keep their place after the named ones.
  definitions.forEach((d) =>
    d.files.forEach((_, i) => {
      if (!order.some((f) => f.jobId === d.jobId && f.fileIndex === i)) {
        order.push({ jobId: d.jobId, fileIndex: i })
      }
    }),
  )
  const mappings: unknown[] = []
  const mappingKeys: string[] = []
  const files = order.map((ref, index) => {
    const definition = definitions.find((d) => d.jobId === ref.jobId)
    const file = definition?.files[ref.fileIndex]
    if (definition === undefined || file === undefined) {
      throw new Error(`${ref.jobId} has no file ${ref.fileIndex}`)
    }
    newIndex.set(key(ref.jobId, ref.fileIndex), index)
    let mapping: number | null = null
    if (file.mapping !== null) {
      const text = JSON.stringify(definition.mappings[file.mapping])
      mapping = mappingKeys.indexOf(text)
      if (mapping === -1) {
        mapping = mappingKeys.push(text) - 1
        mappings[mapping] = definition.mappings[file.mapping]
      }
    }
    return { ...file, mapping, ...(ref.name === undefined ? {} : { name: ref.name }) }
  })
  const indexOf = (jobId: string, fileIndex: number): number => {
    const found = newIndex.get(key(jobId, fileIndex))
    if (found === undefined) throw new Error(`${jobId} has no file ${fileIndex}`)
    return found
  }
  const definition: JobDefinition = {
    ...first,
    ...input.extra,
    files,
    mappings,
  }
  await mkdir(input.into, { recursive: true })
  const target = jobPathsIn(input.into)
  await saveJobDefinition(target, definition)

  const ledger = createWriteStream(target.ledger, { mode: 0o600 })
  const failed = createWriteStream(target.failed, { mode: 0o600 })
  const summaries: Array<JobSummary | undefined> = []
  try {
    for (const [jobIndex, jobId] of input.jobIds.entries()) {
      const source = jobPaths(input.dataDir, jobId)
      const remap = (fileIndex: number) => indexOf(jobId, fileIndex)
      for await (const line of readLogLines<LedgerLine>(source.ledger)) {
        if (line.ok) await write(ledger, JSON.stringify(remapLedger(line.value, jobIndex, remap)))
      }
      for await (const line of readLogLines<{ fileIndex?: unknown }>(source.failed)) {
        if (line.ok) await write(failed, remapFailed(line.text, first.jobId, remap))
      }
      summaries.push(await loadSummary(source))
    }
  } finally {
    await Promise.all([close(ledger), close(failed)])
  }
  const done = summaries.filter((s): s is JobSummary => s !== undefined)
  const allFinished = done.length === summaries.length && done.every((s) => isFinished(s.state))
  if (done.length === summaries.length && (allFinished || !input.interrupted)) {
    const joined = joinSummaries(first.jobId, done, (jobIndex, fileIndex) =>
      indexOf(input.jobIds[jobIndex] as string, fileIndex),
    )
    await saveSummary(target, { ...joined, target: definition.target })
  }
  return { definition, indexOf }
}

type LedgerLine = { t: string; c?: string; r?: OrdinalRange[]; f?: number; [key: string]: unknown }

/** Request ids repeat from job to job (`r1-0`): each job's get a prefix of their own. */
function remapLedger(
  entry: LedgerLine,
  jobIndex: number,
  remap: (fileIndex: number) => number,
): LedgerLine {
  return {
    ...entry,
    ...(entry.c === undefined ? {} : { c: `j${jobIndex}-${entry.c}` }),
    ...(entry.r === undefined ? {} : { r: entry.r.map(([f, a, b]) => [remap(f), a, b]) }),
    ...(entry.f === undefined ? {} : { f: remap(entry.f) }),
  }
}

/** Rewrites the id, job id and file index at the head of a failed-record line. */
function remapFailed(text: string, jobId: string, remap: (fileIndex: number) => number): string {
  return text
    .replace(
      /^\{"id":"(\d+):(\d+)"/,
      (_, f: string, o: string) => `{"id":"${remap(Number(f))}:${o}"`,
    )
    .replace(/"jobId":"[^"]*"/, `"jobId":${JSON.stringify(jobId)}`)
    .replace(/"fileIndex":(\d+)/, (_, f: string) => `"fileIndex":${remap(Number(f))}`)
}

/** The state of jobs run one after the other, as the old layout decided it. */
function joinedState(states: readonly JobState[]): JobState {
  for (const state of ['running', 'paused', 'stopped', 'cancelled', 'interrupted'] as const) {
    if (states.includes(state)) return state
  }
  return states.includes('completed-with-failures') ? 'completed-with-failures' : 'completed'
}

/** One summary for the joined job (counts summed, files renumbered). */
function joinSummaries(
  jobId: string,
  summaries: readonly JobSummary[],
  indexOf: (jobIndex: number, fileIndex: number) => number,
): JobSummary {
  const sum = (pick: (s: JobSummary) => number) => summaries.reduce((a, s) => a + pick(s), 0)
  const failedByCause: Partial<Record<FailureCause, number>> = {}
  for (const s of summaries) {
    for (const [cause, n] of Object.entries(s.failedByCause) as Array<[FailureCause, number]>) {
      failedByCause[cause] = (failedByCause[cause] ?? 0) + n
    }
  }
  const files: FileProgress[] = summaries
    .flatMap((s, jobIndex) => s.files.map((f) => ({ ...f, index: indexOf(jobIndex, f.index) })))
    .sort((a, b) => a.index - b.index)
  const first = summaries[0] as JobSummary
  const last = summaries.at(-1) as JobSummary
  const error = summaries.find((s) => s.error !== undefined)?.error
  return {
    jobId,
    state: joinedState(summaries.map((s) => s.state)),
    startedAt: first.startedAt,
    finishedAt: last.finishedAt,
    durationMs: sum((s) => s.durationMs),
    target: first.target,
    records: {
      read: sum((s) => s.records.read),
      accepted: sum((s) => s.records.accepted),
      failed: sum((s) => s.records.failed),
      skipped: sum((s) => s.records.skipped),
      notSent: sum((s) => s.records.notSent),
    },
    failedByCause,
    droppedFields: sum((s) => s.droppedFields),
    timeWindowFlags: sum((s) => s.timeWindowFlags),
    duplicatesPossible: {
      records: sum((s) => s.duplicatesPossible.records),
      requests: sum((s) => s.duplicatesPossible.requests),
    },
    bytes: {
      raw: sum((s) => s.bytes.raw),
      json: sum((s) => s.bytes.json),
      wire: sum((s) => s.bytes.wire),
    },
    requests: {
      sent: sum((s) => s.requests.sent),
      accepted: sum((s) => s.requests.accepted),
      retries: sum((s) => s.requests.retries),
      throttled: sum((s) => s.requests.throttled),
      splits: sum((s) => s.requests.splits),
    },
    gzipLevels: [...new Set(summaries.flatMap((s) => s.gzipLevels))].sort((a, b) => a - b),
    files,
    ...(error === undefined ? {} : { error }),
  }
}

async function write(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, 'drain')
}

async function close(stream: WriteStream): Promise<void> {
  stream.end()
  await once(stream, 'finish')
}
