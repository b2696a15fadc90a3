import { CLOUDS } from '../../shared/clouds'
import type { CloudId } from '../../shared/models/settings'
import { originOf } from './url-origin'

/**
 * Sign-in hosts msal may send a browser to besides the cloud's authority host: Azure China's
 * preferred network (shared/reference/msal-and-electron.md §5).
 */
const EXTRA_AUTHORITY_ORIGINS: Readonly<Partial<Record<CloudId, readonly string[]>>> = {
  AzureChina: ['https://login.partner.microsoftonline.cn'],
}

/**
 * The origins `shell.openExternal` may open for a cloud: its sign-in authority, nothing else.
 *
 * `emulatorAuthority` is the running local emulator's authority host (only known at run time,
 * from its emulator.json), used only for LocalEmulator; it must be https.
 */
export function externalOriginsFor(cloud: CloudId, emulatorAuthority?: string): readonly string[] {
  if (cloud !== 'LocalEmulator') {
    return [CLOUDS[cloud].authorityHost, ...(EXTRA_AUTHORITY_ORIGINS[cloud] ?? [])]
  }
  const origin = emulatorAuthority === undefined ? null : originOf(emulatorAuthority)
  return origin !== null && origin.startsWith('https://') ? [origin] : []
}

/**
 * True when a URL may be handed to the operating system's browser.
 *
 * Requires https, no user name or password in the URL (they would be shown to, or sent by, the
 * browser), and an origin that exactly equals one on the allow-list.
 */
export function isAllowedExternalUrl(url: string, allowedOrigins: readonly string[]): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:') return false
  if (parsed.username !== '' || parsed.password !== '') return false
  return allowedOrigins.some((allowed) => originOf(allowed) === parsed.origin)
}
