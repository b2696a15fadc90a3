import { userMessage } from '../errors/messages'
import type { SourceWarningCount } from './upload-job'

/**
 * Source warnings (JobSummary.sourceWarnings) summed over several summaries, and the words
 * the summary screens and the CLI show for them: one place, so both say the same.
 */

/** The counts of several runs or jobs added up by code, in the order first seen. */
export function mergeSourceWarnings(
  lists: ReadonlyArray<readonly SourceWarningCount[] | undefined>,
): SourceWarningCount[] {
  const merged = new Map<SourceWarningCount['code'], SourceWarningCount>()
  for (const list of lists) {
    for (const warning of list ?? []) {
      const seen = merged.get(warning.code)
      merged.set(
        warning.code,
        seen === undefined ? warning : { ...seen, count: seen.count + warning.count },
      )
    }
  }
  return [...merged.values()]
}

/** One sentence per kind of warning: its count, what it means, and the first example. */
export function describeSourceWarnings(list: readonly SourceWarningCount[] | undefined): string[] {
  return (list ?? []).map(
    (warning) =>
      `${warning.count.toLocaleString('en-US')} × ${userMessage(warning.code)} First: ${warning.example}`,
  )
}
