import type { Mapping } from '../../../../shared/mapping/mapping-schema'
import type { SavedMapping } from '../../../../shared/models/session'
import type { MappingDraft } from '../mapping/mapping-draft'
import type { MappingState } from '../mapping/mapping-state'

type Saved = Readonly<Record<string, SavedMapping>>

/**
 * The mappings the session keeps after the Map state changed: the person's edits of each open
 * shape (as mapping JSON, the one model the upload uses), nothing for a shape they reset or
 * saved as a profile, and, untouched, what belongs to shapes not open yet or whose kept edits
 * no longer fit (those wait for the person to accept the new match). A draft that does not
 * build yet (a half-typed format) keeps the last good one. Answers `saved` itself when nothing
 * changed, so no write follows.
 */
export function savedMappingsAfter(
  saved: Saved,
  mappings: Readonly<Record<string, MappingState>>,
  build: (draft: MappingDraft) => Mapping | null,
): Saved {
  const next: Record<string, SavedMapping> = { ...saved }
  for (const [shape, state] of Object.entries(mappings)) {
    if (state.key === null || state.draft === null) continue
    const kept = saved[shape]
    if (!state.edited) {
      if (kept?.key === state.key) delete next[shape]
      continue
    }
    const mapping = build(state.draft)
    if (mapping !== null) next[shape] = { key: state.key, mapping }
  }
  return JSON.stringify(next) === JSON.stringify(saved) ? saved : next
}
