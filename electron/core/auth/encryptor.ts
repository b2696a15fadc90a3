/**
 * Encrypts the sign-in token cache with the operating system's key store.
 *
 * The Electron shell implements it with safeStorage's asynchronous API
 * (`isAsyncEncryptionAvailable`, `encryptStringAsync`, `decryptStringAsync`) and must report
 * `isAvailable() === false` for Linux's `basic_text` backend, whose key is hard-coded. The
 * browser host and the CLI pass none. Same shape as electron/shell's SecretEncryptor, so one
 * object serves both; a Buffer is a Uint8Array.
 */
export interface Encryptor {
  /** False when no real key store exists; the cache then stays in memory unless opted in. */
  isAvailable(): Promise<boolean>
  encrypt(plainText: string): Promise<Uint8Array>
  decrypt(cipherText: Uint8Array): Promise<string>
}
