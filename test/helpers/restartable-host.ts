import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EMULATOR_INFO_FILE } from '../../shared/emulator/ready-info'
import { defaultSeed } from '../../emulator/seed/default-seed'
import { startEmulator, type RunningEmulator } from '../../emulator/start-emulator'
import { WEB_MAIN } from './web-host-process'

/**
 * A browser host that can be stopped and started again with the same URL: its secret lives in
 * a file (`--secret-file`) and it comes back on the same port, so a page can reload the address
 * it had and reconnect, as a person would after restarting `npm run web`. The real emulator
 * runs beside it, where the Local emulator cloud looks for it (`<data dir>/emulator`).
 */
export interface RestartableHost {
  /** `http://127.0.0.1:PORT/<secret>/`, the same across restarts. */
  readonly url: string
  readonly dataDir: string
  readonly emulator: RunningEmulator
  /** Stops the host (SIGTERM: it leaves running uploads interrupted) and waits for its exit. */
  stop(): Promise<number | null>
  /** Starts it again on the same port with the same secret and data folder. */
  start(): Promise<void>
  /** Stops everything and deletes the data folder. */
  dispose(): Promise<void>
  stderr(): string
}

const URL_LINE = /^LogDrop is running at (http:\/\/127\.0\.0\.1:(\d+)\/[A-Za-z0-9_-]{43}\/)$/m

interface Running {
  readonly child: ChildProcess
  readonly exited: Promise<number | null>
  readonly url: string
  readonly port: number
}

function launch(dataDir: string, port: number, log: (text: string) => void): Promise<Running> {
  const child = spawn(
    process.execPath,
    [WEB_MAIN, '--port', String(port), '--secret-file', join(dataDir, 'host-secret')],
    {
      env: {
        ...process.env,
        LOGDROP_DATA_DIR: dataDir,
        LOGDROP_PORT: '',
        LOGDROP_HOST_SECRET_FILE: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stdout = ''
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString('utf8')))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return new Promise<Running>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`browser host did not print its URL; stdout: ${stdout}`))
    }, 30_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
      const found = URL_LINE.exec(stdout)
      if (found === null) return
      clearTimeout(timer)
      resolve({ child, exited, url: found[1] as string, port: Number(found[2]) })
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`browser host exited with ${String(code)} before it was ready`))
    })
  })
}

/** Starts the emulator and the BUILT browser host (`npm run build` first) in a fresh folder. */
export async function startRestartableHost(): Promise<RestartableHost> {
  if (!existsSync(WEB_MAIN)) throw new Error(`${WEB_MAIN} is missing: run \`npm run build\` first.`)
  const dataDir = await mkdtemp(join(tmpdir(), 'logdrop-resume-'))
  const seed = defaultSeed()
  const emulator = await startEmulator({
    port: 0,
    dataDir: join(dataDir, 'emulator'),
    seed: { ...seed, settings: { ...seed.settings, deviceCodeIntervalSeconds: 1 } },
  })
  await writeFile(
    join(dataDir, 'emulator', EMULATOR_INFO_FILE),
    `${JSON.stringify(emulator.readyInfo)}\n`,
    { mode: 0o600 },
  )
  let stderr = ''
  const log = (text: string) => (stderr += text)
  let running: Running | null = await launch(dataDir, 0, log)
  const { url, port } = running

  const stop = async () => {
    if (running === null) return null
    const current = running
    running = null
    if (current.child.exitCode === null) current.child.kill('SIGTERM')
    const timer = setTimeout(() => current.child.kill('SIGKILL'), 15_000)
    const code = await current.exited
    clearTimeout(timer)
    return code
  }

  return {
    url,
    dataDir,
    emulator,
    stop,
    start: async () => {
      if (running !== null) return
      const next = await launch(dataDir, port, log)
      if (next.url !== url) throw new Error(`the host came back at ${next.url}, not ${url}`)
      running = next
    },
    dispose: async () => {
      await stop()
      await emulator.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
    stderr: () => stderr,
  }
}
