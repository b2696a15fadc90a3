import { spawnSync } from 'node:child_process'

/**
 * A bandwidth-limited link of the benchmark's own: a network namespace whose loopback is shaped
 * with a token bucket (`tc qdisc … tbf`) and an MTU of 1500, as a real link's packets are.
 * Every process of a case runs inside it (`ip netns exec`), so all its traffic crosses the
 * shaped 127.0.0.1. Latency comes from the emulator's fault settings (netem is not available).
 */
export interface LinkNamespace {
  readonly name: string
  readonly mbit: number
  /** Removes the namespace (safe to call twice). */
  remove(): void
}

function run(args: readonly string[]): { ok: boolean; message: string } {
  const result = spawnSync(args[0] as string, args.slice(1), { encoding: 'utf8' })
  const message = `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim()
  return { ok: result.status === 0, message }
}

/** Namespaces made and not yet removed: removed on exit, Ctrl-C or a crash. */
const live = new Set<LinkNamespace>()
let hooked = false

function hookCleanup(): void {
  if (hooked) return
  hooked = true
  const cleanAll = () => {
    for (const link of live) link.remove()
  }
  process.on('exit', cleanAll)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      cleanAll()
      process.exit(130)
    })
  }
}

/**
 * Makes `logdrop-bench-<pid>-<mbit>` with its loopback up, MTU 1500 and limited to `mbit`.
 * Returns a reason instead when `ip netns` or `tc` is not permitted here.
 */
export function createLinkNamespace(mbit: number): LinkNamespace | { readonly skipped: string } {
  const name = `logdrop-bench-${process.pid}-${mbit}`
  const added = run(['ip', 'netns', 'add', name])
  if (!added.ok) return { skipped: `ip netns add is not permitted here (${added.message})` }
  let removed = false
  const link: LinkNamespace = {
    name,
    mbit,
    remove() {
      if (removed) return
      removed = true
      live.delete(link)
      run(['ip', 'netns', 'delete', name])
    },
  }
  live.add(link)
  hookCleanup()
  const inside = (...args: string[]) => ['ip', 'netns', 'exec', name, ...args]
  const steps = [
    inside('ip', 'link', 'set', 'lo', 'mtu', '1500', 'up'),
    inside(
      'tc',
      'qdisc',
      'add',
      'dev',
      'lo',
      'root',
      'tbf',
      'rate',
      `${mbit}mbit`,
      'burst',
      '64kb',
      'latency',
      '100ms',
    ),
  ]
  for (const step of steps) {
    const done = run(step)
    if (!done.ok) {
      link.remove()
      return { skipped: `${step.slice(4).join(' ')} failed (${done.message})` }
    }
  }
  return link
}
