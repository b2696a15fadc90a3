import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from './repo-root'

/** The built browser host entry (`npm run build` makes it). */
export const WEB_MAIN = join(REPO_ROOT, 'dist', 'electron', 'electron', 'web-host', 'web-main.js')

/** A browser host running as its own process, as `npm run web` starts it. */
export interface WebHostProcess {
  /** `http://127.0.0.1:PORT/<secret>/`, exactly as printed. */
  readonly url: string
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string
  readonly port: number
  readonly secret: string
  /** The temporary data folder (settings, logs) of this run. */
  readonly dataDir: string
  /** What the host wrote to stderr so far (for failure messages). */
  stderr(): string
  /** SIGTERM, wait for a clean exit, delete the data folder; resolves to the exit code. */
  stop(): Promise<number | null>
}

const URL_LINE = /^LogDrop is running at (http:\/\/127\.0\.0\.1:(\d+)\/([A-Za-z0-9_-]{43})\/)$/m

/**
 * Starts the BUILT browser host on a free port with a fresh data folder, and waits for the one
 * line it prints. Fails with the host's own output when it does not come up.
 */
export async function startWebHostProcess(timeoutMs = 30_000): Promise<WebHostProcess> {
  if (!existsSync(WEB_MAIN)) {
    throw new Error(`${WEB_MAIN} is missing: run \`npm run build\` first (npm run test:e2e does).`)
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'logdrop-e2e-'))
  const child = spawn(process.execPath, [WEB_MAIN, '--port', '0'], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOGDROP_DATA_DIR: dataDir, LOGDROP_PORT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const fail = (why: string) =>
      reject(new Error(`browser host did not start: ${why}\nstdout: ${stdout}\nstderr: ${stderr}`))
    const timer = setTimeout(() => fail(`no URL within ${timeoutMs} ms`), timeoutMs)
    child.stdout?.on('data', () => {
      const found = URL_LINE.exec(stdout)
      if (found !== null) {
        clearTimeout(timer)
        resolve(found)
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      fail(`exited with code ${String(code)}`)
    })
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL')
    await rm(dataDir, { recursive: true, force: true })
    throw error
  })

  const [, url = '', port = '', secret = ''] = match
  return {
    url,
    origin: `http://127.0.0.1:${port}`,
    port: Number(port),
    secret,
    dataDir,
    stderr: () => stderr,
    stop: () => stopProcess(child, exited, dataDir),
  }
}

async function stopProcess(
  child: ChildProcess,
  exited: Promise<number | null>,
  dataDir: string,
): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  const code = await exited
  clearTimeout(timer)
  await rm(dataDir, { recursive: true, force: true })
  return code
}
