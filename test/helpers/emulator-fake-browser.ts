import { fetch, type Dispatcher } from 'undici'

/**
 * A minimal "browser" for the emulator's sign-in pages: it reads the one form on a page and
 * submits it like a person clicking a button. Tests and e2e hooks use it where a real system
 * browser would open (msal's `openBrowser`, the device code page).
 */
export interface ParsedForm {
  readonly action: string
  readonly method: string
  readonly fields: Record<string, string>
  /** Submit buttons: name, value and the account's `data-username` when it is one. */
  readonly buttons: ReadonlyArray<{ name: string; value: string; username?: string }>
}

function decode(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)
  return match?.[1] === undefined ? undefined : decode(match[1])
}

/** Reads the first form of a page (the emulator's pages have one). */
export function parseForm(html: string, base: string): ParsedForm {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html)
  if (form === null) throw new Error(`No form on the page:\n${html.slice(0, 500)}`)
  const openTag = /<form\b[^>]*>/i.exec(form[0])?.[0] ?? ''
  const fields: Record<string, string> = {}
  for (const input of form[1]?.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attribute(input, 'name')
    if (name !== undefined && attribute(input, 'type') === 'hidden') {
      fields[name] = attribute(input, 'value') ?? ''
    }
  }
  const buttons = [...(form[1]?.matchAll(/<button\b[^>]*>/gi) ?? [])].flatMap(([tag]) => {
    const name = attribute(tag, 'name')
    if (name === undefined) return []
    const username = attribute(tag, 'data-username')
    return [
      {
        name,
        value: attribute(tag, 'value') ?? '',
        ...(username !== undefined ? { username } : {}),
      },
    ]
  })
  return {
    action: new URL(attribute(openTag, 'action') ?? '', base).toString(),
    method: (attribute(openTag, 'method') ?? 'get').toUpperCase(),
    fields,
    buttons,
  }
}

/** Submits a form with extra fields (the clicked button's name and value). */
export async function submitForm(
  form: ParsedForm,
  extra: Record<string, string>,
  dispatcher: Dispatcher,
) {
  return fetch(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.fields, ...extra }).toString(),
    redirect: 'manual',
    dispatcher,
  })
}

/** The button that picks the account with this username. */
function accountButton(form: ParsedForm, username: string) {
  const button = form.buttons.find((b) => b.username === username)
  if (button === undefined) throw new Error(`No account ${username} on the picker`)
  return { [button.name]: button.value }
}

/**
 * Plays the system browser for msal's `openBrowser`: opens the authorize URL, picks the account
 * (or presses Cancel when `username` is `'cancel'`), and lets the auto-submitting form post
 * the result to msal's loopback server. Returns the loopback's reply status.
 */
export async function signInThroughBrowser(
  authorizeUrl: string,
  username: string,
  dispatcher: Dispatcher,
): Promise<number> {
  const picker = await fetch(authorizeUrl, { dispatcher, redirect: 'manual' })
  const pickerHtml = await picker.text()
  if (picker.status !== 200)
    throw new Error(`Authorize page answered ${picker.status}: ${pickerHtml}`)
  const form = parseForm(pickerHtml, authorizeUrl)
  const choice = username === 'cancel' ? { action: 'cancel' } : accountButton(form, username)
  const result = await submitForm(form, choice, dispatcher)
  const resultHtml = await result.text()
  if (result.status !== 200) throw new Error(`Sign-in answered ${result.status}: ${resultHtml}`)
  // The page's script would submit this form to the loopback redirect URI; do it here.
  const handOff = await submitForm(parseForm(resultHtml, form.action), {}, dispatcher)
  await handOff.text()
  return handOff.status
}

/** Reads what the auto-submitting page would post, without posting it (for raw flows). */
export async function authorizeAndCapture(
  authorizeUrl: string,
  username: string,
  dispatcher: Dispatcher,
): Promise<Record<string, string>> {
  const picker = await fetch(authorizeUrl, { dispatcher, redirect: 'manual' })
  const form = parseForm(await picker.text(), authorizeUrl)
  const result = await submitForm(form, accountButton(form, username), dispatcher)
  return parseForm(await result.text(), form.action).fields
}

/**
 * Plays the person on the device code page: opens `verificationUri`, types `userCode`, and
 * picks the account (or Cancel).
 */
export async function completeDeviceCode(
  verificationUri: string,
  userCode: string,
  username: string,
  dispatcher: Dispatcher,
): Promise<string> {
  const entry = await fetch(verificationUri, { dispatcher })
  const entryForm = parseForm(await entry.text(), verificationUri)
  const picker = await submitForm(entryForm, { otc: userCode }, dispatcher)
  const pickerHtml = await picker.text()
  if (picker.status !== 200) throw new Error(`Code entry answered ${picker.status}: ${pickerHtml}`)
  const form = parseForm(pickerHtml, entryForm.action)
  const choice = username === 'cancel' ? { action: 'cancel' } : accountButton(form, username)
  const done = await submitForm(form, choice, dispatcher)
  return done.text()
}
