#!/usr/bin/env node
import { runCli } from './run-cli'

/**
 * The `logdrop` command: uploads files to Azure Monitor's Logs Ingestion API (or the local
 * emulator) with the same engine as the app. Run from the checkout with
 * `npx tsx electron/cli/logdrop.ts upload ...`, or compiled as
 * `node dist/electron/electron/cli/logdrop.js`.
 */
void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  onInterrupt: (stop) => {
    let interrupted = false
    const onSigint = () => {
      // A second Ctrl-C leaves at once; the journal is already on disk.
      if (interrupted) process.exit(130)
      interrupted = true
      stop()
    }
    process.on('SIGINT', onSigint)
    return () => process.off('SIGINT', onSigint)
  },
}).then((code) => {
  process.exitCode = code
})
