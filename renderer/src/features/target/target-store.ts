import type { AppErrorData } from '../../../../shared/errors/app-error'
import type { SavedTarget } from '../../../../shared/models/session'
import type {
  ConnectionCheck,
  DcrSummary,
  IngestionTarget,
  RecentTarget,
  StreamInfo,
} from '../../../../shared/models/target'
import type { Result } from '../../../../shared/util/result'

/**
 * The target the person chose (where their logs go) and its connection check. Every screen of
 * the journey after Target reads it through useChosenTarget(); this module is the pure part.
 */

/** Where logs go, with what discovery knew about it (columns for the Map screen). */
export interface ChosenTarget {
  readonly target: IngestionTarget
  /** What to call it: the DCR's name when known, else the stream. */
  readonly label: string
  readonly source: 'discovered' | 'manual'
  /** ARM id of the DCR when it came from discovery. */
  readonly dcrId: string | null
  /** The DCR as discovery listed it, when known. */
  readonly dcr: DcrSummary | null
  /** The stream with its declared columns, when known (manual entry does not know them). */
  readonly stream: StreamInfo | null
}

export type CheckStatus = 'unchecked' | 'checking' | 'ready' | 'not-ready' | 'failed'

/** The connection check of the chosen target, for one account. */
export interface CheckState {
  readonly status: CheckStatus
  /** Numbers checks, so a late answer for an earlier target or account is dropped. */
  readonly attempt: number
  /** The account the check ran with (null: none yet). */
  readonly accountId: string | null
  readonly result: ConnectionCheck | null
  /** The request itself failed (not signed in, link down); `result` is null then. */
  readonly error: AppErrorData | null
}

export interface TargetStoreState {
  readonly chosen: ChosenTarget | null
  readonly check: CheckState
}

export type TargetStoreAction =
  | { readonly type: 'chosen'; readonly chosen: ChosenTarget }
  | { readonly type: 'cleared' }
  /** Discovery details arrived for a target chosen without them (e.g. from the recent list). */
  | { readonly type: 'details-loaded'; readonly dcr: DcrSummary }
  | { readonly type: 'check-started'; readonly accountId: string | null }
  | {
      readonly type: 'check-finished'
      readonly attempt: number
      readonly result: Result<ConnectionCheck>
    }

const UNCHECKED: CheckState = {
  status: 'unchecked',
  attempt: 0,
  accountId: null,
  result: null,
  error: null,
}

export const INITIAL_TARGET_STORE: TargetStoreState = { chosen: null, check: UNCHECKED }

/** True when two targets send to the same place (endpoint, DCR and stream). */
export function sameTarget(a: IngestionTarget, b: IngestionTarget): boolean {
  return (
    a.endpoint === b.endpoint &&
    a.dcrImmutableId === b.dcrImmutableId &&
    a.streamName === b.streamName
  )
}

function resetCheck(check: CheckState): CheckState {
  // A new attempt number makes any answer still on its way stale.
  return { ...UNCHECKED, attempt: check.attempt + 1 }
}

export function targetStoreReducer(
  state: TargetStoreState,
  action: TargetStoreAction,
): TargetStoreState {
  switch (action.type) {
    case 'chosen': {
      const same = state.chosen !== null && sameTarget(state.chosen.target, action.chosen.target)
      const chosen =
        same && action.chosen.stream === null && state.chosen !== null
          ? { ...action.chosen, dcr: state.chosen.dcr, stream: state.chosen.stream }
          : action.chosen
      return { chosen, check: same ? state.check : resetCheck(state.check) }
    }
    case 'cleared':
      return { chosen: null, check: resetCheck(state.check) }
    case 'details-loaded': {
      const { chosen } = state
      if (chosen === null) return state
      if (action.dcr.immutableId !== chosen.target.dcrImmutableId) return state
      const stream = action.dcr.streams.find((s) => s.name === chosen.target.streamName) ?? null
      return {
        ...state,
        chosen: {
          ...chosen,
          dcr: action.dcr,
          dcrId: action.dcr.id,
          stream,
          label: action.dcr.name,
        },
      }
    }
    case 'check-started':
      if (state.chosen === null) return state
      return {
        ...state,
        check: {
          ...UNCHECKED,
          status: 'checking',
          attempt: state.check.attempt + 1,
          accountId: action.accountId,
        },
      }
    case 'check-finished': {
      if (action.attempt !== state.check.attempt || state.check.status !== 'checking') return state
      const { result } = action
      if (!result.ok)
        return { ...state, check: { ...state.check, status: 'failed', error: result.error } }
      return {
        ...state,
        check: {
          ...state.check,
          status: result.value.ready ? 'ready' : 'not-ready',
          result: result.value,
        },
      }
    }
  }
}

/**
 * The check as it stands for the active account: a check made with another account says
 * nothing about this one, so it shows as unchecked.
 */
export function checkForAccount(
  state: TargetStoreState,
  activeAccountId: string | null,
): CheckState {
  const { check } = state
  if (check.status === 'unchecked' || check.accountId === activeAccountId) return check
  return { ...UNCHECKED, attempt: check.attempt }
}

/** A stream picked in discovery, as a target; null when its DCR has no ingestion endpoint. */
export function chosenFromStream(dcr: DcrSummary, stream: StreamInfo): ChosenTarget | null {
  if (dcr.ingestion.endpoint === null) return null
  return {
    target: {
      endpoint: dcr.ingestion.endpoint,
      dcrImmutableId: dcr.immutableId,
      streamName: stream.name,
    },
    label: dcr.name,
    source: 'discovered',
    dcrId: dcr.id,
    dcr,
    stream,
  }
}

/** A target typed by hand (already validated). */
export function chosenFromManual(target: IngestionTarget): ChosenTarget {
  return {
    target,
    label: target.streamName,
    source: 'manual',
    dcrId: null,
    dcr: null,
    stream: null,
  }
}

/** A target from the recent list; discovery details are fetched afterwards when it has a DCR id. */
export function chosenFromRecent(recent: RecentTarget): ChosenTarget {
  return {
    target: {
      endpoint: recent.endpoint,
      dcrImmutableId: recent.dcrImmutableId,
      streamName: recent.streamName,
    },
    label: recent.label,
    source: recent.source,
    dcrId: recent.dcrId,
    dcr: null,
    stream: null,
  }
}

/** The chosen target as the session keeps it (discovery details are fetched again). */
export function savedFromChosen(chosen: ChosenTarget): SavedTarget {
  return {
    target: { ...chosen.target },
    label: chosen.label,
    source: chosen.source,
    dcrId: chosen.dcrId,
  }
}

/** A target kept by the session; its DCR's details are fetched afterwards when it has an id. */
export function chosenFromSaved(saved: SavedTarget): ChosenTarget {
  return { ...saved, target: { ...saved.target }, dcr: null, stream: null }
}
