import { compileMapping } from '../../../../shared/mapping/compile-mapping'
import type { Mapping, StreamColumn } from '../../../../shared/mapping/mapping-schema'
import type { FileEntry, FileId } from '../../../../shared/models/files'
import type { InvokeRequest } from '../../../../shared/ipc/contract'
import type { ChosenTarget } from '../target/target-store'
import { toMapping } from '../mapping/mapping-draft'
import type { MappingState } from '../mapping/mapping-state'

/**
 * What the Upload button sends (`jobs:start`), and the checklist that decides whether it may be
 * pressed: signed in, a target whose connection check passed, usable files, and a mapping that
 * compiles for each of them.
 */

/** One shape's mapping, as the plan needs it. */
export interface PlanShape {
  readonly key: string
  readonly label: string
  readonly files: readonly FileEntry[]
  readonly state: MappingState
  readonly columns: readonly StreamColumn[]
  /** The columns are the DCR's (not assumed from the file). */
  readonly declared: boolean
  /** The person's kept edits no longer fit and were replaced by the automatic match. */
  readonly discarded?: boolean
}

export type StepStatus = 'done' | 'todo' | 'working'

export interface PlanStep {
  readonly id: 'account' | 'target' | 'check' | 'files' | 'mapping'
  readonly label: string
  readonly status: StepStatus
  readonly detail: string
  /** Where to fix it. */
  readonly href?: string
}

export interface UploadPlanInput {
  readonly signedIn: boolean
  readonly chosen: ChosenTarget | null
  readonly checkStatus: 'unchecked' | 'checking' | 'ready' | 'not-ready' | 'failed'
  readonly entries: readonly FileEntry[]
  /** Browser uploads still on their way. */
  readonly copying: number
  readonly shapes: readonly PlanShape[]
}

/** A mapping per file id, or why a shape has none yet. */
export function mappingsByFile(shapes: readonly PlanShape[]): {
  readonly byFile: ReadonlyMap<FileId, Mapping>
  readonly problems: readonly string[]
} {
  const byFile = new Map<FileId, Mapping>()
  const problems: string[] = []
  for (const shape of shapes) {
    const draft = shape.state.draft
    if (draft === null) {
      problems.push(`${shape.label}: the mapping is still being made.`)
      continue
    }
    if (shape.discarded === true) {
      problems.push(
        `${shape.label}: your mapping edits were made for other columns and could not be kept; review the mapping on Map.`,
      )
      continue
    }
    const built = toMapping(draft)
    if (!built.ok) {
      problems.push(`${shape.label}: ${built.issues[0]?.message ?? 'the mapping is not valid'}`)
      continue
    }
    // Every record would be empty or constant: nothing of the file would reach the table.
    const readsFile =
      built.mapping.unmappedTo !== undefined ||
      Object.values(built.mapping.columns).some(
        (rule) => rule.source.kind === 'field' || rule.source.kind === 'template',
      )
    if (!readsFile) {
      problems.push(
        `${shape.label}: no column takes a value from the file, so every record would be empty. Map at least one field on Map.`,
      )
      continue
    }
    const compiled = compileMapping(built.mapping, shape.columns)
    if (!compiled.ok) {
      problems.push(`${shape.label}: ${compiled.issues[0]?.message ?? 'the mapping does not fit'}`)
      continue
    }
    for (const file of shape.files) byFile.set(file.id, built.mapping)
  }
  return { byFile, problems }
}

/** The checklist in journey order; the button needs every step done. */
export function planSteps(input: UploadPlanInput): PlanStep[] {
  const accepted = input.entries.filter((entry) => entry.rejection === null)
  const rejected = input.entries.length - accepted.length
  const { byFile, problems } = mappingsByFile(input.shapes)
  const unmapped = accepted.filter((entry) => !byFile.has(entry.id))
  const steps: PlanStep[] = [
    {
      id: 'account',
      label: 'Signed in',
      status: input.signedIn ? 'done' : 'todo',
      detail: input.signedIn ? 'An account is active.' : 'Sign in to send data.',
      href: '#/sign-in',
    },
    {
      id: 'target',
      label: 'Target chosen',
      status: input.chosen === null ? 'todo' : 'done',
      detail:
        input.chosen === null
          ? 'Pick the data collection rule and stream.'
          : `${input.chosen.target.streamName} of ${input.chosen.label}.`,
      href: '#/target',
    },
    {
      id: 'check',
      label: 'Connection check passed',
      status:
        input.checkStatus === 'ready'
          ? 'done'
          : input.checkStatus === 'checking'
            ? 'working'
            : 'todo',
      detail:
        input.checkStatus === 'ready'
          ? 'This account may send to the stream.'
          : input.checkStatus === 'checking'
            ? 'Checking…'
            : input.checkStatus === 'unchecked'
              ? 'Check that this account may send to the stream.'
              : 'The last check did not pass; see Target for the reason.',
    },
    {
      id: 'files',
      label: 'Files ready',
      status: input.copying > 0 ? 'working' : accepted.length > 0 ? 'done' : 'todo',
      detail:
        input.copying > 0
          ? `${input.copying} still being copied to LogDrop.`
          : accepted.length === 0
            ? 'Add at least one file that can be read.'
            : `${accepted.length} ${accepted.length === 1 ? 'file' : 'files'}${rejected > 0 ? `; ${rejected} that cannot be read will be left out` : ''}.`,
      href: '#/files',
    },
    mappingStep(input, accepted.length, unmapped.length, problems),
  ]
  return steps
}

function mappingStep(
  input: UploadPlanInput,
  accepted: number,
  unmapped: number,
  problems: readonly string[],
): PlanStep {
  const base = { id: 'mapping', label: 'Mapping ready', href: '#/map' } as const
  if (accepted === 0) return { ...base, status: 'todo', detail: 'Add files to map first.' }
  if (input.chosen === null) {
    return {
      ...base,
      status: 'todo',
      detail: 'Pick the target: the mapping is made for its columns.',
    }
  }
  if (unmapped === 0) {
    return { ...base, status: 'done', detail: 'Every file has a mapping that fits the stream.' }
  }
  const problem = problems[0]
  return problem === undefined
    ? { ...base, status: 'working', detail: 'Reading the files and matching their columns…' }
    : { ...base, status: 'todo', detail: problem }
}

/** True when every step is done. */
export function canUpload(steps: readonly PlanStep[]): boolean {
  return steps.every((step) => step.status === 'done')
}

/** A label for the upload in history: `sample.csv and 1 more → Custom-AppEvents`. */
export function uploadLabel(files: readonly FileEntry[], stream: string): string {
  const first = files[0]?.name ?? 'files'
  const more = files.length > 1 ? ` and ${files.length - 1} more` : ''
  return `${first}${more} → ${stream}`.slice(0, 200)
}

/** The `jobs:start` request for the plan (null when it is not complete). */
export function startRequest(
  input: UploadPlanInput,
  accountId: string | null,
): InvokeRequest<'jobs:start'> | null {
  const { chosen } = input
  if (chosen === null || !canUpload(planSteps(input))) return null
  const accepted = input.entries.filter((entry) => entry.rejection === null)
  const { byFile } = mappingsByFile(input.shapes)
  const declared = input.shapes.find((shape) => shape.declared)
  const flow = chosen.stream?.flows.find((candidate) => candidate.workspace !== null)
  const workspace = flow?.workspace ?? null
  return {
    files: accepted.map((entry) => ({ fileId: entry.id, mapping: byFile.get(entry.id) ?? null })),
    target: {
      endpoint: chosen.target.endpoint,
      dcrImmutableId: chosen.target.dcrImmutableId,
      streamName: chosen.target.streamName,
    },
    ...(declared === undefined ? {} : { streamColumns: declared.columns.map((c) => ({ ...c })) }),
    ...(workspace === null || flow === undefined
      ? {}
      : { destination: { workspaceId: workspace.workspaceId, table: flow.naming.table } }),
    ...(chosen.dcrId === null ? {} : { dcrId: chosen.dcrId }),
    label: uploadLabel(accepted, chosen.target.streamName),
    ...(accountId === null ? {} : { accountId }),
  }
}
