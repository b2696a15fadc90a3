/**
 * Encrypts small secrets (the sign-in token cache) with the operating system's keystore.
 *
 * main.ts implements it with Electron's asynchronous safeStorage API (the synchronous one is
 * deprecated in Electron 45 and goes in 46). Same shape as electron/core/auth's Encryptor, so the
 * one object serves both; services depend on the interface, never on Electron.
 */
export interface SecretEncryptor {
  /** False when the OS offers no real keystore; the cache then stays in memory. */
  isAvailable(): Promise<boolean>
  encrypt(plainText: string): Promise<Uint8Array>
  decrypt(cipherText: Uint8Array): Promise<string>
}

/**
 * Whether safeStorage protects anything on this machine.
 *
 * On Linux without a secret service Electron falls back to `basic_text`, whose key is
 * hard-coded in Electron: "encrypted" data there is readable by anyone, so it counts as no
 * keystore at all.
 */
export function hasRealKeyStore(
  asyncEncryptionAvailable: boolean,
  platform: NodeJS.Platform,
  linuxBackend: string | undefined,
): boolean {
  if (!asyncEncryptionAvailable) return false
  if (platform !== 'linux') return true
  return linuxBackend !== undefined && linuxBackend !== 'basic_text' && linuxBackend !== 'unknown'
}
