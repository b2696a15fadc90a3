import type { GroupSpec, Measurement } from './run-group'

/** A group's results: the median run of each runner, and what the group's link allows. */
export interface GroupResult {
  readonly group: GroupSpec
  readonly medians: readonly Median[]
  /** Shaped links: gzip level 6's ratio on the file, and the input MB/s the link allows. */
  readonly link?: { readonly gzipRatio: number; readonly limitMBps: number }
  /** Why the group did not run (e.g. `ip netns` not permitted). */
  readonly skipped?: string
}

/** The median run by process time, with the worst memory and loop delay of all runs. */
export interface Median extends Measurement {
  readonly runsMBps: readonly number[]
}

export function mbps(group: GroupSpec, seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : group.file.bytes / 1e6 / seconds
}

export function medianOf(group: GroupSpec, runs: readonly Measurement[]): Median {
  const sorted = [...runs].sort((a, b) => a.processSeconds - b.processSeconds)
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as Measurement
  const worst = (pick: (m: Measurement) => number | undefined) => {
    const values = runs.map(pick).filter((v): v is number => v !== undefined)
    return values.length === 0 ? undefined : Math.max(...values)
  }
  const peak = worst((m) => m.peakRssBytes)
  const loop = worst((m) => m.loopDelayP99Ms)
  return {
    ...median,
    ...(peak === undefined ? {} : { peakRssBytes: peak }),
    ...(loop === undefined ? {} : { loopDelayP99Ms: loop }),
    exactlyOnce: runs.every((run) => run.exactlyOnce),
    runsMBps: runs.map((run) => mbps(group, run.processSeconds) ?? 0),
  }
}

const fixed = (value: number | undefined, digits = 1) =>
  value === undefined ? '' : value.toFixed(digits)

function per100(group: GroupSpec, seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : (seconds / group.file.bytes) * 1e8
}

const isLogDrop = (m: Measurement) => m.kind !== 'sdk'

/** The fastest SDK configuration of a group (by process time), the one LogDrop must beat. */
export function bestSdk(result: GroupResult): Median | undefined {
  const sdks = result.medians.filter((m) => m.kind === 'sdk')
  return sdks.sort((a, b) => a.processSeconds - b.processSeconds)[0]
}

export const TABLE_HEADER = [
  '| case | network | client | MB/s (process) | MB/s (in process) | CPU s/100 MB | peak RSS | loop p99 | gzip | requests (429) | share of link | LogDrop CLI ÷ this | exactly once |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
].join('\n')

export function networkLabel(group: GroupSpec): string {
  const latency = `${group.latencyMs} ms`
  if (group.linkMbit !== undefined) return `${group.linkMbit} Mbit/s, ${latency}`
  if (group.limits?.bytesPerMinute !== undefined) {
    return `loopback, ${(group.limits.bytesPerMinute / 1e6).toFixed(0)} MB/min limit`
  }
  return group.latencyMs === 0 ? 'loopback' : `loopback + ${latency}`
}

/** The group's rows of the table. */
export function formatGroup(result: GroupResult): string[] {
  const { group } = result
  if (result.skipped !== undefined) {
    return [`| ${group.title} | ${networkLabel(group)} | skipped: ${result.skipped} |`]
  }
  const cli = result.medians.find((m) => m.kind === 'cli')
  return result.medians.map((m) => {
    const processMBps = mbps(group, m.processSeconds)
    const range =
      m.runsMBps.length > 1
        ? ` (${Math.min(...m.runsMBps).toFixed(1)}–${Math.max(...m.runsMBps).toFixed(1)})`
        : ''
    const share =
      result.link === undefined || processMBps === undefined
        ? ''
        : `${((processMBps / result.link.limitMBps) * 100).toFixed(0)} %`
    const ratio =
      cli === undefined || m === cli ? '' : `${(m.processSeconds / cli.processSeconds).toFixed(2)}×`
    const gzip = m.gzipLevels === undefined ? 'SDK (6)' : m.gzipLevels.join('→')
    const requests =
      m.requests === undefined ? `(${m.throttled})` : `${m.requests} (${m.throttled})`
    const rss = m.peakRssBytes === undefined ? '' : `${(m.peakRssBytes / 1e6).toFixed(0)} MB`
    return `| ${group.title} | ${networkLabel(group)} | ${m.runner} | ${fixed(processMBps)}${range} | ${fixed(mbps(group, m.inProcessSeconds))} | ${fixed(per100(group, m.cpuSeconds), 2)} | ${rss} | ${fixed(m.loopDelayP99Ms)} | ${gzip} | ${requests} | ${share} | ${ratio} | ${m.exactlyOnce ? 'yes' : 'NO'} |`
  })
}

interface Check {
  readonly text: string
  readonly met: boolean
}

function seedChecks(result: GroupResult): Check[] {
  const { group } = result
  const sdk = bestSdk(result)
  if (sdk === undefined) return []
  const sdkCpu = Math.min(
    ...result.medians.filter((m) => m.kind === 'sdk').map((m) => m.cpuSeconds ?? Infinity),
  )
  const checks: Check[] = []
  for (const ours of result.medians.filter(isLogDrop)) {
    // The CLI against the SDK's whole process; LogDrop in process against the SDK in process.
    const inProcess = ours.kind === 'logdrop'
    const ourSeconds = inProcess ? ours.inProcessSeconds : ours.processSeconds
    const theirSeconds = inProcess ? sdk.inProcessSeconds : sdk.processSeconds
    if (ourSeconds === undefined || theirSeconds === undefined) continue
    const ratio = theirSeconds / ourSeconds
    const cpu = ours.cpuSeconds === undefined ? Number.NaN : ours.cpuSeconds / sdkCpu
    checks.push({
      text: `${group.title}, ${networkLabel(group)}: ${ours.runner} ${ratio.toFixed(2)}× the best SDK's MB/s (≥ 2.5)`,
      met: ratio >= 2.5,
    })
    checks.push({
      text: `${group.title}, ${networkLabel(group)}: ${ours.runner} CPU ${cpu.toFixed(2)}× the SDK's per 100 MB (≤ 0.5)`,
      met: cpu <= 0.5,
    })
  }
  return checks
}

function linkChecks(result: GroupResult): Check[] {
  const sdk = bestSdk(result)
  const cli = result.medians.find((m) => m.kind === 'cli')
  if (cli === undefined || result.link === undefined) return []
  const cliMBps = mbps(result.group, cli.processSeconds) ?? 0
  const checks: Check[] = [
    {
      text: `${networkLabel(result.group)}: LogDrop CLI ${cliMBps.toFixed(1)} MB/s = ${((cliMBps / result.link.limitMBps) * 100).toFixed(0)} % of the link's ${result.link.limitMBps.toFixed(1)} MB/s (≥ 90 %)`,
      met: cliMBps >= 0.9 * result.link.limitMBps,
    },
  ]
  if (sdk !== undefined) {
    const ratio = sdk.processSeconds / cli.processSeconds
    checks.push({
      text: `${networkLabel(result.group)}: LogDrop CLI ${ratio.toFixed(2)}× the best SDK (≥ 1.25)`,
      met: ratio >= 1.25,
    })
  }
  return checks
}

function limitChecks(result: GroupResult): Check[] {
  const budget = (result.group.limits?.bytesPerMinute ?? 0) / 60 / 1e6
  return result.medians.filter(isLogDrop).flatMap((m) => {
    const sustained = mbps(result.group, m.processSeconds) ?? 0
    const requests = m.requests ?? 0
    const share = requests === 0 ? 0 : m.throttled / requests
    return [
      {
        text: `${networkLabel(result.group)}: ${m.runner} sustained ${sustained.toFixed(1)} MB/s over ${m.processSeconds.toFixed(0)} s = ${((sustained / budget) * 100).toFixed(0)} % of the ${budget.toFixed(1)} MB/s budget (≥ 95 %)`,
        met: sustained >= 0.95 * budget,
      },
      {
        text: `${networkLabel(result.group)}: ${m.runner} ${m.throttled} of ${requests} requests throttled = ${(share * 100).toFixed(1)} %, ${m.retries ?? 0} retries (< 1 %)`,
        met: share < 0.01,
      },
      {
        text: `${networkLabel(result.group)}: ${m.runner} nothing lost, nothing twice`,
        met: m.exactlyOnce,
      },
    ]
  })
}

/** Every target of the issue, checked against this run. */
export function targetChecks(results: readonly GroupResult[]): Check[] {
  const ran = results.filter((r) => r.skipped === undefined)
  const checks = ran.flatMap((result) => {
    if (result.group.kind === 'seed') return seedChecks(result)
    if (result.group.kind === 'link') return linkChecks(result)
    if (result.group.kind === 'dcr-limit') return limitChecks(result)
    return []
  })
  const ours = ran.flatMap((r) => r.medians.filter(isLogDrop))
  const rss = Math.max(0, ...ours.map((m) => m.peakRssBytes ?? 0))
  const largest = Math.max(
    0,
    ...ran.filter((r) => r.medians.some(isLogDrop)).map((r) => r.group.file.bytes),
  )
  checks.push({
    text: `LogDrop's peak RSS ${(rss / 1e6).toFixed(0)} MB at most, files up to ${(largest / 1e6).toFixed(0)} MB (≤ 250 MB)`,
    met: rss <= 250e6,
  })
  const loops = ours.flatMap((m) => (m.loopDelayP99Ms === undefined ? [] : [m.loopDelayP99Ms]))
  if (loops.length > 0) {
    const loop = Math.max(...loops)
    checks.push({
      text: `main-thread event-loop p99 ${loop.toFixed(1)} ms at most, LogDrop in process (< 50 ms)`,
      met: loop < 50,
    })
  }
  checks.push({
    text: 'every run delivered every record exactly once',
    met: ran.every((r) => r.medians.every((m) => m.exactlyOnce)),
  })
  for (const skipped of results.filter((r) => r.skipped !== undefined)) {
    checks.push({ text: `${skipped.group.title}: not run (${skipped.skipped})`, met: false })
  }
  return checks
}

export function formatChecks(checks: readonly Check[]): string[] {
  return checks.map((check) => `  ${check.met ? 'met    ' : 'NOT met'}  ${check.text}`)
}
