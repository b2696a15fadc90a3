import { readFile, rm, stat } from 'node:fs/promises'
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node'
import type { TokenCacheStorage } from '../../../shared/models/auth'
import { writeFileAtomic } from '../../platform/atomic-write'
import type { Logger } from '../../platform/logger'
import { AsyncMutex } from './async-mutex'
import type { Encryptor } from './encryptor'

export interface TokenCachePluginOptions {
  /** Path without extension; `.bin` (encrypted) or `.json` (plaintext opt-in) is added. */
  readonly basePath: string
  /** The OS key store; absent in the browser host and the CLI. */
  readonly encryptor?: Encryptor
  /** Read on every access: the person may opt in or out while the app runs. */
  readonly plaintextOptIn: () => boolean
  readonly logger: Logger
}

/**
 * msal's cache plugin: keeps the serialized token cache encrypted on disk, in memory, or (only
 * when the person opted in) in a plaintext file readable by them alone.
 *
 * msal's `overwriteCache` clears its memory before every silent call and reloads whatever the
 * plugin deserializes, so the plugin always hands back the latest snapshot, also in memory
 * mode. Before/after pairs are serialized with a mutex (concurrent silent calls interleave).
 * Nothing here logs cache content.
 */
export class TokenCachePlugin implements ICachePlugin {
  private readonly mutex = new AsyncMutex()
  private release: (() => void) | null = null
  private snapshot: string | null = null
  /** mtime and size of the file as last read or written; another writer changes it. */
  private fileStamp: string | null = null
  private encryptionAvailable: boolean | null = null

  constructor(private readonly options: TokenCachePluginOptions) {}

  get encryptedPath(): string {
    return `${this.options.basePath}.bin`
  }

  get plaintextPath(): string {
    return `${this.options.basePath}.json`
  }

  /** True when the key store can encrypt (asked once). */
  async isEncryptionAvailable(): Promise<boolean> {
    if (this.encryptionAvailable === null) {
      try {
        this.encryptionAvailable = (await this.options.encryptor?.isAvailable()) ?? false
      } catch {
        this.encryptionAvailable = false
      }
    }
    return this.encryptionAvailable
  }

  /** Where the cache goes right now. */
  async storage(): Promise<TokenCacheStorage> {
    if (await this.isEncryptionAvailable()) return 'encrypted-file'
    return this.options.plaintextOptIn() ? 'plaintext-file' : 'memory'
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const release = await this.mutex.acquire()
    this.release = release
    try {
      const storage = await this.storage()
      if (storage !== 'memory') await this.reloadIfChanged(storage)
      if (this.snapshot !== null) context.tokenCache.deserialize(this.snapshot)
    } catch (error) {
      // msal does not always call afterCacheAccess when this throws.
      this.release = null
      release()
      throw error
    }
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    const release = this.release
    this.release = null
    try {
      if (!context.cacheHasChanged) return
      this.snapshot = context.tokenCache.serialize()
      const storage = await this.storage()
      if (storage !== 'memory') await this.persist(storage, this.snapshot)
    } finally {
      release?.()
    }
  }

  /**
   * Applies a change of the plaintext opt-in: opting out deletes the plaintext file at once;
   * opting in writes what is in memory now.
   */
  async applyStoragePreference(): Promise<TokenCacheStorage> {
    const release = await this.mutex.acquire()
    try {
      const storage = await this.storage()
      if (storage !== 'plaintext-file') await rm(this.plaintextPath, { force: true })
      if (storage !== 'memory' && this.snapshot !== null) {
        await this.persist(storage, this.snapshot)
      }
      return storage
    } finally {
      release()
    }
  }

  private pathFor(storage: Exclude<TokenCacheStorage, 'memory'>): string {
    return storage === 'encrypted-file' ? this.encryptedPath : this.plaintextPath
  }

  private async stampOf(path: string): Promise<string | null> {
    try {
      const info = await stat(path)
      return `${info.mtimeMs}:${info.size}`
    } catch {
      return null
    }
  }

  private async reloadIfChanged(storage: Exclude<TokenCacheStorage, 'memory'>): Promise<void> {
    const path = this.pathFor(storage)
    const stamp = await this.stampOf(path)
    if (stamp === null || stamp === this.fileStamp) return
    try {
      const bytes = await readFile(path)
      this.snapshot =
        storage === 'encrypted-file' ? await this.decrypt(bytes) : bytes.toString('utf8')
      this.fileStamp = stamp
    } catch (error) {
      // A changed key store or a damaged file: start signed out rather than fail every call.
      this.options.logger.warn('auth', 'token cache unreadable; starting empty', {
        storage,
        reason: error instanceof Error ? error.name : 'unknown',
      })
      this.fileStamp = stamp
    }
  }

  private async decrypt(bytes: Uint8Array): Promise<string> {
    const encryptor = this.options.encryptor
    if (encryptor === undefined) throw new Error('no encryptor')
    return encryptor.decrypt(bytes)
  }

  private async persist(
    storage: Exclude<TokenCacheStorage, 'memory'>,
    serialized: string,
  ): Promise<void> {
    const path = this.pathFor(storage)
    const encryptor = this.options.encryptor
    if (storage === 'encrypted-file') {
      if (encryptor === undefined) throw new Error('no encryptor')
      await writeFileAtomic(path, await encryptor.encrypt(serialized), 0o600)
    } else {
      await writeFileAtomic(path, serialized, 0o600)
    }
    this.fileStamp = await this.stampOf(path)
  }
}
