import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTrustingDispatcher } from '../../electron/core/emulator-client/trust'
import { startEmulatorProcess } from '../helpers/emulator-process'

const root = resolve(__dirname, '../..')

describe('npm run emulator (emulator/cli.ts)', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logdrop-emulator-cli-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('prints exactly one ready line, writes emulator.json, serves, and stops on SIGTERM', async () => {
    const running = await startEmulatorProcess(['--port', '0', '--data-dir', dir])
    const { child, info, lines, exited } = running
    const firstLine = running.readyLine
    expect(firstLine.startsWith('{"event":"ready"')).toBe(true)
    expect(info.origin).toMatch(/^https:\/\/localhost:\d+$/)
    expect(info.caCert).toBe(join(dir, 'tls', 'ca.pem'))
    expect(info.dcrs.find((d) => d.kind === 'Direct')?.ingestionEndpoint).toBe(info.origin)
    expect(info.workspaces.every((w) => /^[0-9a-f-]{36}$/.test(w.customerId))).toBe(true)
    expect(info.servicePrincipal.clientSecret.length).toBeGreaterThan(0)
    expect(info.adminKey.length).toBeGreaterThanOrEqual(32)

    const infoFile = join(dir, 'emulator.json')
    expect((await readFile(infoFile, 'utf8')).trim()).toBe(firstLine)
    expect((await stat(infoFile)).mode & 0o777).toBe(0o600)

    const dispatcher = createTrustingDispatcher(await readFile(info.caCert, 'utf8'))
    const health = await fetch(`${info.origin}/_emulator/health`, { dispatcher })
    expect(await health.json()).toEqual({ ok: true })
    await dispatcher.close()

    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(lines).toHaveLength(1)
    await expect(stat(infoFile)).rejects.toMatchObject({ code: 'ENOENT' })
    expect(running.stderr()).toContain('stopping the emulator')
  })

  it('exits with code 2 and a readable message for an invalid seed file', async () => {
    const child = spawn(
      // node --import tsx, not the tsx wrapper: signals go straight to the emulator process.
      process.execPath,
      [
        '--import',
        'tsx',
        'emulator/cli.ts',
        '--data-dir',
        dir,
        '--seed',
        join(dir, 'missing.json'),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((done) => child.on('close', done))
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toContain('Cannot read seed file')
  })
})
