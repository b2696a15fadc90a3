import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fetch } from 'undici'
import { emulatorReadyInfoSchema, type EmulatorReadyInfo } from '../../shared/emulator/ready-info'
import { createTrustingDispatcher } from '../../electron/core/emulator-client/trust'
import { REPO_ROOT } from './repo-root'

/** `npm run emulator` as a real child process, after its ready line. */
export interface EmulatorProcess {
  readonly child: ChildProcess
  readonly info: EmulatorReadyInfo
  /** The ready line as printed. */
  readonly readyLine: string
  /** Every stdout line so far. */
  readonly lines: readonly string[]
  stderr(): string
  /** Resolves with the exit code once stdout and stderr are drained. */
  readonly exited: Promise<number | null>
}

/**
 * Starts `emulator/cli.ts` with `node --import tsx` (not the tsx wrapper, so signals reach the
 * emulator itself) and resolves at its ready line; rejects with its stderr if it exits first.
 */
export async function startEmulatorProcess(args: readonly string[]): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const lines: string[] = []
  // 'close' (not 'exit') waits until stdout and stderr are drained.
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
  const readyLine = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line)
      if (lines.length === 1) done(line)
    })
    child.on('exit', (code) => fail(new Error(`exited ${code} before ready:\n${stderr}`)))
  })
  const info = emulatorReadyInfoSchema.parse(JSON.parse(readyLine))
  return { child, info, readyLine, lines, stderr: () => stderr, exited }
}

/** A token from the emulator's Entra ID for its seeded service principal (client credentials). */
export async function emulatorToken(
  info: EmulatorReadyInfo,
  caCertPem: string,
  scope: string,
): Promise<string> {
  const dispatcher = createTrustingDispatcher(caCertPem)
  try {
    const response = await fetch(`${info.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: info.servicePrincipal.clientId,
        client_secret: info.servicePrincipal.clientSecret,
        scope,
      }).toString(),
      dispatcher,
    })
    const body = (await response.json()) as { access_token?: string; error?: string }
    if (body.access_token === undefined) throw new Error(`no token: ${JSON.stringify(body)}`)
    return body.access_token
  } finally {
    await dispatcher.close()
  }
}
