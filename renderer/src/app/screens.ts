/**
 * Every screen of the app, in navigation order, and which of them are still waiting for their
 * issue. The nav, the router and the "not built yet" notices all read this one registry.
 */
export const SCREEN_IDS = [
  'sign-in',
  'target',
  'files',
  'map',
  'upload',
  'failed-records',
  'history',
  'settings',
  'diagnostics',
] as const

export type ScreenId = (typeof SCREEN_IDS)[number]

/** Nav sections: the journey in order, what comes after it, and the app itself. */
export type ScreenGroup = 'journey' | 'results' | 'app'

export interface ScreenInfo {
  readonly id: ScreenId
  /** Nav label and the screen's h1. */
  readonly label: string
  readonly group: ScreenGroup
  /** One sentence under the heading saying what the screen is for. */
  readonly summary: string
}

export const SCREEN_GROUP_LABELS: Readonly<Record<ScreenGroup, string>> = {
  journey: 'Upload journey',
  results: 'Results',
  app: 'App',
}

export const SCREENS: readonly ScreenInfo[] = [
  {
    id: 'sign-in',
    label: 'Sign in',
    group: 'journey',
    summary:
      'Sign in with your Azure account, or to the local emulator, so LogDrop can find where your logs can go.',
  },
  {
    id: 'target',
    label: 'Target',
    group: 'journey',
    summary:
      'Pick the data collection rule and stream your logs go to, and check that you are allowed to send to it.',
  },
  {
    id: 'files',
    label: 'Files',
    group: 'journey',
    summary:
      'Add JSON, NDJSON and CSV files. LogDrop detects format and encoding and previews the first records.',
  },
  {
    id: 'map',
    label: 'Map',
    group: 'journey',
    summary:
      "Match file columns to the stream's columns, with type checks, a TimeGenerated assistant and saved profiles.",
  },
  {
    id: 'upload',
    label: 'Upload',
    group: 'journey',
    summary:
      'Send the mapped records in right-sized, compressed batches, with progress, pause, resume and cancel.',
  },
  {
    id: 'failed-records',
    label: 'Failed records',
    group: 'results',
    summary:
      'Records that the mapping or Azure refused, grouped by cause, to fix, export or retry.',
  },
  {
    id: 'history',
    label: 'History',
    group: 'results',
    summary:
      'Past and interrupted uploads: resume them, and verify how many rows landed in the workspace.',
  },
  {
    id: 'settings',
    label: 'Settings',
    group: 'app',
    summary: 'Cloud, sign-in application, upload tuning and appearance.',
  },
  {
    id: 'diagnostics',
    label: 'Diagnostics',
    group: 'app',
    summary:
      'What is running, where its data lives, and a test of the link to the LogDrop service.',
  },
]

/** The registry entry of a screen. */
export function screenInfo(id: ScreenId): ScreenInfo {
  const info = SCREENS.find((screen) => screen.id === id)
  if (info === undefined) throw new Error(`screen missing from SCREENS: ${id}`)
  return info
}

/** True when a string names a screen (for parsing URLs). */
export function isScreenId(value: string): value is ScreenId {
  return (SCREEN_IDS as readonly string[]).includes(value)
}
