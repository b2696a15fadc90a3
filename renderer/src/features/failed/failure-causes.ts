import { FAILURE_CAUSES, type FailureCause } from '../../../../shared/models/upload-job'

/**
 * Failure causes in words: a title per group on the Failed records screen, and what to do
 * about the records in it.
 */
export interface CauseInfo {
  readonly title: string
  readonly advice: string
  /** Editing the record can fix it (as opposed to a permission or network problem). */
  readonly editable: boolean
}

export const CAUSES: Readonly<Record<FailureCause, CauseInfo>> = {
  parse: {
    title: 'Could not be read',
    advice:
      'The file has an entry that is not a valid record (a broken line or row). Type the record as it should be, or fix the file and upload it again.',
    editable: true,
  },
  validation: {
    title: 'Did not fit the stream',
    advice:
      'A value could not be converted to its column’s type, or a required value is missing. Fix the record (or the mapping) and retry.',
    editable: true,
  },
  oversize: {
    title: 'Too large',
    advice:
      'The record is larger than one request may carry (about 1 MB) or a value is over 64 KB. Shorten it and retry.',
    editable: true,
  },
  'http-400': {
    title: 'Refused by Azure (400)',
    advice:
      'Azure found the request invalid, often a value that does not match the stream’s column type. Check the error and the record, fix it and retry.',
    editable: true,
  },
  'http-403': {
    title: 'Not allowed (403)',
    advice:
      'The account may not send to this data collection rule. Ask for the Monitoring Metrics Publisher role on it (it can take up to 30 minutes to apply), then retry.',
    editable: false,
  },
  'http-404': {
    title: 'Rule or stream not found (404)',
    advice: 'Check the endpoint, the rule’s immutable ID and the stream name, then retry.',
    editable: false,
  },
  'http-413': {
    title: 'Request too large (413)',
    advice: 'Azure refused the size even after splitting. Shorten the record and retry.',
    editable: true,
  },
  'http-other': {
    title: 'Other service error',
    advice:
      'Azure answered with an unexpected error; the status and request ID help Microsoft support. Retry later.',
    editable: false,
  },
  'throttling-exhausted': {
    title: 'Throttled too long',
    advice:
      'Azure kept asking LogDrop to slow down (429) until the retry budget ran out. Retry when there is less traffic, or lower the concurrency in Settings.',
    editable: false,
  },
  'server-error': {
    title: 'Service unavailable (5xx)',
    advice: 'Azure had a temporary problem. Retry in a few minutes.',
    editable: false,
  },
  network: {
    title: 'Network problem',
    advice: 'The endpoint could not be reached. When the network is back, retry.',
    editable: false,
  },
  auth: {
    title: 'Sign-in refused (401)',
    advice: 'Azure did not accept the sign-in. Sign in again, then retry.',
    editable: false,
  },
}

/** The title of a cause, or the raw value for one this version does not know. */
export function causeLabel(cause: string): string {
  return (FAILURE_CAUSES as readonly string[]).includes(cause)
    ? CAUSES[cause as FailureCause].title
    : cause
}
