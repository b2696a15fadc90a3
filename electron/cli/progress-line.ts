import type { JobProgress } from '../../shared/models/upload-job'

/** 1234567 → "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit += 1
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

/** 83000 → "1:23"; 3723000 → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m)
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`
}

const number = new Intl.NumberFormat('en-US')

/**
 * One terminal line: bar, bytes, rate, records accepted and failed, ETA. Fits `width`
 * columns (the bar shrinks first).
 */
export function progressLine(progress: JobProgress, width = 100): string {
  const ratio = progress.bytesTotal > 0 ? Math.min(1, progress.bytesRead / progress.bytesTotal) : 0
  const state = progress.state === 'paused' ? ' paused' : ''
  const eta = progress.etaMs === null ? '' : `  ETA ${formatDuration(progress.etaMs)}`
  const tail =
    ` ${String(Math.floor(ratio * 100)).padStart(3)}%` +
    `  ${formatBytes(progress.bytesRead)}/${formatBytes(progress.bytesTotal)}` +
    `  ${formatBytes(progress.bytesPerSecond)}/s` +
    `  ok ${number.format(progress.recordsAccepted)}` +
    `  failed ${number.format(progress.recordsFailed)}${eta}${state}`
  const barWidth = Math.max(0, Math.min(30, width - tail.length - 3))
  if (barWidth < 5) return tail.trimStart().slice(0, width)
  const filled = Math.round(ratio * barWidth)
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${tail}`
}
