import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import {
  EMULATOR_INFO_FILE,
  emulatorReadyInfoSchema,
  type EmulatorReadyInfo,
} from '../../shared/emulator/ready-info'
import type { EmulatorSeed } from '../../emulator/seed/seed-types'
import { startEmulator, type RunningEmulator } from '../../emulator/start-emulator'
import { writeFileAtomic } from '../../electron/platform/atomic-write'

/** The repository root (scripts/soak/../..). */
export const REPO_ROOT = resolve(__dirname, '../..')

/**
 * A local emulator the campaign can stop and start again on the same port and data folder,
 * as an Azure endpoint that goes away and comes back would. `info` changes on every start
 * (a new admin key); the CA, the signing key and the stored rows stay.
 */
export interface EmulatorHandle {
  /** Its data folder, holding `emulator.json` for `logdrop --emulator=DIR`. */
  readonly dir: string
  readonly port: number
  readonly caCertPem: string
  readonly info: EmulatorReadyInfo
  readonly running: boolean
  /** Stops it (a clean stop: stored rows are flushed). */
  stop(): Promise<void>
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>
  /** Stops it for good. */
  close(): Promise<void>
}

/** How a child-process emulator is started. */
export interface EmulatorProcessOptions {
  readonly dir: string
  /** 0 or absent: a free port, kept for restarts. */
  readonly port?: number
  /** A seed JSON file (absent: the default seed). */
  readonly seedFile?: string
  /** Where its stderr goes (absent: `<dir>/../emulator.log`). */
  readonly logFile?: string
}

/**
 * Runs the emulator CLI (`emulator/cli.ts`) as its own process, so its work does not
 * share a thread with the uploader, and so it can be stopped and started like a remote service.
 */
export async function spawnEmulator(options: EmulatorProcessOptions): Promise<EmulatorHandle> {
  await mkdir(options.dir, { recursive: true })
  const log = createWriteStream(options.logFile ?? join(options.dir, '..', 'emulator.log'), {
    flags: 'a',
  })
  let child: ChildProcess | undefined
  let info: EmulatorReadyInfo | undefined
  let caCertPem = ''
  let port = options.port ?? 0

  async function start(): Promise<void> {
    const started = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO_ROOT, 'emulator/cli.ts'),
        '--port',
        String(port),
        '--data-dir',
        options.dir,
        ...(options.seedFile === undefined ? [] : ['--seed', options.seedFile]),
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    started.stderr?.pipe(log, { end: false })
    const lines = createInterface({ input: started.stdout })
    let ready: EmulatorReadyInfo | undefined
    for await (const line of lines) {
      if (line.startsWith('{"event":"ready"')) {
        ready = emulatorReadyInfoSchema.parse(JSON.parse(line))
        break
      }
    }
    if (ready === undefined) throw new Error(`the emulator did not start (see ${String(log.path)})`)
    child = started
    info = ready
    port = Number(new URL(ready.origin).port)
    caCertPem = await readFile(ready.caCert, 'utf8')
  }

  async function stop(): Promise<void> {
    const running = child
    if (running === undefined) return
    child = undefined
    const exited = once(running, 'exit')
    running.kill('SIGTERM')
    await exited
  }

  await start()
  return {
    dir: options.dir,
    get port() {
      return port
    },
    get caCertPem() {
      return caCertPem
    },
    get info() {
      if (info === undefined) throw new Error('the emulator never started')
      return info
    },
    get running() {
      return child !== undefined
    },
    stop,
    start,
    close: async () => {
      await stop()
      log.end()
    },
  }
}

/** A clock the in-process emulator reads; tests move it to expire tokens or skew time. */
export interface EmulatorClock {
  readonly now: () => Date
  /** Milliseconds the emulator's clock runs ahead of this machine's. */
  offsetMs: number
}

/** A clock that starts in step with this machine. */
export function createEmulatorClock(offsetMs = 0): EmulatorClock {
  const clock: EmulatorClock = {
    offsetMs,
    now: () => new Date(Date.now() + clock.offsetMs),
  }
  return clock
}

/** How an in-process emulator is started. */
export interface InProcessEmulatorOptions {
  readonly dir: string
  readonly seed?: EmulatorSeed
  readonly clock?: EmulatorClock
}

/**
 * The emulator in this process (quicker to start; its clock can be moved). It writes
 * `emulator.json` as the CLI does, so `logdrop --emulator=DIR` finds it.
 */
export async function inProcessEmulator(
  options: InProcessEmulatorOptions,
): Promise<EmulatorHandle & { readonly emulator: RunningEmulator }> {
  let running: RunningEmulator | undefined
  let last: RunningEmulator | undefined
  let port = 0

  async function start(): Promise<void> {
    const emulator = await startEmulator({
      port,
      dataDir: options.dir,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.clock === undefined ? {} : { now: options.clock.now }),
    })
    await writeFileAtomic(
      join(options.dir, EMULATOR_INFO_FILE),
      `${JSON.stringify(emulator.readyInfo)}\n`,
      0o600,
    )
    running = emulator
    last = emulator
    port = emulator.port
  }

  async function stop(): Promise<void> {
    const emulator = running
    running = undefined
    await emulator?.stop()
  }

  await start()
  const current = () => {
    if (last === undefined) throw new Error('the emulator never started')
    return last
  }
  return {
    dir: options.dir,
    get port() {
      return port
    },
    get caCertPem() {
      return current().caCertPem
    },
    get info() {
      return current().readyInfo
    },
    get emulator() {
      return current()
    },
    get running() {
      return running !== undefined
    },
    stop,
    start,
    close: stop,
  }
}

/**
 * A handle on an emulator someone else started and owns (e.g. a test fixture's), for the admin
 * and query helpers. It cannot be restarted: `stop`, `start` and `close` refuse.
 */
export function handleOf(emulator: RunningEmulator, dir: string): EmulatorHandle {
  const refuse = async () => {
    throw new Error('this emulator belongs to its fixture; stop it there')
  }
  return {
    dir,
    port: emulator.port,
    caCertPem: emulator.caCertPem,
    info: emulator.readyInfo,
    running: true,
    stop: refuse,
    start: refuse,
    close: refuse,
  }
}
