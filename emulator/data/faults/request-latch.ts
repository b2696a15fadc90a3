/** What the latch is doing, as `GET /_emulator/hold` shows it. */
export interface LatchState {
  /** Arriving ingestion requests still to be held before requests pass again. */
  readonly holding: number
  /** Requests waiting at the latch now, oldest first. */
  readonly held: number
  /** Requests the latch has let go since the last reset. */
  readonly released: number
}

interface HeldRequest {
  readonly go: () => void
}

interface Watcher {
  readonly held: number
  readonly resolve: (state: LatchState) => void
}

/**
 * Holds ingestion requests until a test lets them go, so a test can catch an upload with
 * requests in flight without latency or sleeps: `hold(n)` makes the next n arriving requests
 * wait, `whenHeld(k)` resolves once k wait, `release(m)` lets the m oldest go (all, and stops
 * holding, without m). A client that gives up while held leaves the latch at once.
 */
export class RequestLatch {
  private holding = 0
  private released = 0
  private readonly held: HeldRequest[] = []
  private watchers: Watcher[] = []

  /** Holds the next `count` arriving requests (replaces an earlier count). */
  hold(count: number): LatchState {
    this.holding = count
    return this.state()
  }

  /**
   * Resolves when the request may go on: at once when nothing is being held, else on release
   * or when `onGone` reports the client left. Returns whether it was held.
   */
  pass(onGone: (leave: () => void) => void): Promise<boolean> {
    if (this.holding === 0) return Promise.resolve(false)
    this.holding--
    return new Promise((resolve) => {
      const entry: HeldRequest = { go: () => resolve(true) }
      this.held.push(entry)
      onGone(() => {
        const at = this.held.indexOf(entry)
        if (at === -1) return
        this.held.splice(at, 1)
        resolve(true)
      })
      this.notify()
    })
  }

  /** Lets the `count` oldest held requests go; without a count, all of them, and stops holding. */
  release(count?: number): LatchState {
    if (count === undefined) this.holding = 0
    const going = this.held.splice(0, count ?? this.held.length)
    this.released += going.length
    for (const request of going) request.go()
    return this.state()
  }

  /** Resolves once at least `count` requests are held; undefined if `signal` aborts first. */
  whenHeld(count: number, signal: AbortSignal): Promise<LatchState | undefined> {
    if (this.held.length >= count) return Promise.resolve(this.state())
    if (signal.aborted) return Promise.resolve(undefined)
    return new Promise((resolve) => {
      const watcher: Watcher = { held: count, resolve }
      this.watchers.push(watcher)
      signal.addEventListener('abort', () => {
        this.watchers = this.watchers.filter((w) => w !== watcher)
        resolve(undefined)
      })
    })
  }

  /** Releases everything and stops holding (reset, shutdown). */
  reset(): void {
    this.release()
    this.released = 0
  }

  state(): LatchState {
    return { holding: this.holding, held: this.held.length, released: this.released }
  }

  private notify(): void {
    const state = this.state()
    const ready = this.watchers.filter((w) => state.held >= w.held)
    this.watchers = this.watchers.filter((w) => state.held < w.held)
    for (const watcher of ready) watcher.resolve(state)
  }
}
