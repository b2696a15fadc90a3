import type { ColumnDraft } from './mapping-draft'

/**
 * How a row's match is shown: a badge with the kind of match and its confidence, a sentence for
 * screen readers and the tooltip, and whether the person should look at it before uploading.
 */
export interface MatchBadge {
  readonly label: string
  readonly color: 'success' | 'informative' | 'warning' | 'danger' | 'subtle'
  readonly description: string
  /** A weak automatic match (fuzzy, or a source whose values do not fit the type). */
  readonly needsReview: boolean
}

/** Below this an automatic match is flagged for review. */
export const REVIEW_BELOW = 0.75

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`
}

/** The badge for one row of the mapping. */
export function matchBadge(row: ColumnDraft): MatchBadge {
  if (row.origin === 'user') {
    return {
      label: 'Your choice',
      color: 'informative',
      description: `${row.column}: chosen by you.`,
      needsReview: false,
    }
  }
  if (row.origin === 'profile') {
    return {
      label: 'From profile',
      color: 'informative',
      description: `${row.column}: taken from the saved profile.`,
      needsReview: false,
    }
  }
  const suggestion = row.suggestion
  if (suggestion?.match === 'values') {
    const shown = percent(suggestion.confidence)
    const from = suggestion.template ?? suggestion.source ?? ''
    return {
      label: `By its values · ${shown}`,
      color: suggestion.confidence < REVIEW_BELOW ? 'warning' : 'informative',
      description: `${row.column} comes from ${from}, whose values read as times${suggestion.date === undefined ? '' : ` in the format ${suggestion.date}`} (${shown} sure).${suggestion.note === undefined ? '' : ` ${suggestion.note}`}`,
      needsReview: suggestion.confidence < REVIEW_BELOW || suggestion.note !== undefined,
    }
  }
  if (suggestion === null || suggestion.source === null) {
    return {
      label: 'Not matched',
      color: 'subtle',
      description: `${row.column}: no source field matched; pick one, a constant or now, or leave it empty.`,
      needsReview: false,
    }
  }
  const { confidence, match, source } = suggestion
  const shown = percent(confidence)
  const low = confidence < REVIEW_BELOW
  switch (match) {
    case 'exact':
      return {
        label: `Exact · ${shown}`,
        color: low ? 'warning' : 'success',
        description: `${row.column} matched ${source} by its exact name (${shown} sure).`,
        needsReview: low,
      }
    case 'case-insensitive':
    case 'normalised':
      return {
        label: `Same name · ${shown}`,
        color: low ? 'warning' : 'success',
        description: `${row.column} matched ${source}: the same name written differently (${shown} sure).`,
        needsReview: low,
      }
    case 'synonym':
      return {
        label: `Synonym · ${shown}`,
        color: low ? 'warning' : 'informative',
        description: `${row.column} matched ${source}, a common synonym (${shown} sure). Check it.`,
        needsReview: low,
      }
    default:
      return {
        label: `Similar name · ${shown}`,
        color: 'warning',
        description: `${row.column} matched ${source} only by a similar name (${shown} sure). Check it.`,
        needsReview: true,
      }
  }
}
