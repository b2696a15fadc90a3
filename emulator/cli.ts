import { readFile, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { writeFileDurably } from './platform/durable-write'
import { EMULATOR_INFO_FILE } from '../shared/emulator/ready-info'
import { spkiSha256 } from './certs'
import { SeedError } from './seed/load-seed'
import { defaultEmulatorDataDir, startEmulator } from './start-emulator'

const USAGE = `Usage: npm run emulator -- [--port N] [--data-dir DIR] [--seed FILE] [--counting-only]

Starts the local Azure emulator (Entra ID, ARM, Logs Ingestion, Log Analytics query) on
https://localhost:PORT. When ready it prints one line of JSON starting with {"event":"ready"
to stdout and writes the same JSON to DIR/${EMULATOR_INFO_FILE}. Logs go to stderr.

  --port N          TCP port (default 0: a free port)
  --data-dir DIR    certificates, signing key and stored rows (default: LogDrop's user-data dir/emulator)
  --seed FILE       JSON seed describing tenant, users, subscriptions, workspaces and DCRs
  --counting-only   count ingested rows instead of storing them
`

function stderr(message: string): void {
  process.stderr.write(`${message}\n`)
}

async function main(): Promise<number> {
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse().values
  } catch (error) {
    stderr(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (values.help === true) {
    process.stderr.write(USAGE)
    return 0
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    stderr(`--port must be a number from 0 to 65535, not '${values.port ?? ''}'.`)
    return 2
  }
  const dataDir = resolve(values['data-dir'] ?? defaultEmulatorDataDir())
  const infoPath = join(dataDir, EMULATOR_INFO_FILE)

  let emulator: Awaited<ReturnType<typeof startEmulator>>
  try {
    emulator = await startEmulator({
      port,
      dataDir,
      ...(values.seed !== undefined ? { seed: resolve(values.seed) } : {}),
      countingOnly: values['counting-only'] === true,
      log: stderr,
    })
  } catch (error) {
    stderr(
      error instanceof SeedError
        ? error.message
        : `The emulator did not start: ${(error as Error).message}`,
    )
    return error instanceof SeedError ? 2 : 1
  }

  const line = JSON.stringify(emulator.readyInfo)
  await writeFileDurably(infoPath, `${line}\n`, 0o600)
  process.stdout.write(`${line}\n`)
  stderr(
    `LogDrop Azure emulator listening on ${emulator.origin} (data in ${dataDir}). Ctrl+C stops it.`,
  )
  stderr(await certificateHint(emulator.caCertPath, dataDir))

  return new Promise<number>((done) => {
    let stopping = false
    const stop = (signal: string) => {
      if (stopping) return
      stopping = true
      stderr(`${signal}: stopping the emulator.`)
      emulator
        .stop()
        .then(() => rm(infoPath, { force: true }))
        .then(
          () => done(0),
          (error: unknown) => {
            stderr(`Stopping failed: ${(error as Error).message}`)
            done(1)
          },
        )
    }
    process.once('SIGINT', () => stop('SIGINT'))
    process.once('SIGTERM', () => stop('SIGTERM'))
  })
}

/** How to open the emulator's sign-in pages in a browser without a certificate warning. */
async function certificateHint(caCertPath: string, dataDir: string): Promise<string> {
  const serverPem = await readFile(join(dataDir, 'tls', 'server.pem'), 'utf8')
  return (
    `Browser sign-in: trust ${caCertPath} in your browser or OS (emulator/README.md, "Sign-in pages without a certificate warning"), ` +
    `or for development start Chromium with --ignore-certificate-errors-spki-list=${spkiSha256(serverPem)}`
  )
}

function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string' },
      'counting-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  })
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    stderr(`The emulator failed: ${(error as Error).message}`)
    process.exitCode = 1
  },
)
