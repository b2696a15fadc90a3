import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from './logger'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'logdrop-logger-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777
}

describe.skipIf(process.platform === 'win32')('log file permissions', () => {
  it('creates the log folder 0700 and its files 0600, rotations included', async () => {
    const dir = join(root, 'data', 'logs')
    const logger = createLogger({ dir, maxBytes: 200 })
    for (let i = 0; i < 5; i++) logger.info('test', `line ${i} ${'x'.repeat(80)}`)
    expect(await modeOf(join(root, 'data'))).toBe(0o700)
    expect(await modeOf(dir)).toBe(0o700)
    expect(await modeOf(join(dir, 'logdrop.log'))).toBe(0o600)
    expect(await modeOf(join(dir, 'logdrop.log.1'))).toBe(0o600)
  })

  it('tightens a folder and log files an older version left 0755 / 0644', async () => {
    const dir = join(root, 'logs')
    await mkdir(dir)
    await chmod(dir, 0o755)
    for (const name of ['logdrop.log', 'logdrop.log.2']) {
      await writeFile(join(dir, name), 'old\n')
      await chmod(join(dir, name), 0o644)
    }
    createLogger({ dir }).info('test', 'hello')
    expect(await modeOf(dir)).toBe(0o700)
    expect(await modeOf(join(dir, 'logdrop.log'))).toBe(0o600)
    expect(await modeOf(join(dir, 'logdrop.log.2'))).toBe(0o600)
  })
})
