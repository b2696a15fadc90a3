import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { createHostSecret } from './request-guard'

/** A host secret as createHostSecret makes it: 43 base64url characters. */
const SECRET_RE = /^[A-Za-z0-9_-]{43}$/

/**
 * Takes `--secret-file PATH` (or `--secret-file=PATH`) out of the arguments, else reads
 * `LOGDROP_HOST_SECRET_FILE`; the rest of the arguments go to the other settings.
 */
export function takeSecretFileSetting(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
):
  | { readonly ok: true; readonly path: string | undefined; readonly rest: string[] }
  | { readonly ok: false; readonly message: string } {
  const rest: string[] = []
  let path: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--secret-file') {
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) {
        return { ok: false, message: '--secret-file needs a file path.' }
      }
      path = next
      i++
    } else if (arg.startsWith('--secret-file=')) {
      path = arg.slice('--secret-file='.length)
      if (path === '') return { ok: false, message: '--secret-file needs a file path.' }
    } else {
      rest.push(arg)
    }
  }
  const fromEnv = env['LOGDROP_HOST_SECRET_FILE']
  return { ok: true, path: path ?? (fromEnv === '' ? undefined : fromEnv), rest }
}

/** Options of `loadOrCreateSecret`. */
export interface LoadSecretOptions {
  /** Told when the file had to be changed (e.g. made private), in words for the user. */
  readonly onWarning?: (message: string) => void
}

/**
 * The browser host's secret, kept in a file so a restarted host has the same URL (pages
 * reload and reconnect, e.g. to resume an upload after a restart). A missing file is created
 * with a fresh secret, readable by this OS user only (0600); a file others may read is made
 * private, and `onWarning` says so, since the secret may already have been read. A file that
 * does not hold a secret is refused rather than overwritten.
 */
export async function loadOrCreateSecret(
  path: string,
  options: LoadSecretOptions = {},
): Promise<string> {
  try {
    const text = (await readFile(path, 'utf8')).trim()
    if (!SECRET_RE.test(text)) {
      throw new Error(`${path} does not hold a LogDrop host secret (43 base64url characters)`)
    }
    const mode = (await stat(path)).mode & 0o777
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      await chmod(path, 0o600)
      options.onWarning?.(
        `the secret file ${path} could be read by other users (mode ${mode.toString(8).padStart(4, '0')}); ` +
          'it is now readable by you only (0600). If others may have read it, delete the file to get a new secret.',
      )
    }
    return text
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const secret = createHostSecret()
  await mkdir(dirname(path), { recursive: true })
  // `wx`: if another process created it meanwhile, read theirs instead of replacing it.
  try {
    await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' })
    return secret
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(path, options)
    throw error
  }
}
