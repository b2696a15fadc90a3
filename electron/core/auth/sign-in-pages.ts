/**
 * The pages msal's loopback server shows in the browser after sign-in. Self-contained (no
 * scripts, no remote resources) so they work offline and under any CSP.
 */
function page(title: string, text: string): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${title}</title>`,
    '<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:32rem;padding:0 1rem}</style>',
    `</head><body><h1>${title}</h1><p>${text}</p></body></html>`,
  ].join('')
}

export const SIGN_IN_SUCCESS_PAGE = page(
  'Signed in to LogDrop',
  'You can close this tab and return to LogDrop.',
)

export const SIGN_IN_ERROR_PAGE = page(
  'LogDrop sign-in did not finish',
  'You can close this tab. LogDrop shows what happened and lets you try again.',
)
