import { AppError } from '../../../../shared/errors/app-error'

/**
 * Hands out request slots: at most `limit()` at once, none while paused.
 *
 * The producer awaits `acquire()` before building the next request, which is the engine's
 * backpressure: nothing is read from disk faster than it can be sent. The time it spends
 * waiting tells the gzip tuner whether the network is the bottleneck.
 */
export class SlotGate {
  private inUse = 0
  private paused = false
  private closedWith: Error | undefined
  private waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = []
  /** Total milliseconds callers spent waiting in acquire(). */
  waitedMs = 0

  constructor(
    private readonly limit: () => number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get inFlight(): number {
    return this.inUse
  }

  get isPaused(): boolean {
    return this.paused
  }

  /** Resolves when a slot is free; rejects once the gate is closed (cancel). */
  async acquire(): Promise<void> {
    if (this.closedWith !== undefined) throw this.closedWith
    if (this.canGrant()) {
      this.inUse += 1
      return
    }
    const start = this.now()
    await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }))
    this.waitedMs += this.now() - start
  }

  /** Returns a slot and wakes waiters that now fit. */
  release(): void {
    this.inUse = Math.max(0, this.inUse - 1)
    this.drain()
  }

  pause(): void {
    this.paused = true
  }

  resume(): void {
    this.paused = false
    this.drain()
  }

  /** Call when the limit went up, so waiters are re-checked. */
  poke(): void {
    this.drain()
  }

  /** Rejects every waiter and every later acquire(). */
  close(error: Error = new AppError('internal/bug', 'slot gate closed')): void {
    this.closedWith = error
    const waiters = this.waiters
    this.waiters = []
    for (const waiter of waiters) waiter.reject(error)
  }

  private canGrant(): boolean {
    return !this.paused && this.inUse < this.limit()
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.canGrant()) {
      this.inUse += 1
      this.waiters.shift()?.resolve()
    }
  }
}
