import { isScreenId, type ScreenId } from './screens'

/** Which screen shows, and whether focus should move to its heading. */
export interface NavigationState {
  readonly current: ScreenId
  /**
   * Set when the user moves to another screen, so the shell puts focus on the new heading
   * (screen readers then announce it); cleared once done. Never set for the first screen.
   */
  readonly focusHeading: boolean
}

export type NavigationAction =
  { readonly type: 'navigate'; readonly screen: ScreenId } | { readonly type: 'heading-focused' }

/** Where the journey starts. */
export const DEFAULT_SCREEN: ScreenId = 'sign-in'

/** The state for a page opened at a URL fragment (deep links and reloads keep the screen). */
export function initialNavigation(hash: string): NavigationState {
  return { current: screenFromHash(hash) ?? DEFAULT_SCREEN, focusHeading: false }
}

export function navigationReducer(
  state: NavigationState,
  action: NavigationAction,
): NavigationState {
  switch (action.type) {
    case 'navigate':
      return action.screen === state.current
        ? state
        : { current: action.screen, focusHeading: true }
    case 'heading-focused':
      return state.focusHeading ? { ...state, focusHeading: false } : state
  }
}

/** Reads `#/settings` (or `#settings`); null for anything that is not a screen. */
export function screenFromHash(hash: string): ScreenId | null {
  const id = hash.replace(/^#\/?/, '')
  return isScreenId(id) ? id : null
}

/** The URL fragment of a screen. */
export function hashForScreen(screen: ScreenId): string {
  return `#/${screen}`
}
