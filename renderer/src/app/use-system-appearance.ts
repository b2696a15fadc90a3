import { useMemo, useSyncExternalStore } from 'react'
import type { SystemAppearance } from './theme-choice'

const DARK = '(prefers-color-scheme: dark)'
const FORCED = '(forced-colors: active)'

function subscribe(onChange: () => void): () => void {
  const queries = [DARK, FORCED].map((query) => window.matchMedia(query))
  for (const query of queries) query.addEventListener('change', onChange)
  return () => {
    for (const query of queries) query.removeEventListener('change', onChange)
  }
}

/** A string snapshot, so React sees the same value until a media query really changes. */
function snapshot(): string {
  const dark = window.matchMedia(DARK).matches ? 'dark' : 'light'
  const forced = window.matchMedia(FORCED).matches ? 'forced' : 'normal'
  return `${dark} ${forced}`
}

/** The OS colour scheme and forced-colours mode, live. */
export function useSystemAppearance(): SystemAppearance {
  const value = useSyncExternalStore(subscribe, snapshot)
  return useMemo(
    () => ({ prefersDark: value.startsWith('dark'), forcedColors: value.endsWith('forced') }),
    [value],
  )
}
