import type { TokenCredential } from '@azure/core-auth'
import { DefaultAzureCredential } from '@azure/identity'
import type { DeveloperIdentity } from './auth-preferences'
import type { CloudConfig } from './cloud-config'
import { trustedCertificates } from './tls-trust'

/**
 * "Use my Azure CLI / environment credentials": the DefaultAzureCredential chain (environment
 * variables, workload and managed identity, Azure CLI, PowerShell, azd), pointed at the cloud's
 * authority and, for the emulator, trusting its CA.
 */
export function createDeveloperCredential(config: CloudConfig): TokenCredential {
  const ca = trustedCertificates(config.extraCaPem)
  return new DefaultAzureCredential({
    authorityHost: config.endpoints.authorityHost,
    // Hosts msal does not know (the emulator) must not trigger instance discovery on the internet.
    disableInstanceDiscovery: config.endpoints.id === 'LocalEmulator',
    ...(ca === undefined ? {} : { tlsOptions: { ca } }),
  })
}

/** The payload of a JWT, unverified; {} for an opaque token. (jose is ESM-only; this is CJS.) */
function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1]
  if (payload === undefined) return {}
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function claim(claims: Record<string, unknown>, ...names: string[]): string {
  for (const name of names) {
    const value = claims[name]
    if (typeof value === 'string' && value !== '') return value
  }
  return ''
}

/**
 * Who a developer token belongs to, read from its claims for display only (never trusted for a
 * decision: the service checks the signature).
 */
export function identityFromAccessToken(token: string): DeveloperIdentity {
  const claims = jwtClaims(token)
  const username = claim(
    claims,
    'upn',
    'unique_name',
    'preferred_username',
    'email',
    'appid',
    'azp',
  )
  const name = claim(claims, 'name', 'app_displayname') || username || 'Azure CLI / environment'
  return { name, username: username || 'developer credentials', tenantId: claim(claims, 'tid') }
}
