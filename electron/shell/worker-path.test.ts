import { posix, win32 } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isInsideAsar, resolveWorkerPath } from './worker-path'

describe('resolveWorkerPath', () => {
  it('outside a package: the compiled file beside the caller', () => {
    expect(
      resolveWorkerPath({
        baseDir: '/home/me/logdrop/dist/electron/electron/engine',
        relativeFile: 'upload-worker.js',
        unpacked: true,
        pathApi: posix,
      }),
    ).toBe('/home/me/logdrop/dist/electron/electron/engine/upload-worker.js')
  })

  it('inside app.asar: the path through the archive, which Electron can load', () => {
    expect(
      resolveWorkerPath({
        baseDir: '/opt/LogDrop/resources/app.asar/dist/electron/electron/engine',
        relativeFile: './upload-worker.js',
        unpacked: false,
        pathApi: posix,
      }),
    ).toBe('/opt/LogDrop/resources/app.asar/dist/electron/electron/engine/upload-worker.js')
  })

  it('asarUnpack-ed: the same file under app.asar.unpacked (posix and Windows)', () => {
    expect(
      resolveWorkerPath({
        baseDir: '/opt/LogDrop/resources/app.asar/dist/electron/electron/host',
        relativeFile: '../engine/upload-worker.js',
        unpacked: true,
        pathApi: posix,
      }),
    ).toBe(
      '/opt/LogDrop/resources/app.asar.unpacked/dist/electron/electron/engine/upload-worker.js',
    )
    expect(
      resolveWorkerPath({
        baseDir:
          'C:\\Program Files\\LogDrop\\resources\\app.asar\\dist\\electron\\electron\\engine',
        relativeFile: 'upload-worker.js',
        unpacked: true,
        pathApi: win32,
      }),
    ).toBe(
      'C:\\Program Files\\LogDrop\\resources\\app.asar.unpacked\\dist\\electron\\electron\\engine\\upload-worker.js',
    )
  })

  it('infers Windows paths when no path flavour is given', () => {
    expect(
      resolveWorkerPath({
        baseDir: 'C:\\LogDrop\\resources\\app.asar\\engine',
        relativeFile: 'w.js',
        unpacked: true,
      }),
    ).toBe('C:\\LogDrop\\resources\\app.asar.unpacked\\engine\\w.js')
  })

  it('does not mistake look-alike folder names for the archive', () => {
    expect(
      resolveWorkerPath({
        baseDir: '/home/me/my-app.asar-notes/dist',
        relativeFile: 'w.js',
        unpacked: true,
        pathApi: posix,
      }),
    ).toBe('/home/me/my-app.asar-notes/dist/w.js')
    expect(isInsideAsar('/x/app.asar.unpacked/w.js', posix)).toBe(false)
    expect(isInsideAsar('/x/app.asar/w.js', posix)).toBe(true)
    expect(isInsideAsar('relative/app.asar/w.js', posix)).toBe(false)
  })
})
