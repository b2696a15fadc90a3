import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { Encryptor } from '../../electron/core/auth/encryptor'

/**
 * Looking for credentials where they must never be: logs, journals, exports, events, answers.
 *
 * Two nets. The exact one: the secret values actually issued during a test (access, refresh and
 * id tokens, authorization codes, client secrets), collected where they are born, so a leak is
 * found even in an unusual shape. The generic one: anything shaped like a JWT or an OAuth field
 * carrying a value, so a secret the test did not think of is caught too.
 */

/** What kind of secret a value is (for the report; the value itself is never printed). */
export type SecretKind =
  | 'access-token'
  | 'refresh-token'
  | 'id-token'
  | 'authorization-code'
  | 'client-secret'
  | 'admin-key'
  | 'other'

/** One place a secret (or something shaped like one) was found. */
export interface SecretFinding {
  /** Where: a file path relative to the scanned root, or a label such as `log line 12`. */
  readonly where: string
  readonly kind: SecretKind | 'jwt-shape' | 'oauth-field'
  /** A few characters around the find, with the secret itself masked. */
  readonly context: string
}

/** Shorter values could appear by chance; no credential is this short. */
const MIN_SECRET_LENGTH = 12

/** The secret values of a test run, by kind. */
export class SecretCollector {
  private readonly values = new Map<string, SecretKind>()

  /** Adds a value (ignored when empty or too short to be a credential). */
  add(value: string | undefined | null, kind: SecretKind): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return
    if (!this.values.has(value)) this.values.set(value, kind)
  }

  /**
   * Adds every credential of a serialized msal token cache (`AccessToken`, `RefreshToken`,
   * `IdToken` sections, each entry's `secret`).
   */
  addMsalCache(serialized: string): void {
    let cache: Record<string, Record<string, { secret?: string }> | undefined>
    try {
      cache = JSON.parse(serialized) as typeof cache
    } catch {
      return
    }
    const sections: Array<[string, SecretKind]> = [
      ['AccessToken', 'access-token'],
      ['RefreshToken', 'refresh-token'],
      ['IdToken', 'id-token'],
    ]
    for (const [section, kind] of sections) {
      for (const entry of Object.values(cache[section] ?? {})) this.add(entry.secret, kind)
    }
  }

  /** How many values of a kind were collected. */
  count(kind: SecretKind): number {
    let n = 0
    for (const k of this.values.values()) if (k === kind) n++
    return n
  }

  get size(): number {
    return this.values.size
  }

  /** Each value with the fragments that would betray it (for tokens: payload and signature). */
  needles(): Array<{ needle: string; kind: SecretKind }> {
    const out: Array<{ needle: string; kind: SecretKind }> = []
    for (const [value, kind] of this.values) {
      out.push({ needle: value, kind })
      const parts = value.split('.')
      if (parts.length === 3) {
        // A JWT cut short or split in a log line still gives away its payload or signature.
        for (const part of parts.slice(1)) if (part.length >= 24) out.push({ needle: part, kind })
      }
    }
    return out
  }
}

/**
 * Wraps an Encryptor so every plaintext it is asked to encrypt (msal's whole serialized cache,
 * each time it is saved) is handed to `onPlainText` first. This is how a test learns every
 * token msal held, without any hook inside the app.
 */
export function capturingEncryptor(
  inner: Encryptor,
  onPlainText: (plainText: string) => void,
): Encryptor {
  return {
    isAvailable: () => inner.isAvailable(),
    encrypt: async (plainText) => {
      onPlainText(plainText)
      return inner.encrypt(plainText)
    },
    decrypt: (cipherText) => inner.decrypt(cipherText),
  }
}

/** Shapes that betray a credential whatever its value. */
const GENERIC: ReadonlyArray<{ kind: SecretFinding['kind']; pattern: RegExp }> = [
  // A JWT: header and payload are base64url JSON ("eyJ"), then a signature.
  {
    kind: 'jwt-shape',
    pattern: /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
  },
  // OAuth form fields or JSON members with a value that is not a redaction marker.
  {
    kind: 'oauth-field',
    pattern:
      /\b(?:client_secret|refresh_token|access_token|id_token|code_verifier|device_code)=(?!\[redacted)[^&\s"']{8,}/gi,
  },
  {
    kind: 'oauth-field',
    pattern:
      /["'](?:client_?secret|refresh_?token|access_?token|id_?token|code_?verifier)["']\s*:\s*["'](?!\[redacted)[^"']{8,}/gi,
  },
]

function excerpt(text: string, at: number, length: number): string {
  const before = text.slice(Math.max(0, at - 30), at).replace(/\s+/g, ' ')
  const after = text.slice(at + length, at + length + 30).replace(/\s+/g, ' ')
  return `…${before}[${length} chars]${after}…`
}

/** Every secret of `secrets`, and every generic shape, found in `text`. */
export function scanText(where: string, text: string, secrets: SecretCollector): SecretFinding[] {
  const findings: SecretFinding[] = []
  for (const { needle, kind } of secrets.needles()) {
    const at = text.indexOf(needle)
    if (at >= 0) findings.push({ where, kind, context: excerpt(text, at, needle.length) })
  }
  for (const { kind, pattern } of GENERIC) {
    for (const match of text.matchAll(pattern)) {
      findings.push({ where, kind, context: excerpt(text, match.index, match[0].length) })
    }
  }
  return findings
}

/** Every regular file below `root`, as paths relative to it (`exclude` prunes folders). */
export async function listFiles(root: string, exclude: readonly string[] = []): Promise<string[]> {
  const out: string[] = []
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name)
      const rel = relative(root, path)
      if (exclude.some((prefix) => rel === prefix || rel.startsWith(`${prefix}${sep}`))) continue
      if (entry.isDirectory()) await walk(path)
      else if (entry.isFile()) out.push(rel)
    }
  }
  await walk(root)
  return out.sort()
}

/**
 * Scans every file below `root` (as UTF-8 text, which also finds ASCII secrets inside binary
 * files). Returns the findings and the files read, so a test can check it looked where it meant.
 */
export async function scanTree(
  root: string,
  secrets: SecretCollector,
  exclude: readonly string[] = [],
): Promise<{ findings: SecretFinding[]; files: string[] }> {
  const files = await listFiles(root, exclude)
  const findings: SecretFinding[] = []
  for (const file of files) {
    const text = await readFile(join(root, file), 'utf8').catch(() => '')
    findings.push(...scanText(file, text, secrets))
  }
  return { findings, files }
}

/** Scans values that crossed to the renderer (events, contract answers) as their JSON. */
export function scanValues(
  label: string,
  values: readonly unknown[],
  secrets: SecretCollector,
): SecretFinding[] {
  return values.flatMap((value, index) =>
    scanText(`${label} #${index}`, JSON.stringify(value) ?? '', secrets),
  )
}
