/** Messages for the contract itself and for bugs. */
export const CORE_MESSAGES = {
  'ipc/unknown-channel': 'The app asked for something this version does not know. Restart LogDrop.',
  'ipc/invalid-payload': 'The app sent a request with invalid data. Nothing was changed.',
  'ipc/untrusted-sender': 'A request came from a page LogDrop does not trust and was refused.',
  'ipc/disconnected': 'Lost the connection to the LogDrop service. Reload the page to reconnect.',
  'internal/bug': 'Something went wrong inside LogDrop. The details are in the log file.',
} as const
