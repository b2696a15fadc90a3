import type { FailedKindView } from '../../../../shared/models/history'
import { causeLabel } from './failure-causes'

/** What went wrong, in a few words, by error code (validation failures). */
const CODE_WORDS: Readonly<Record<string, string>> = {
  'mapping/coercion-failed': 'value of the wrong type',
  'mapping/required-missing': 'no value',
  'mapping/no-mapped-value': 'nothing of the file mapped',
  'mapping/time-outside-window': 'time outside the window',
  'mapping/field-too-large': 'value over 64 KB',
}

/**
 * A kind of failure as the workbench names it: `Level: value of the wrong type`, or the cause's
 * title when the failure has no column (parse errors, service answers, older records).
 */
export function kindLabel(kind: Pick<FailedKindView, 'cause' | 'code' | 'column'>): string {
  const words = kind.code === null ? undefined : CODE_WORDS[kind.code]
  if (kind.column === null) return words ?? causeLabel(kind.cause)
  return `${kind.column}: ${words ?? causeLabel(kind.cause).toLowerCase()}`
}
