import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { defaultUserDataDir } from '../platform/user-data-dir'
import { findAppRoot } from './app-root'
import { readPortSetting } from './port-setting'
import { loadOrCreateSecret, takeSecretFileSetting } from './secret-file'
import { startWebHost, type WebHost, type WebHostOptions } from './web-host'

/**
 * `npm run web`: LogDrop in a browser, for machines without a desktop (servers, WSL) and for
 * the end-to-end tests.
 *
 * Prints exactly one line on stdout, `LogDrop is running at <url>`, where the URL carries the
 * per-launch secret; everything else goes to stderr. Stops cleanly on SIGINT and SIGTERM.
 *
 * `--secret-file PATH` (or `LOGDROP_HOST_SECRET_FILE`) keeps the secret in a 0600 file, created
 * when missing, so a restarted host keeps its URL and open pages can reload into it.
 */
async function main(): Promise<number> {
  // Listen for Ctrl+C and SIGTERM from the first moment, so a stop during start-up is clean too.
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    let count = 0
    const onSignal = (signal: NodeJS.Signals) => {
      count += 1
      if (count > 1) {
        process.stderr.write(`logdrop web: ${signal} again, exiting now\n`)
        process.exit(1)
      }
      resolve(signal)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })

  const secretFile = takeSecretFileSetting(process.argv.slice(2), process.env)
  if (!secretFile.ok) {
    process.stderr.write(`logdrop web: ${secretFile.message}\n`)
    return 2
  }
  const setting = readPortSetting(secretFile.rest, process.env)
  if (!setting.ok) {
    process.stderr.write(
      `logdrop web: ${setting.message}\nUsage: npm run web -- [--port 5217] [--secret-file PATH]\n`,
    )
    return 2
  }
  let secret: string | undefined
  if (secretFile.path !== undefined) {
    try {
      secret = await loadOrCreateSecret(secretFile.path, {
        onWarning: (message) => process.stderr.write(`logdrop web: warning: ${message}\n`),
      })
    } catch (error) {
      process.stderr.write(`logdrop web: cannot use the secret file: ${(error as Error).message}\n`)
      return 1
    }
  }
  const root = findAppRoot(__dirname)
  const rendererDir = join(root.dir, 'dist', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write(`logdrop web: ${rendererDir} has no build; run \`npm run build\` first.\n`)
    return 1
  }
  const options: WebHostOptions = {
    dataDir: defaultUserDataDir(),
    rendererDir,
    version: root.version,
    ...(secret === undefined ? {} : { secret }),
  }
  let host: WebHost
  try {
    host = await startWebHost({ ...options, port: setting.port })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || setting.explicit) {
      process.stderr.write(`logdrop web: could not listen: ${(error as Error).message}\n`)
      return 1
    }
    host = await startWebHost({ ...options, port: 0 })
  }

  process.stdout.write(`LogDrop is running at ${host.url}\n`)
  process.stderr.write(`Data folder: ${options.dataDir}. Press Ctrl+C to stop.\n`)

  await stopRequested
  try {
    await host.stop()
    return 0
  } catch (error) {
    process.stderr.write(`logdrop web: shutdown failed: ${String(error)}\n`)
    return 1
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`logdrop web: ${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(1)
  },
)
