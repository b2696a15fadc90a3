import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileDurably } from '../platform/durable-write'
import { loadJose } from './jose'

/** The key that signs every token, and how it is published at `jwks_uri`. */
export interface SigningKey {
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  /** `kid` (and `x5t`) in token headers and the JWKS. */
  readonly kid: string
  /** The public JWK as served at `jwks_uri`. */
  readonly jwk: Readonly<Record<string, unknown>>
}

/**
 * Loads the token-signing key from `<dataDir>/identity/signing-key.pem`, creating it once.
 *
 * Kept across restarts so tokens a client cached stay valid while the emulator restarts.
 */
export async function loadSigningKey(dataDir: string): Promise<SigningKey> {
  const path = join(dataDir, 'identity', 'signing-key.pem')
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(await readFile(path, 'utf8'))
  } catch {
    privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    await writeFileDurably(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), 0o600)
  }
  const publicKey = createPublicKey(privateKey)
  const jose = await loadJose()
  const exported = await jose.exportJWK(publicKey)
  const kid = await jose.calculateJwkThumbprint(exported, 'sha256')
  return {
    privateKey,
    publicKey,
    kid,
    jwk: {
      kty: exported.kty,
      use: 'sig',
      kid,
      x5t: kid,
      n: exported.n,
      e: exported.e,
      alg: 'RS256',
    },
  }
}
