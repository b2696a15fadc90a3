import type { RecentTarget } from '../../../../shared/models/target'

/**
 * How a recent target reads: `dcr-name · Custom-Stream`, or the stream alone when the label
 * says nothing more. Lists saved by earlier versions may hold an upload's label
 * ("a.csv and 1 more → Custom-X") instead of a target's name; that is not shown as one.
 */
export function recentTitle(recent: Pick<RecentTarget, 'label' | 'streamName'>): string {
  const label = recent.label.trim()
  if (label === '' || label === recent.streamName || label.includes(' → ')) return recent.streamName
  return `${label} · ${recent.streamName}`
}
