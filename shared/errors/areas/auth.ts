/** Messages for signing in and getting tokens. */
export const AUTH_MESSAGES = {
  'auth/not-signed-in': 'Sign in with an Azure account first.',
  'auth/sign-in-required':
    'Your sign-in has expired or needs to be confirmed again. Sign in again to continue; nothing was sent.',
  'auth/sign-in-pending':
    'A sign-in is already waiting. Finish it in the browser, or cancel it first.',
  'auth/cancelled': 'Sign-in was cancelled.',
  'auth/timed-out': 'Sign-in took too long and was stopped. Start it again when you are ready.',
  'auth/sign-in-failed':
    'Sign-in did not succeed. Check the tenant and client id in Settings, then try again.',
  'auth/browser-refused':
    'LogDrop refused to open a sign-in page that is not on the configured sign-in authority.',
  'auth/browser-unavailable':
    'LogDrop could not open your browser. Use sign-in with a code instead.',
  'auth/unknown-account': 'That account is no longer signed in. Refresh the account list.',
  'auth/account-gone':
    'The account this upload was sent with is no longer signed in. Sign in again with it to continue; nothing was lost.',
  'auth/network':
    'LogDrop could not reach the sign-in service. Check your network connection, proxy and the cloud selected in Settings.',
  'auth/developer-credentials-unavailable':
    'No Azure CLI or environment credentials were found. Run `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, then try again.',
  'auth/emulator-not-running':
    'The local emulator is not running. Start it with `npm run emulator`, or choose another cloud in Settings.',
  'auth/unsupported-scope': 'LogDrop asked for a token it does not use. This is a bug.',
  'auth/token-cache-unreadable':
    'The saved sign-in could not be read (the key store changed or the file is damaged). Sign in again.',
} as const
