import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/repo-root'
import { startWebHostProcess, WEB_MAIN } from '../helpers/web-host-process'

const built = existsSync(WEB_MAIN) && existsSync(join(REPO_ROOT, 'dist', 'renderer', 'index.html'))
const notBuilt = `${WEB_MAIN} or dist/renderer is not built; run \`npm run build\``

describe('npm run web (the built browser host entry)', () => {
  it('prints one URL line, serves the app there, and exits 0 on SIGTERM', async (context) => {
    if (!built) {
      context.skip(notBuilt)
      return
    }
    const host = await startWebHostProcess()
    const page = await fetch(host.url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="root">')
    expect((await fetch(`${host.origin}/`)).status).toBe(403)
    expect(await host.stop()).toBe(0)
    expect(existsSync(host.dataDir)).toBe(false)
  })

  it('refuses to start on an explicit port that is taken', async (context) => {
    if (!built) {
      context.skip(notBuilt)
      return
    }
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    const dataDir = await mkdtemp(join(tmpdir(), 'logdrop-web-main-'))
    try {
      const child = spawn(process.execPath, [WEB_MAIN, '--port', String(port)], {
        env: { ...process.env, LOGDROP_DATA_DIR: dataDir },
      })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
      expect(code).toBe(1)
      expect(stderr).toMatch(/could not listen/)
    } finally {
      blocker.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
