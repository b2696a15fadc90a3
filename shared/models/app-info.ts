/** Which host the renderer is talking to. */
export type HostKind = 'electron' | 'browser'

/** What the renderer needs to know about the running app. */
export interface AppInfo {
  readonly name: string
  readonly version: string
  readonly host: HostKind
  /** Node's platform string, e.g. `linux`, `win32`, `darwin`. */
  readonly platform: string
  /** Folder where settings, journals and logs live, shown so users can find them. */
  readonly dataDir: string
}

/** Answer to `app:ping`, used to prove the contract round-trips. */
export interface PingReply {
  readonly message: string
  readonly receivedAt: string
}
