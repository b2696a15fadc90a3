/** What happened during one measurement window. */
export interface GzipWindow {
  /** Wall-clock length of the window. */
  readonly windowMs: number
  /** Time the producer spent waiting for a free request slot. */
  readonly producerWaitMs: number
  /** Time spent compressing (summed over requests; it runs on the upload worker). */
  readonly compressMs: number
  /** Time requests spent on the network, from first byte out to the answer (summed). */
  readonly networkMs: number
  /** Uncompressed JSON bytes of the requests answered in the window. */
  readonly jsonBytes: number
  /** Bytes those requests put on the wire (gzip or plain). */
  readonly wireBytes: number
  /** JSON bytes of the answered requests that were compressed. */
  readonly gzipJsonBytes: number
  /**
   * Their wire bytes and compression time as level 1 would have had them (each request's
   * figures scaled by its own level), so a window that spans a change still measures one thing.
   */
  readonly gzipL1WireBytes: number
  readonly gzipL1CompressMs: number
  readonly requests: number
  /** Request slots the run may use (the live concurrency limit). */
  readonly slots: number
}

export interface GzipBounds {
  readonly min: number
  readonly max: number
}

/**
 * `auto` picks within 0..7. Level 0 means no compression at all (no Content-Encoding): when the
 * link is fast and the CPU is what limits (a LAN, the local emulator), compressing only burns
 * cycles on both ends. Above 7, zlib costs about twice the CPU for no smaller body on log JSON.
 */
export const AUTO_GZIP_BOUNDS: GzipBounds = { min: 0, max: 7 }

/**
 * Where `auto` starts: level 1 gets about 92 % of level 6's ratio for half its CPU, so a slow
 * link is used well from the first request, and a fast one pays for it only until the first
 * window closes (a quarter of a second or so).
 */
export const AUTO_GZIP_START = 1

/**
 * Each level's ratio and CPU cost relative to level 1, measured with Node's zlib on 1 MB bodies
 * of log records (`scripts/bench/generate-data.ts`). Only the shape matters: the tuner scales
 * them by what it measures at the level in use.
 */
const RELATIVE_RATIO = [0, 1, 1.006, 1.016, 1.027, 1.072, 1.087, 1.143, 1.159, 1.159]
const RELATIVE_COST = [0, 1, 1.2, 1.1, 1.47, 1.6, 2.1, 2.5, 4.4, 4.7]

/** Before anything is measured: level 1 makes log JSON about 6 times smaller at ~3 ms per MB. */
const PRIOR_RATIO_L1 = 6
const PRIOR_COST_L1_MS_PER_BYTE = 3 / 1e6

/** A window needs this much evidence before it moves the level. */
const MIN_WINDOW_MS = 250
const MIN_REQUESTS = 4
/** The producer waited this share of the window, or this share of slots was busy: link-bound. */
const SATURATED_WAIT_SHARE = 0.3
const SATURATED_SLOT_SHARE = 0.85
/** A plain request must take this much longer than compressed ones to show a bandwidth limit. */
const PROBE_MIN_EXTRA_MS = 5
/** Windows in a row with the wire not full before the link is probed again. */
const REPROBE_AFTER_WINDOWS = 4
/** A level must promise this much more throughput than the current one to replace it. */
const HYSTERESIS = 1.05
/** Among levels within this share of the best, the cheapest wins (less CPU on both ends). */
const GOOD_ENOUGH = 0.98

/** What the tuner learnt so far about compression on this data. */
export interface GzipModel {
  /** Level 1's ratio (JSON bytes / gzip bytes) on this data. */
  readonly ratioL1: number
  /** Level 1's compression time per JSON byte on this machine. */
  readonly costL1MsPerByte: number
}

export const PRIOR_GZIP_MODEL: GzipModel = {
  ratioL1: PRIOR_RATIO_L1,
  costL1MsPerByte: PRIOR_COST_L1_MS_PER_BYTE,
}

/** Input bytes per ms a level allows: the link's share and the producer's own limit. */
export interface LevelForecast {
  readonly level: number
  /** JSON bytes/ms the link carries at this level's ratio. */
  readonly linkRate: number
  /** JSON bytes/ms the upload worker produces when it also compresses at this level. */
  readonly cpuRate: number
}

/** The model after one window: what the compressed requests showed about ratio and cost. */
export function learnGzipModel(model: GzipModel, window: GzipWindow): GzipModel {
  if (window.gzipJsonBytes <= 0 || window.gzipL1WireBytes <= 0) return model
  return {
    ratioL1: window.gzipJsonBytes / window.gzipL1WireBytes,
    costL1MsPerByte: window.gzipL1CompressMs / window.gzipJsonBytes,
  }
}

/** A level's ratio over level 1's and its CPU cost over level 1's. */
export function relativeGzip(level: number): { readonly ratio: number; readonly cost: number } {
  return { ratio: RELATIVE_RATIO[level] ?? 1, cost: RELATIVE_COST[level] ?? 1 }
}

/**
 * What each level would give, from one window at `current`.
 *
 * The link: its capacity in wire bytes per ms (`linkWireRate`, see GzipTuner) times each
 * level's ratio. The CPU: the producer's busy time other than compressing, per JSON byte, plus
 * each level's compression cost.
 */
export function forecastLevels(
  window: GzipWindow,
  model: GzipModel,
  linkWireRate: number,
  bounds: GzipBounds,
): LevelForecast[] {
  const busyMs = Math.max(0, window.windowMs - window.producerWaitMs - window.compressMs)
  const otherMsPerByte = busyMs / Math.max(1, window.jsonBytes)
  const forecasts: LevelForecast[] = []
  for (let level = bounds.min; level <= bounds.max; level++) {
    const relative = relativeGzip(level)
    const ratio = level === 0 ? 1 : model.ratioL1 * relative.ratio
    const costMsPerByte = level === 0 ? 0 : model.costL1MsPerByte * relative.cost
    forecasts.push({
      level,
      linkRate: linkWireRate * ratio,
      cpuRate: 1 / Math.max(1e-9, otherMsPerByte + costMsPerByte),
    })
  }
  return forecasts
}

/** Whether the wire was full in this window (see forecastLevels). */
export function isLinkSaturated(window: GzipWindow): boolean {
  const waitShare = window.producerWaitMs / window.windowMs
  const slotsInUse = window.networkMs / window.windowMs
  return waitShare >= SATURATED_WAIT_SHARE || slotsInUse >= window.slots * SATURATED_SLOT_SHARE
}

/** A plain request and the compressed ones answered beside it, for `probeLinkRate`. */
export interface LinkProbe {
  /** The plain request's network time and wire bytes. */
  readonly plainMs: number
  readonly plainBytes: number
  /** The compressed requests' mean network time and wire bytes. */
  readonly gzipMs: number
  readonly gzipBytes: number
  /** Requests in flight on average (they share the link's bandwidth). */
  readonly slotsInUse: number
}

/**
 * The link's capacity in wire bytes per ms from one plain request sent among compressed ones:
 * on a link limited by bandwidth the plain one, several times larger, takes visibly longer
 * (its extra bytes at the request's share of the link); on a fast or only distant one it takes
 * about as long, and the capacity is unlimited (Infinity).
 */
export function probeLinkRate(probe: LinkProbe): number {
  const extraMs = probe.plainMs - probe.gzipMs
  const extraBytes = probe.plainBytes - probe.gzipBytes
  if (extraBytes <= 0 || extraMs <= Math.max(PROBE_MIN_EXTRA_MS, probe.gzipMs * 0.25)) {
    return Number.POSITIVE_INFINITY
  }
  return (extraBytes / extraMs) * Math.max(1, probe.slotsInUse)
}

const throughput = (forecast: LevelForecast) => Math.min(forecast.linkRate, forecast.cpuRate)

/**
 * The gzip level for the next window: the cheapest level within 2 % of the best forecast
 * throughput, moved to only when it promises 5 % more than the current one (so the level
 * does not flap between two that are about as good). Jumps straight to it: a slow link gets
 * its level in one window, not one level per window. `linkWireRate` is the link's capacity in
 * wire bytes per ms (Infinity: the link does not limit).
 */
export function nextGzipLevel(
  current: number,
  window: GzipWindow,
  model: GzipModel,
  linkWireRate: number,
  bounds: GzipBounds,
): number {
  if (window.windowMs < MIN_WINDOW_MS || window.requests < MIN_REQUESTS) return current
  if (window.jsonBytes <= 0 || window.wireBytes <= 0) return current
  const forecasts = forecastLevels(window, model, linkWireRate, bounds)
  const best = Math.max(...forecasts.map(throughput))
  const pick = forecasts.find((forecast) => throughput(forecast) >= best * GOOD_ENOUGH)
  const now = forecasts.find((forecast) => forecast.level === current)
  if (pick === undefined || now === undefined) return current
  return throughput(pick) >= throughput(now) * HYSTERESIS ? pick.level : current
}

/** One answered request, as the tuner sees it. */
export interface GzipSample {
  readonly compressMs: number
  readonly networkMs: number
  readonly jsonBytes: number
  readonly wireBytes: number
  /** The request's gzip level (0: sent plain). */
  readonly level: number
}

interface Sums {
  compressMs: number
  networkMs: number
  jsonBytes: number
  wireBytes: number
  requests: number
  gzipJsonBytes: number
  gzipL1WireBytes: number
  gzipL1CompressMs: number
  /** Compressed and plain requests' own network time and wire bytes (for the probe). */
  gzipRequests: number
  gzipNetworkMs: number
  gzipWireBytes: number
  plainRequests: number
  plainNetworkMs: number
  plainWireBytes: number
}

const emptySums = (): Sums => ({
  compressMs: 0,
  networkMs: 0,
  jsonBytes: 0,
  wireBytes: 0,
  requests: 0,
  gzipJsonBytes: 0,
  gzipL1WireBytes: 0,
  gzipL1CompressMs: 0,
  gzipRequests: 0,
  gzipNetworkMs: 0,
  gzipWireBytes: 0,
  plainRequests: 0,
  plainNetworkMs: 0,
  plainWireBytes: 0,
})

/**
 * Picks the gzip level of each request. A fixed level (a number in the settings) never moves.
 *
 * `auto` measures the link instead of climbing towards it: it starts at level 1, and the link's
 * capacity comes from a window where the wire was full (what it carried), or from one plain
 * request sent among the compressed ones (`probeLinkRate`): one request's worth of plain bytes,
 * not a window of them. At the end of each window it jumps to the level the forecast favours
 * (`nextGzipLevel`). When the wire has not been full for a few windows (the capacity may be
 * stale, e.g. measured while start-up held the slots), it probes again.
 */
export class GzipTuner {
  private level: number
  private model: GzipModel = PRIOR_GZIP_MODEL
  /** Wire bytes per ms the link carries (Infinity: it does not limit; undefined: unknown). */
  private linkWireRate: number | undefined
  /**
   * The request that measures the link, at the other kind than the window's (plain among
   * compressed ones, or compressed among plain ones): to send, in flight, or answered.
   */
  private probe: 'idle' | 'wanted' | 'sent' | { readonly ms: number; readonly bytes: number } =
    'wanted'
  private probeLevel = 0
  private windowsNotFull = 0
  private windowStart: number
  private waitAtStart: number
  private sums: Sums = emptySums()
  /** Levels used, in order of change (for the summary; capped). */
  readonly history: number[]

  constructor(
    private readonly choice: 'auto' | number,
    nowMs: number,
    waitedMs: number,
  ) {
    this.level = choice === 'auto' ? AUTO_GZIP_START : choice
    this.history = [this.level]
    this.windowStart = nowMs
    this.waitAtStart = waitedMs
  }

  /** The level of the current window. */
  get current(): number {
    return this.level
  }

  /** The level for the next request: the window's, or once the other kind, as a probe. */
  levelForRequest(): number {
    if (this.choice === 'auto' && this.probe === 'wanted') {
      this.probe = 'sent'
      this.probeLevel = this.level === 0 ? 1 : 0
      return this.probeLevel
    }
    return this.level
  }

  /** Records one answered attempt. */
  record(sample: GzipSample): void {
    const sums = this.sums
    sums.compressMs += sample.compressMs
    sums.networkMs += sample.networkMs
    sums.jsonBytes += sample.jsonBytes
    sums.wireBytes += sample.wireBytes
    sums.requests += 1
    if (sample.level > 0) {
      const relative = relativeGzip(sample.level)
      sums.gzipJsonBytes += sample.jsonBytes
      sums.gzipL1WireBytes += sample.wireBytes * relative.ratio
      sums.gzipL1CompressMs += sample.compressMs / relative.cost
    }
    if (this.probe === 'sent' && sample.level === this.probeLevel) {
      this.probe = { ms: sample.networkMs, bytes: sample.wireBytes }
    } else if (sample.level > 0) {
      sums.gzipRequests += 1
      sums.gzipNetworkMs += sample.networkMs
      sums.gzipWireBytes += sample.wireBytes
    } else {
      sums.plainRequests += 1
      sums.plainNetworkMs += sample.networkMs
      sums.plainWireBytes += sample.wireBytes
    }
  }

  /**
   * Closes the window when it is long enough; `waitedMs` is the gate's running total, `slots`
   * the live concurrency limit.
   */
  tick(nowMs: number, waitedMs: number, slots: number): void {
    if (this.choice !== 'auto') return
    const sums = this.sums
    const window: GzipWindow = {
      windowMs: nowMs - this.windowStart,
      producerWaitMs: waitedMs - this.waitAtStart,
      ...sums,
      slots,
    }
    if (window.windowMs < MIN_WINDOW_MS || window.requests < MIN_REQUESTS) return
    this.model = learnGzipModel(this.model, window)
    this.learnLink(window)
    if (this.linkWireRate !== undefined) {
      const next = nextGzipLevel(
        this.level,
        window,
        this.model,
        this.linkWireRate,
        AUTO_GZIP_BOUNDS,
      )
      if (next !== this.level) {
        this.level = next
        if (this.history.length < 64) this.history.push(next)
      }
    }
    this.windowStart = nowMs
    this.waitAtStart = waitedMs
    this.sums = emptySums()
  }

  private learnLink(window: GzipWindow): void {
    const probed = this.probeResult(window)
    const saturated = isLinkSaturated(window)
    if (probed !== undefined) {
      // A full wire measures a bandwidth limit better than a probe; a probe only overrules it
      // by showing there is none.
      const measured = this.linkWireRate !== undefined && this.linkWireRate !== Infinity
      if (!measured || probed === Number.POSITIVE_INFINITY) this.linkWireRate = probed
      this.probe = 'idle'
      this.windowsNotFull = 0
    }
    if (saturated && this.level > 0) {
      this.linkWireRate = window.wireBytes / window.windowMs
      this.windowsNotFull = 0
    } else if (saturated) {
      // Plain bodies filled the slots: too many bytes, or a slow answer? A compressed request
      // among them tells which.
      if (this.probe === 'idle') this.probe = 'wanted'
      this.windowsNotFull = 0
    } else if (probed === undefined) {
      // Not full: the link carries at least this much.
      if (this.linkWireRate !== undefined) {
        this.linkWireRate = Math.max(this.linkWireRate, window.wireBytes / window.windowMs)
      }
      this.windowsNotFull += 1
      if (this.windowsNotFull >= REPROBE_AFTER_WINDOWS && this.probe === 'idle' && this.level > 0) {
        this.probe = 'wanted'
        this.windowsNotFull = 0
      }
    }
  }

  /** The link's rate from an answered probe and the window's requests of the other kind. */
  private probeResult(window: GzipWindow): number | undefined {
    if (typeof this.probe !== 'object') return undefined
    const sums = this.sums
    const slotsInUse = window.networkMs / window.windowMs
    if (this.probeLevel === 0 && sums.gzipRequests > 0) {
      return probeLinkRate({
        plainMs: this.probe.ms,
        plainBytes: this.probe.bytes,
        gzipMs: sums.gzipNetworkMs / sums.gzipRequests,
        gzipBytes: sums.gzipWireBytes / sums.gzipRequests,
        slotsInUse,
      })
    }
    if (this.probeLevel > 0 && sums.plainRequests > 0) {
      return probeLinkRate({
        plainMs: sums.plainNetworkMs / sums.plainRequests,
        plainBytes: sums.plainWireBytes / sums.plainRequests,
        gzipMs: this.probe.ms,
        gzipBytes: this.probe.bytes,
        slotsInUse,
      })
    }
    return undefined
  }
}
