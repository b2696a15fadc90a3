/**
 * A minimal mutex: `acquire()` resolves with a release function once every earlier holder has
 * released. Used to keep msal's before/after cache-access pairs from interleaving.
 */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve()

  acquire(): Promise<() => void> {
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const ready = this.tail.then(() => release)
    this.tail = this.tail.then(() => held)
    return ready
  }
}
