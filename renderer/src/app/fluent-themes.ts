import {
  teamsHighContrastTheme,
  webDarkTheme,
  webLightTheme,
  type Theme,
} from '@fluentui/react-components'
import type { ThemeKind } from './theme-choice'

/** Fluent's own themes: the web ones Azure users know, and Teams' high-contrast one. */
export const FLUENT_THEMES: Readonly<Record<ThemeKind, Theme>> = {
  light: webLightTheme,
  dark: webDarkTheme,
  'high-contrast': teamsHighContrastTheme,
}
