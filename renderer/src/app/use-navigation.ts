import { useCallback, useEffect, useReducer } from 'react'
import {
  hashForScreen,
  initialNavigation,
  navigationReducer,
  screenFromHash,
  type NavigationState,
} from './navigation-state'
import type { ScreenId } from './screens'

export interface Navigation {
  readonly state: NavigationState
  navigate(screen: ScreenId): void
  /** The shell calls this once it has moved focus to the new screen's heading. */
  headingFocused(): void
}

/**
 * The current screen, kept in the URL fragment (`#/settings`) so reloads, deep links and the
 * Back button work, in Electron's file:// page as in the browser host.
 */
export function useNavigation(): Navigation {
  const [state, dispatch] = useReducer(navigationReducer, window.location.hash, initialNavigation)

  useEffect(() => {
    const follow = () => {
      const screen = screenFromHash(window.location.hash)
      if (screen !== null) dispatch({ type: 'navigate', screen })
    }
    window.addEventListener('hashchange', follow)
    return () => window.removeEventListener('hashchange', follow)
  }, [])

  const { current } = state
  useEffect(() => {
    const hash = hashForScreen(current)
    if (window.location.hash === hash) return
    // The first screen replaces a bare URL; later moves add history entries for Back.
    if (screenFromHash(window.location.hash) === null) window.history.replaceState(null, '', hash)
    else window.history.pushState(null, '', hash)
  }, [current])

  const navigate = useCallback((screen: ScreenId) => dispatch({ type: 'navigate', screen }), [])
  const headingFocused = useCallback(() => dispatch({ type: 'heading-focused' }), [])
  return { state, navigate, headingFocused }
}
