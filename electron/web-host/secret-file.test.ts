import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadOrCreateSecret, takeSecretFileSetting } from './secret-file'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-secret-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('--secret-file', () => {
  it('is taken out of the arguments, or read from the environment', () => {
    expect(takeSecretFileSetting(['--port', '0', '--secret-file', '/s'], {})).toEqual({
      ok: true,
      path: '/s',
      rest: ['--port', '0'],
    })
    expect(takeSecretFileSetting(['--secret-file=/t'], {})).toMatchObject({ ok: true, path: '/t' })
    expect(takeSecretFileSetting([], { LOGDROP_HOST_SECRET_FILE: '/e' })).toMatchObject({
      ok: true,
      path: '/e',
    })
    expect(takeSecretFileSetting(['--secret-file'], {}).ok).toBe(false)
  })

  it('creates a private secret once and keeps it across restarts', async () => {
    const path = join(dir, 'nested', 'host.secret')
    const first = await loadOrCreateSecret(path)
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/)
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(await loadOrCreateSecret(path)).toBe(first)
    expect((await readFile(path, 'utf8')).trim()).toBe(first)
  })

  it.skipIf(process.platform === 'win32')(
    'makes a world-readable secret file private and says so',
    async () => {
      const path = join(dir, 'open.secret')
      const secret = await loadOrCreateSecret(join(dir, 'source.secret'))
      await writeFile(path, `${secret}\n`, { mode: 0o644 })
      await chmod(path, 0o644)
      const warnings: string[] = []
      expect(await loadOrCreateSecret(path, { onWarning: (m) => warnings.push(m) })).toBe(secret)
      expect((await stat(path)).mode & 0o777).toBe(0o600)
      expect(warnings).toEqual([
        expect.stringContaining(`${path} could be read by other users (mode 0644)`),
      ])
      expect(warnings[0]).toContain('readable by you only (0600)')
      // Already private: nothing to say.
      await loadOrCreateSecret(path, { onWarning: (m) => warnings.push(m) })
      expect(warnings).toHaveLength(1)
    },
  )

  it('refuses a file that holds something else', async () => {
    const path = join(dir, 'wrong.secret')
    await writeFile(path, 'not a secret')
    await expect(loadOrCreateSecret(path)).rejects.toThrow(/does not hold a LogDrop host secret/)
  })
})
