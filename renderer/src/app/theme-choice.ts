import type { ThemeChoice } from '../../../shared/models/settings'

/** The three Fluent themes LogDrop ships. */
export type ThemeKind = 'light' | 'dark' | 'high-contrast'

/** What the operating system asks for, read from media queries. */
export interface SystemAppearance {
  readonly prefersDark: boolean
  /** Windows High Contrast and other forced-colour modes. */
  readonly forcedColors: boolean
}

/**
 * The theme to render. `system` follows the OS: forced colours win (people who need them need
 * them everywhere), then the dark/light preference. An explicit choice is always honoured.
 */
export function resolveTheme(choice: ThemeChoice, system: SystemAppearance): ThemeKind {
  switch (choice) {
    case 'light':
    case 'dark':
    case 'high-contrast':
      return choice
    case 'system':
      if (system.forcedColors) return 'high-contrast'
      return system.prefersDark ? 'dark' : 'light'
  }
}

/** Names shown in the theme pickers. */
export const THEME_LABELS: Readonly<Record<ThemeChoice, string>> = {
  system: 'Match the system',
  light: 'Light',
  dark: 'Dark',
  'high-contrast': 'High contrast',
}
