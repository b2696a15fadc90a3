import { describe, expect, it } from 'vitest'
import {
  PREPARE_WORKER,
  resolveWorkerEntry,
  typescriptBootstrap,
  UPLOAD_WORKER,
} from './worker-entry'

const resolveUploadWorkerEntry = (file: string, options?: { unpacked?: boolean }) =>
  resolveWorkerEntry(file, UPLOAD_WORKER, options)

describe('resolveUploadWorkerEntry', () => {
  it('uses the compiled .js beside a compiled runner', () => {
    expect(
      resolveUploadWorkerEntry('/app/dist/electron/electron/engine/job/job-runner.js'),
    ).toEqual({
      file: '/app/dist/electron/electron/engine/worker/upload-worker.js',
      typescript: false,
    })
  })

  it('uses the .ts source under vitest or tsx, flagged for the tsx hook', () => {
    expect(resolveUploadWorkerEntry('/repo/electron/engine/job/job-runner.ts')).toEqual({
      file: '/repo/electron/engine/worker/upload-worker.ts',
      typescript: true,
    })
  })

  it('stays inside app.asar, or goes to app.asar.unpacked when the build unpacks it', () => {
    const runner = '/opt/LogDrop/resources/app.asar/dist/electron/electron/engine/job/job-runner.js'
    expect(resolveUploadWorkerEntry(runner).file).toBe(
      '/opt/LogDrop/resources/app.asar/dist/electron/electron/engine/worker/upload-worker.js',
    )
    expect(resolveUploadWorkerEntry(runner, { unpacked: true }).file).toBe(
      '/opt/LogDrop/resources/app.asar.unpacked/dist/electron/electron/engine/worker/upload-worker.js',
    )
  })

  it('keeps Windows paths Windows-shaped', () => {
    const runner =
      'C:\\Program Files\\LogDrop\\resources\\app.asar\\dist\\electron\\electron\\engine\\job\\job-runner.js'
    expect(resolveUploadWorkerEntry(runner, { unpacked: true }).file).toBe(
      'C:\\Program Files\\LogDrop\\resources\\app.asar.unpacked\\dist\\electron\\electron\\engine\\worker\\upload-worker.js',
    )
  })
})

describe('resolveWorkerEntry for the prepare helper', () => {
  it('finds the helper beside the upload run, compiled or not', () => {
    expect(
      resolveWorkerEntry('/app/dist/electron/electron/engine/worker/upload-run.js', PREPARE_WORKER),
    ).toEqual({
      file: '/app/dist/electron/electron/engine/prepare/prepare-worker.js',
      typescript: false,
    })
    expect(
      resolveWorkerEntry('/repo/electron/engine/worker/upload-run.ts', PREPARE_WORKER).typescript,
    ).toBe(true)
  })
})

describe('typescriptBootstrap', () => {
  it('registers tsx by absolute path, then loads the entry, quoting both safely', () => {
    const code = typescriptBootstrap("/a b/it's.ts", '/nm/tsx/dist/cjs/index.cjs')
    expect(code).toBe('require("/nm/tsx/dist/cjs/index.cjs");\nrequire("/a b/it\'s.ts");\n')
  })
})
