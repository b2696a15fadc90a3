import type { SeedUser } from '../seed/seed-types'
import { escapeHtml, page } from '../http/html'

/**
 * The account picker shown by the authorize endpoint and the device code page.
 *
 * Each account is a submit button `name="user" value="<object id>"` carrying
 * `data-username`, and Cancel is `name="action" value="cancel"`, so a test can act as the
 * browser by submitting the form with one of those values.
 */
export function accountPickerPage(options: {
  readonly appName: string
  readonly action: string
  readonly context: string
  readonly users: readonly SeedUser[]
  readonly loginHint?: string
}): string {
  const hint = options.loginHint?.toLowerCase()
  const accounts = options.users
    .map(
      (
        user,
      ) => `<li><button class="account" type="submit" name="user" value="${escapeHtml(user.objectId)}" data-username="${escapeHtml(user.username)}"${user.username.toLowerCase() === hint ? ' autofocus' : ''}>
<span>${escapeHtml(user.displayName)}</span><small>${escapeHtml(user.username)}</small></button></li>`,
    )
    .join('\n')
  return page(
    `Sign in to ${options.appName}`,
    `<h1>Pick an account</h1>
<p>to continue to <strong>${escapeHtml(options.appName)}</strong></p>
<form method="post" action="${escapeHtml(options.action)}">
<input type="hidden" name="ctx" value="${escapeHtml(options.context)}">
<ul class="accounts" aria-label="Accounts">
${accounts}
</ul>
<div class="actions"><button class="secondary" type="submit" name="action" value="cancel">Cancel</button></div>
</form>`,
  )
}

/**
 * The page that hands the result to the app's redirect URI with an auto-submitting POST form,
 * as Entra does for `response_mode=form_post`; without script a Continue button does it.
 */
export function formPostPage(
  redirectUri: string,
  fields: Readonly<Record<string, string>>,
  nonce: string,
): string {
  const inputs = Object.entries(fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n')
  return page(
    'Working…',
    `<h1>Returning to the app…</h1>
<form method="post" action="${escapeHtml(redirectUri)}" id="response">
${inputs}
<noscript><p>Script is off: continue by hand.</p><button class="primary" type="submit">Continue</button></noscript>
</form>`,
    nonce,
    "document.getElementById('response').submit()",
  )
}

/** An error page for requests that cannot be sent back to the app (e.g. unknown client). */
export function errorPage(title: string, detail: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="error" role="alert">${escapeHtml(detail)}</p>`,
  )
}

/** The device code verification page where the person types the code. */
export function deviceCodeEntryPage(action: string, error?: string): string {
  const alert = error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`
  return page(
    'Enter code',
    `<h1>Enter code</h1>
<p>Enter the code displayed on your app or device.</p>
${alert}
<form method="post" action="${escapeHtml(action)}">
<label for="otc">Code</label>
<input type="text" id="otc" name="otc" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus>
<div class="actions"><button class="primary" type="submit">Next</button></div>
</form>`,
  )
}

/** A page with a plain message (device sign-in finished, signed out…). */
export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`)
}
