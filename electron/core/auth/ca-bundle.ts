import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { AppError } from '../../../shared/errors/app-error'

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----'

/**
 * Reads a PEM bundle of extra CA certificates (`--ca-file`, the "Extra CA certificates"
 * setting): a proxy that inspects HTTPS, a private endpoint. `label` names where the path came
 * from in the message. Throws `auth/ca-file-invalid` when it cannot be read or holds no
 * certificate, so a wrong path is said at once, not as an untrusted host later.
 */
export async function readCaBundle(path: string, label: string): Promise<string> {
  let text: string
  try {
    text = await readFile(resolve(path), 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error)
    const message = `${label} ${path} cannot be read (${reason}).`
    throw new AppError('auth/ca-file-invalid', message, { userText: message, cause: error })
  }
  if (!text.includes(PEM_CERTIFICATE)) {
    const message = `${label} ${path} holds no PEM certificate (${PEM_CERTIFICATE}).`
    throw new AppError('auth/ca-file-invalid', message, { userText: message })
  }
  return text
}

/** One PEM bundle of several (absent ones left out), or null when there is none. */
export function joinPem(...bundles: ReadonlyArray<string | null>): string | null {
  const present = bundles.filter((pem): pem is string => pem !== null)
  return present.length === 0 ? null : `${present.map((pem) => pem.trim()).join('\n')}\n`
}
