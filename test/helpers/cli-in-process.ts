import { PassThrough } from 'node:stream'
import { runCli } from '../../electron/cli/run-cli'

/** What one in-process CLI run printed, and its exit code. */
export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI in this process with the given environment and captures what it prints. */
export async function runCliInProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const code = await runCli(args, { stdout, stderr, env })
  return { code, stdout: out, stderr: err }
}
