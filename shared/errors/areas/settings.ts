/** Messages for reading and saving settings. */
export const SETTINGS_MESSAGES = {
  'settings/invalid': 'Those settings are not valid. Check the highlighted values.',
  'settings/unwritable':
    'LogDrop could not save your settings: the data folder cannot be written. Check disk space and permissions.',
} as const
