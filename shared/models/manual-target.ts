import { z } from 'zod'
import type { IngestionTarget } from './target'

/** `dcr-` and 32 hex digits, as Azure shows a DCR's immutable id. */
export const DCR_IMMUTABLE_ID_PATTERN = /^dcr-[0-9a-f]{32}$/

/** A custom (`Custom-`) or built-in (`Microsoft-`) stream name. */
export const STREAM_NAME_PATTERN = /^(Custom|Microsoft)-[A-Za-z0-9_]{1,200}$/

/** What the manual form sends: loose strings, so validation can say what is wrong with each. */
export const manualTargetDraftSchema = z
  .object({
    endpoint: z.string().max(2048),
    dcrImmutableId: z.string().max(200),
    streamName: z.string().max(300),
  })
  .strict()

export type ManualTargetDraft = z.infer<typeof manualTargetDraftSchema>

export interface ManualTargetIssue {
  readonly field: keyof IngestionTarget
  readonly message: string
}

/** Either a target ready to use, or what to fix; hints are advice that does not block. */
export type ManualTargetValidation =
  | { readonly valid: true; readonly target: IngestionTarget; readonly hints: readonly string[] }
  | {
      readonly valid: false
      readonly issues: readonly ManualTargetIssue[]
      readonly hints: readonly string[]
    }

function checkEndpoint(raw: string): string | ManualTargetIssue {
  const text = raw.trim()
  const issue = (message: string): ManualTargetIssue => ({ field: 'endpoint', message })
  if (text === '') return issue('Enter the logs ingestion endpoint (https://…).')
  // URL parsing without the URL global (shared/ has no DOM or Node typings).
  const match = /^https:\/\/([^/?#\s@]+)(\/?)$/i.exec(text)
  if (match === null) {
    if (/^http:\/\//i.test(text)) return issue('The endpoint must use https://.')
    if (!/^https:\/\//i.test(text)) return issue('The endpoint starts with https://.')
    return issue(
      'Enter only the endpoint, without a path: https://<name>.<region>-1.ingest.monitor.azure.com',
    )
  }
  const host = (match[1] ?? '').toLowerCase()
  if (!/^[a-z0-9.-]+(:\d{1,5})?$/.test(host)) return issue('That is not a valid host name.')
  return `https://${host}`
}

function checkImmutableId(raw: string): string | ManualTargetIssue {
  const text = raw.trim().toLowerCase()
  if (text === '') {
    return { field: 'dcrImmutableId', message: 'Enter the DCR immutable ID (dcr-…).' }
  }
  if (DCR_IMMUTABLE_ID_PATTERN.test(text)) return text
  if (text.startsWith('/subscriptions/')) {
    return {
      field: 'dcrImmutableId',
      message:
        'That is the DCR resource id. Use its immutable ID instead: dcr- followed by 32 hex digits (JSON view of the DCR, property immutableId).',
    }
  }
  return {
    field: 'dcrImmutableId',
    message: 'A DCR immutable ID is dcr- followed by 32 hex digits (0-9, a-f).',
  }
}

function checkStream(raw: string): string | ManualTargetIssue {
  const text = raw.trim()
  if (text === '') {
    return { field: 'streamName', message: 'Enter the input stream name (Custom-…).' }
  }
  if (STREAM_NAME_PATTERN.test(text)) return text
  if (/^[A-Za-z0-9_]+$/.test(text)) {
    return {
      field: 'streamName',
      message: `Stream names start with Custom- (for example Custom-${text.replace(/_CL$/, '')}).`,
    }
  }
  return {
    field: 'streamName',
    message: 'A stream name is Custom- followed by letters, digits or underscores.',
  }
}

/**
 * Validates a manually entered target; the same function runs in the form and on the main side.
 *
 * Normalises what is safe to normalise (spaces, a trailing slash, upper-case hex) and explains
 * the usual mix-ups: a resource id for the immutable id, a table name for the stream.
 */
export function validateManualTarget(draft: ManualTargetDraft): ManualTargetValidation {
  const endpoint = checkEndpoint(draft.endpoint)
  const dcrImmutableId = checkImmutableId(draft.dcrImmutableId)
  const streamName = checkStream(draft.streamName)
  const hints: string[] = []
  if (typeof streamName === 'string' && streamName.endsWith('_CL')) {
    hints.push(
      `${streamName} looks like an output stream. You send to the DCR's input stream (often ` +
        `${streamName.replace(/_CL$/, '')}); its transform writes to the _CL table.`,
    )
  }
  if (typeof streamName === 'string' && streamName.startsWith('Microsoft-')) {
    hints.push('Microsoft- streams feed built-in tables; custom logs use a Custom- stream.')
  }
  if (
    typeof endpoint === 'string' &&
    typeof dcrImmutableId === 'string' &&
    typeof streamName === 'string'
  ) {
    return { valid: true, target: { endpoint, dcrImmutableId, streamName }, hints }
  }
  const issues = [endpoint, dcrImmutableId, streamName].filter(
    (value): value is ManualTargetIssue => typeof value !== 'string',
  )
  return { valid: false, issues, hints }
}

/** A validated target as a schema, for requests that take one (e.g. the connection check). */
export const ingestionTargetSchema = manualTargetDraftSchema.transform((draft, ctx) => {
  const result = validateManualTarget(draft)
  if (result.valid) return result.target
  for (const issue of result.issues) {
    ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message })
  }
  return z.NEVER
})
