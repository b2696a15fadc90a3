/** Messages for keeping the person's place in the journey (session.json). */
export const SESSION_MESSAGES = {
  'session/invalid': 'LogDrop could not keep your place: what it was asked to save is not valid.',
  'session/unwritable':
    'LogDrop could not keep your place: the data folder cannot be written. Your work is still here, but a restart would lose your target and mapping edits. Check disk space and permissions.',
} as const
