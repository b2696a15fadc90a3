import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { createAppContext } from '../../../electron/core/app-context'
import { jobPaths } from '../../../electron/engine/common/journal/job-store'
import { dispatchInvoke } from '../../../electron/core/ipc/dispatch'
import type { FailureCause } from '../../../shared/models/upload-job'
import { queryRows } from '../emulator-client'
import { REPO_ROOT, type EmulatorHandle } from '../emulator-handle'
import { onlyJobId } from '../journal-inspect'
import { connectionArgs, hasStackTrace, runLogdrop, type LogdropExit } from '../logdrop-process'
import { readFailedStore } from '../reconcile'
import { SOAK_STREAM, SOAK_TABLE } from '../soak-data'
import { soakStreamColumns } from '../soak-job'

/**
 * The bad-input corpus end to end: every file of test/fixtures/bad/ plus a 2 MB single record
 * and a 100 KB field, through the CLI against the emulator and through the app's file
 * services. Each gets an outcome a person can read; good records in the same file still land.
 */

/** The committed corpus. */
export const BAD_FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures', 'bad')

/** Writes the two files too big to commit; returns their paths. */
export async function writeGeneratedBadFiles(dir: string): Promise<string[]> {
  const line = (msg: string) => JSON.stringify({ time: new Date().toISOString(), msg })
  const huge = JSON.stringify({
    time: new Date().toISOString(),
    msg: 'huge',
    props: { blob: 'x'.repeat(2_000_000) },
  })
  const hugePath = join(dir, 'huge-record-2mb.ndjson')
  await writeFile(hugePath, `${line('before huge')}\n${huge}\n${line('after huge')}\n`)
  const fieldPath = join(dir, 'big-field-100kb.ndjson')
  await writeFile(
    fieldPath,
    `${line('before big')}\n${line('y'.repeat(100_000))}\n${line('after big')}\n`,
  )
  return [hugePath, fieldPath]
}

/** Every corpus file: the committed ones, then the generated ones. */
export async function badInputFiles(generatedDir: string): Promise<string[]> {
  const committed = (await readdir(BAD_FIXTURES_DIR)).sort().map((f) => join(BAD_FIXTURES_DIR, f))
  return [...committed, ...(await writeGeneratedBadFiles(generatedDir))]
}

/** What each corpus file must come to: exit code, rows landed, failed records, a warning. */
export interface CorpusExpectation {
  readonly exit: 0 | 1 | 2
  /** The good records of the file: every one must land. */
  readonly rows: number
  readonly failures: ReadonlyArray<{ cause: FailureCause; code?: string; message: RegExp }>
  /** A reading warning in the log and the summary (the records were sent anyway). */
  readonly warning?: RegExp
  /** The app's `files:add` refuses the file with this code although the CLI reads it through. */
  readonly appRejection?: string
}

/** The outcome each file must get (parser-level twins: electron/engine/common/parse/bad-input-corpus.test.ts). */
export const CORPUS_EXPECTATIONS: Readonly<Record<string, CorpusExpectation>> = {
  'bad-column-names.csv': { exit: 0, rows: 2, failures: [] },
  'binary-renamed.csv': {
    exit: 2,
    rows: 0,
    failures: [{ cause: 'parse', code: 'parse/binary-file', message: /is not a text file/ }],
  },
  'broken-line.ndjson': {
    exit: 2,
    rows: 3,
    failures: [
      { cause: 'parse', code: 'parse/ndjson-invalid-line', message: /^Line 2 is not valid JSON/ },
      { cause: 'parse', code: 'parse/ndjson-invalid-line', message: /^Line 4 is not valid JSON/ },
    ],
  },
  'crlf-header-mixed-rows.csv': { exit: 0, rows: 4, failures: [] },
  'deep-nesting.json': {
    exit: 2,
    rows: 2,
    failures: [{ cause: 'validation', code: 'parse/too-deep', message: /more than 64 levels/ }],
  },
  'duplicate-columns.csv': { exit: 0, rows: 2, failures: [], warning: /repeats column names/ },
  'empty-rows.csv': { exit: 0, rows: 2, failures: [], warning: /only empty fields/ },
  'header-only.csv': {
    exit: 0,
    rows: 0,
    failures: [],
    warning: /holds no records/,
    appRejection: 'files/no-records',
  },
  'empty.csv': {
    exit: 2,
    rows: 0,
    failures: [{ cause: 'parse', code: 'parse/empty-file', message: /is empty \(0 bytes\)/ }],
  },
  'invalid-utf8.ndjson': { exit: 0, rows: 3, failures: [], warning: /not valid UTF-8/ },
  'json-double-array.json': {
    exit: 2,
    rows: 1,
    failures: [{ cause: 'parse', code: 'parse/json-trailing-content', message: /not read/ }],
  },
  'json-item-stray-brace.json': {
    exit: 2,
    rows: 2,
    failures: [
      { cause: 'parse', code: 'parse/json-invalid-record', message: /item at line 3 is not valid/ },
    ],
  },
  'json-lone-string.json': {
    exit: 2,
    rows: 0,
    failures: [{ cause: 'parse', code: 'parse/json-not-array', message: /not with the \[/ }],
  },
  'json-raw-newline-in-string.json': {
    exit: 2,
    rows: 2,
    failures: [
      { cause: 'parse', code: 'parse/json-invalid-record', message: /item at line 2 is not valid/ },
    ],
  },
  'latin1.csv': { exit: 0, rows: 2, failures: [], warning: /not valid UTF-8/ },
  'lf-header-crlf-rows.csv': { exit: 0, rows: 2, failures: [] },
  'nested-10000.ndjson': {
    exit: 2,
    rows: 2,
    failures: [{ cause: 'validation', code: 'parse/too-deep', message: /more than 64 levels/ }],
  },
  'nul-in-row.csv': {
    exit: 2,
    rows: 2,
    failures: [{ cause: 'parse', code: 'parse/nul-bytes', message: /line 3 holds NUL/ }],
  },
  'nul-stretch.ndjson': {
    exit: 2,
    rows: 5,
    failures: [{ cause: 'parse', code: 'parse/nul-bytes', message: /^Line 4 holds NUL/ }],
  },
  'number-out-of-range.ndjson': {
    exit: 2,
    rows: 2,
    failures: [
      { cause: 'parse', code: 'parse/number-out-of-range', message: /the number 1e400,/ },
      { cause: 'parse', code: 'parse/number-out-of-range', message: /the number 1e-400,/ },
    ],
  },
  'object-not-array.json': {
    exit: 2,
    rows: 0,
    failures: [
      {
        cause: 'parse',
        code: 'parse/json-object-not-array',
        message: /one JSON object, not an array/,
      },
    ],
  },
  'ragged-rows.csv': {
    exit: 2,
    rows: 2,
    failures: [
      {
        cause: 'parse',
        code: 'parse/csv-ragged-row',
        message: /line 3 has 3 fields; the header has 7/,
      },
      {
        cause: 'parse',
        code: 'parse/csv-ragged-row',
        message: /line 4 has 8 fields; the header has 7/,
      },
    ],
  },
  'trailing-comma.json': { exit: 0, rows: 3, failures: [], warning: /comma before the closing \]/ },
  'truncated.json': {
    exit: 2,
    rows: 3,
    failures: [{ cause: 'parse', code: 'parse/json-truncated', message: /ends inside the item/ }],
  },
  'truncated.ndjson.gz': {
    exit: 2,
    rows: 103,
    failures: [{ cause: 'parse', code: 'parse/gzip-corrupt', message: /damaged or cut off/ }],
  },
  'unbalanced-quotes.csv': {
    exit: 2,
    rows: 1,
    failures: [{ cause: 'parse', code: 'parse/csv-unclosed-quote', message: /never closed/ }],
  },
  'utf16-bom.csv': { exit: 0, rows: 2, failures: [] },
  'zero-byte.ndjson.gz': {
    exit: 2,
    rows: 0,
    failures: [{ cause: 'parse', code: 'parse/gzip-empty', message: /is 0 bytes/ }],
  },
  'huge-record-2mb.ndjson': {
    exit: 2,
    rows: 2,
    failures: [{ cause: 'oversize', message: /one request carries at most 1048576 bytes/ }],
  },
  'big-field-100kb.ndjson': {
    exit: 2,
    rows: 2,
    failures: [{ cause: 'validation', message: /over 64 KB/ }],
  },
}

/** Where an outcome differs from its expectation (empty when it matches). */
export function corpusMismatches(outcome: CliOutcome): string[] {
  const expected = CORPUS_EXPECTATIONS[outcome.file]
  if (expected === undefined) return [`${outcome.file}: no expectation`]
  const problems: string[] = []
  if (outcome.exit.code !== expected.exit) {
    problems.push(`exit ${outcome.exit.code}, expected ${expected.exit}`)
  }
  if (outcome.rows !== expected.rows)
    problems.push(`${outcome.rows} rows, expected ${expected.rows}`)
  if (outcome.failures.length !== expected.failures.length) {
    problems.push(`${outcome.failures.length} failed records, expected ${expected.failures.length}`)
  }
  expected.failures.forEach((want, i) => {
    const got = outcome.failures[i]
    if (
      got === undefined ||
      got.cause !== want.cause ||
      (want.code !== undefined && got.code !== want.code) ||
      !want.message.test(got.message)
    ) {
      problems.push(
        `failed record ${i + 1}: ${JSON.stringify(got)} is not ${want.cause} ${want.message}`,
      )
    }
  })
  if (expected.warning !== undefined && !outcome.warnings.some((w) => expected.warning?.test(w))) {
    problems.push(`no warning like ${expected.warning}`)
  }
  if (outcome.stackTrace) problems.push('printed a stack trace')
  if (outcome.error !== undefined)
    problems.push(`stopped: ${outcome.error.code} ${outcome.error.detail ?? ''}`)
  return problems.map((p) => `${outcome.file}: ${p}`)
}

/** A mapping for the corpus's fields; `tag` marks the file's rows in the table. */
export function corpusMapping(tag: string) {
  return {
    version: 1,
    stream: SOAK_STREAM,
    columns: {
      Time: { source: { kind: 'field', path: 'time' }, type: 'datetime' },
      Host: { source: { kind: 'constant', value: tag }, type: 'string' },
      Message: { source: { kind: 'field', path: 'msg' }, type: 'string' },
      Properties: { source: { kind: 'field', path: 'props' }, type: 'dynamic' },
    },
    timePolicy: { column: 'Time', missing: 'service-time' },
  } as const
}

/** A tag for a file's rows (letters, digits and dashes only). */
export function tagFor(file: string): string {
  return `bad-${basename(file)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')}`
}

/** What the CLI made of one file. */
export interface CliOutcome {
  readonly file: string
  readonly exit: LogdropExit
  readonly stackTrace: boolean
  /** The job's state, or the error code when it never started. */
  readonly state: string
  readonly read: number
  readonly accepted: number
  /** Rows of this file in the table (query API). */
  readonly rows: number
  readonly failedByCause: Partial<Record<FailureCause, number>>
  /** Failed records: code (when the parser gave one) and the message a person reads. */
  readonly failures: ReadonlyArray<{ cause: string; code?: string; message: string }>
  /** Reading warnings from the log file (the records were still sent). */
  readonly warnings: readonly string[]
  /** The reason a job stopped, or the error that kept it from starting. */
  readonly error?: { code: string; message: string; detail?: string }
}

/** A runner for `logdrop` arguments (a child process by default; tests may run it in-process). */
export type LogdropRunner = (args: readonly string[]) => Promise<LogdropExit>

async function logWarnings(dataDir: string): Promise<string[]> {
  const text = await readFile(join(dataDir, 'logs', 'logdrop.log'), 'utf8').catch(() => '')
  const warnings: string[] = []
  for (const line of text.split('\n')) {
    if (!line.includes('source warning')) continue
    try {
      const entry = JSON.parse(line) as { reason?: string; first?: { reason?: string } }
      const reason = entry.reason ?? entry.first?.reason
      if (reason !== undefined) warnings.push(reason)
    } catch {
      // not a log line
    }
  }
  return warnings
}

/** Uploads one corpus file with `logdrop upload --json` and gathers what it reported. */
export async function uploadBadFile(
  handle: EmulatorHandle,
  file: string,
  workDir: string,
  run: LogdropRunner = runLogdrop,
  /** Tells this run's rows apart when the same file is uploaded more than once. */
  tagPrefix = '',
): Promise<CliOutcome> {
  const tag = `${tagPrefix}${tagFor(file)}`
  const dataDir = join(workDir, tag)
  const mappingPath = join(workDir, `${tag}.mapping.json`)
  await mkdir(workDir, { recursive: true })
  await writeFile(mappingPath, JSON.stringify(corpusMapping(tag)))
  const exit = await run([
    'upload',
    file,
    '--stream',
    SOAK_STREAM,
    '--mapping',
    mappingPath,
    '--json',
    ...connectionArgs(handle.dir, dataDir),
  ])
  const printed = JSON.parse(exit.stdout.trim() || '{}') as {
    state?: string
    records?: { read: number; accepted: number }
    failedByCause?: Partial<Record<FailureCause, number>>
    error?: { code: string; message: string; detail?: string }
  }
  const jobId = await onlyJobId(dataDir)
  const failures =
    jobId === undefined
      ? []
      : (await readFailedStore(jobPaths(dataDir, jobId).failed)).map((f) => ({
          cause: f.cause,
          ...(f.code === undefined ? {} : { code: f.code }),
          message: f.message,
        }))
  const [row] = await queryRows(handle, `${SOAK_TABLE} | where Host == '${tag}' | count`)
  return {
    file: basename(file),
    exit,
    stackTrace: hasStackTrace(exit.stdout) || hasStackTrace(exit.stderr),
    state: printed.state ?? printed.error?.code ?? 'no output',
    read: printed.records?.read ?? 0,
    accepted: printed.records?.accepted ?? 0,
    rows: Number(row?.['Count'] ?? 0),
    failedByCause: printed.failedByCause ?? {},
    failures,
    warnings: await logWarnings(dataDir),
    ...(printed.error === undefined ? {} : { error: printed.error }),
  }
}

/** What the app's services made of one file (as the renderer would ask). */
export interface AppOutcome {
  readonly file: string
  /** `files:add`: the detected format, or the rejection's code and message. */
  readonly added: { ok: boolean; code?: string; detected?: string; rejection?: string }
  /** `files:preview`: records and problem codes, or the error's code. */
  readonly preview: { ok: boolean; code?: string; records?: number; problems?: string[] }
  /** `mapping:dry-run`: would-send and failed counts, or the error's code. */
  readonly dryRun: { ok: boolean; code?: string; valid?: number; failed?: number }
}

/**
 * Adds, previews and dry-runs each file through the app context (Electron host, no sign-in
 * needed), exactly as the renderer's requests arrive; nothing may answer `internal/bug`.
 */
export async function badInputThroughApp(
  files: readonly string[],
  dataDir: string,
): Promise<AppOutcome[]> {
  const logs: string[] = []
  const ctx = await createAppContext({
    host: 'electron',
    dataDir,
    version: 'soak',
    env: {},
    logSink: (line) => logs.push(line),
  })
  const call = (channel: string, payload?: unknown) =>
    dispatchInvoke(ctx.handlers, channel, payload, { clientId: 'soak' }, ctx.logger)
  const outcomes: AppOutcome[] = []
  try {
    const added = await call('files:add', { paths: [...files] })
    if (!added.ok) throw new Error(`files:add failed: ${added.error.code}`)
    const entries = added.value as Array<{
      id: string
      name: string
      detected: { format: string } | null
      rejection: { code: string; message: string } | null
    }>
    for (const [index, entry] of entries.entries()) {
      const preview = await call('files:preview', { fileId: entry.id })
      const dry = await call('mapping:dry-run', {
        fileId: entry.id,
        mapping: corpusMapping('app-dry-run'),
        streamColumns: soakStreamColumns(),
      })
      const previewValue = preview.ok
        ? (preview.value as { records: unknown[]; problems: Array<{ code: string }> })
        : undefined
      const dryValue = dry.ok ? (dry.value as { valid: number; failed: number }) : undefined
      outcomes.push({
        file: basename(files[index] ?? entry.name),
        added:
          entry.rejection === null
            ? { ok: true, ...(entry.detected === null ? {} : { detected: entry.detected.format }) }
            : { ok: false, code: entry.rejection.code, rejection: entry.rejection.message },
        preview:
          previewValue === undefined
            ? { ok: false, code: preview.ok ? undefined : preview.error.code }
            : {
                ok: true,
                records: previewValue.records.length,
                problems: previewValue.problems.map((p) => p.code),
              },
        dryRun:
          dryValue === undefined
            ? { ok: false, code: dry.ok ? undefined : dry.error.code }
            : { ok: true, valid: dryValue.valid, failed: dryValue.failed },
      })
    }
  } finally {
    await ctx.shutdown()
  }
  return outcomes
}
