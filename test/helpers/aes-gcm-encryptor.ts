import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { Encryptor } from '../../electron/core/auth/encryptor'

/**
 * A real Encryptor for tests (AES-256-GCM with a test key), standing in for Electron's
 * safeStorage: ciphertext is `iv (12) | tag (16) | data`, and a wrong key fails to decrypt.
 */
export function createAesGcmEncryptor(key: Buffer = randomBytes(32)): Encryptor & {
  readonly key: Buffer
} {
  return {
    key,
    isAvailable: async () => true,
    encrypt: async (plainText) => {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const data = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), data])
    },
    decrypt: async (cipherText) => {
      const bytes = Buffer.from(cipherText)
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12))
      decipher.setAuthTag(bytes.subarray(12, 28))
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
    },
  }
}
