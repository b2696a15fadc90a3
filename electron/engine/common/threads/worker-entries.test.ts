import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  resolveWorkerEntry,
  typescriptBootstrap,
  WORKER_ENTRIES,
  type WorkerName,
} from './worker-entries'

const names = Object.keys(WORKER_ENTRIES) as WorkerName[]

describe('WORKER_ENTRIES', () => {
  it.each(names)('%s names a source file that exists', (name) => {
    const entry = resolveWorkerEntry(name)
    expect(entry.typescript).toBe(true)
    expect(existsSync(entry.file), entry.file).toBe(true)
  })

  it('names each entry once', () => {
    expect(new Set(Object.values(WORKER_ENTRIES)).size).toBe(names.length)
  })
})

describe('resolveWorkerEntry', () => {
  const compiled = '/app/dist/electron/electron/engine/common/threads/worker-entries.js'

  it('uses the compiled .js beside compiled code', () => {
    expect(resolveWorkerEntry('upload', compiled)).toEqual({
      file: '/app/dist/electron/electron/engine/worker/upload-worker.js',
      typescript: false,
    })
    expect(resolveWorkerEntry('prepare', compiled).file).toBe(
      '/app/dist/electron/electron/engine/helpers/prepare-worker.js',
    )
  })

  it('stays inside app.asar, where Electron loads worker scripts from', () => {
    const packaged = `/opt/LogDrop/resources/app.asar${compiled.slice('/app'.length)}`
    expect(resolveWorkerEntry('upload', packaged).file).toBe(
      '/opt/LogDrop/resources/app.asar/dist/electron/electron/engine/worker/upload-worker.js',
    )
  })

  it('keeps Windows paths Windows-shaped', () => {
    const here =
      'C:\\Program Files\\LogDrop\\resources\\app.asar\\dist\\electron\\electron\\engine\\common\\threads\\worker-entries.js'
    expect(resolveWorkerEntry('upload', here).file).toBe(
      'C:\\Program Files\\LogDrop\\resources\\app.asar\\dist\\electron\\electron\\engine\\worker\\upload-worker.js',
    )
  })
})

describe('typescriptBootstrap', () => {
  it('registers the tsx hook before loading the entry', () => {
    expect(typescriptBootstrap('/a/w.ts', '/n/tsx/cjs.js')).toBe(
      'require("/n/tsx/cjs.js");\nrequire("/a/w.ts");\n',
    )
  })
})
