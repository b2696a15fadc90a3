import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, findChromium } from '../helpers/chromium-path'
import { findElectronBinary } from '../helpers/electron-binary'

describe('findChromium', () => {
  it('prefers LOGDROP_CHROMIUM, then CHROMIUM_PATH, then the system Chromium', () => {
    const none = () => false
    const debian = (path: string) => path === '/usr/bin/chromium'
    expect(findChromium({ LOGDROP_CHROMIUM: '/a', CHROMIUM_PATH: '/b' }, debian)).toBe('/a')
    expect(findChromium({ CHROMIUM_PATH: '/b' }, debian)).toBe('/b')
    expect(findChromium({}, debian)).toBe('/usr/bin/chromium')
    expect(findChromium({}, none)).toBeUndefined()
  })

  it('launches offline and quiet', () => {
    expect(CHROMIUM_ARGS).toEqual(
      expect.arrayContaining(['--disable-background-networking', '--disable-component-update']),
    )
  })
})

describe('findElectronBinary', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logdrop-electron-dist-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('never loads the electron package and explains a missing binary with how to run', () => {
    const result = findElectronBinary({}, 'linux')
    if (result.found) {
      // A machine with Electron installed: the path must be a real file.
      expect(result.path).toMatch(/electron/i)
      return
    }
    expect(result.reason).toMatch(/ELECTRON_OVERRIDE_DIST_PATH/)
    expect(result.reason).toMatch(/install-electron/)
  })

  it('honours ELECTRON_OVERRIDE_DIST_PATH and asks for a display on Linux', async () => {
    const dist = join(dir, 'dist')
    await mkdir(dist, { recursive: true })
    const executable = join(dist, 'electron')
    await writeFile(executable, '#!/bin/sh\n')
    await chmod(executable, 0o755)
    expect(
      findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':99' }, 'linux'),
    ).toEqual({ found: true, path: executable })
    const headless = findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist }, 'linux')
    expect(headless.found).toBe(false)
    expect(headless.found ? '' : headless.reason).toMatch(/xvfb-run/)
    const empty = findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nothing') }, 'linux')
    expect(empty.found).toBe(false)
  })

  it('takes an explicit ELECTRON_PATH', async () => {
    const exe = join(dir, 'my-electron')
    await writeFile(exe, '')
    expect(findElectronBinary({ ELECTRON_PATH: exe }, 'win32')).toEqual({ found: true, path: exe })
    expect(findElectronBinary({ ELECTRON_PATH: join(dir, 'missing') }, 'win32').found).toBe(false)
  })
})
