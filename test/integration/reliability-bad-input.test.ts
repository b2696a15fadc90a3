import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/run-cli'
import { inProcessEmulator, type EmulatorHandle } from '../../scripts/soak/emulator-handle'
import { runLogdrop, type LogdropExit } from '../../scripts/soak/logdrop-process'
import {
  badInputFiles,
  badInputThroughApp,
  CORPUS_EXPECTATIONS,
  corpusMismatches,
  uploadBadFile,
  type AppOutcome,
} from '../../scripts/soak/scenarios/bad-input'

/*
 * The bad-input corpus end to end (test/fixtures/bad/ plus a generated 2 MB record and 100 KB
 * field): each file through `logdrop upload --json` against the emulator, and through the app's
 * file services. The CLI never crashes and exits 0, 2 or 1 as documented; each file gets its
 * own, readable outcome; the good records of a bad file land (counted with the query API).
 */

let dir: string
let handle: EmulatorHandle
let files: string[]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-rel-bad-'))
  handle = await inProcessEmulator({ dir: join(dir, 'emulator') })
  files = await badInputFiles(dir)
})

afterAll(async () => {
  await handle?.close()
  await rm(dir, { recursive: true, force: true })
})

/** The CLI in this process (quick); the child-process runs below prove the same in a process. */
async function inProcess(args: readonly string[]): Promise<LogdropExit> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const started = Date.now()
  const code = await runCli(args, { stdout, stderr, env: {} })
  return { code, signal: null, stdout: out, stderr: err, ms: Date.now() - started }
}

describe('every bad file through the CLI', () => {
  it('covers the whole corpus, and every file has an expected outcome', () => {
    expect(files.map((f) => basename(f)).sort()).toEqual(Object.keys(CORPUS_EXPECTATIONS).sort())
    expect(files.length).toBe(30)
  })

  it.each(Object.keys(CORPUS_EXPECTATIONS))(
    '%s: its own outcome, the good records land, no crash',
    async (name) => {
      const path = files.find((f) => basename(f) === name)
      if (path === undefined) throw new Error(`${name} is missing`)
      const outcome = await uploadBadFile(handle, path, join(dir, 'cli'), inProcess)
      const expected = CORPUS_EXPECTATIONS[name]
      expect([0, 1, 2]).toContain(outcome.exit.code)
      expect(outcome.stackTrace).toBe(false)
      expect(outcome.exit.stdout).not.toMatch(/internal\/bug/)
      expect(outcome.rows).toBe(expected?.rows)
      expect(outcome.rows).toBe(outcome.accepted)
      // Exit code, each failed record's cause, code and message, the warning: as expected.
      expect(corpusMismatches(outcome)).toEqual([])
      // Every failed record says what is wrong in words, not only a code.
      for (const failure of outcome.failures) expect(failure.message.length).toBeGreaterThan(20)
    },
    30_000,
  )

  it('as a real process too: exit codes as documented, no stack trace, for the hardest files', async () => {
    for (const name of ['binary-renamed.csv', 'zero-byte.ndjson.gz', 'huge-record-2mb.ndjson']) {
      const path = files.find((f) => basename(f) === name) ?? ''
      const outcome = await uploadBadFile(
        handle,
        path,
        join(dir, 'child'),
        (args) => runLogdrop(args),
        'child-',
      )
      expect(outcome.exit.signal, name).toBeNull()
      expect(outcome.exit.code, name).toBe(CORPUS_EXPECTATIONS[name]?.exit)
      expect(corpusMismatches(outcome), name).toEqual([])
    }
  }, 60_000)
})

describe('every bad file through the app', () => {
  let outcomes: AppOutcome[]
  beforeAll(async () => {
    outcomes = await badInputThroughApp(files, join(dir, 'app-data'))
  }, 60_000)

  it('never answers internal/bug: each file is added, previewed and dry-run, or refused with a reason', () => {
    expect(outcomes).toHaveLength(files.length)
    for (const outcome of outcomes) {
      const codes = [outcome.added.code, outcome.preview.code, outcome.dryRun.code]
      expect(codes, outcome.file).not.toContain('internal/bug')
    }
  })

  it('refuses unreadable files at once, with the reason the CLI gives', () => {
    for (const outcome of outcomes) {
      const expected = CORPUS_EXPECTATIONS[outcome.file]
      const refused =
        expected?.appRejection !== undefined ||
        (expected?.rows === 0 && expected.failures.length > 0)
      if (refused) {
        expect(outcome.added.ok, outcome.file).toBe(false)
        expect(outcome.added.code, outcome.file).toBe(
          expected?.appRejection ?? expected?.failures[0]?.code,
        )
        expect(outcome.added.rejection, outcome.file).toMatch(expected?.failures[0]?.message ?? /./)
        expect(outcome.dryRun.code, outcome.file).toBe('jobs/file-rejected')
      } else {
        expect(outcome.added.ok, outcome.file).toBe(true)
        expect(outcome.preview.ok, outcome.file).toBe(true)
      }
    }
  })

  it('previews and dry-runs the rest with the same counts as the upload', () => {
    for (const outcome of outcomes.filter((o) => o.added.ok)) {
      const expected = CORPUS_EXPECTATIONS[outcome.file]
      expect(outcome.dryRun, outcome.file).toMatchObject({
        ok: true,
        valid: expected?.rows,
        failed: expected?.failures.length,
      })
      // A file with reading problems shows them in the preview.
      // (A record nested too deeply is found after mapping, not by the reader.)
      const parseCodes = (expected?.failures ?? [])
        .filter((f) => f.cause === 'parse')
        .map((f) => f.code)
        .filter((c) => c !== undefined)
      for (const code of parseCodes) expect(outcome.preview.problems, outcome.file).toContain(code)
    }
  })
})
