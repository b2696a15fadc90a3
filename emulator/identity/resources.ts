import { entraError, type EntraError } from './entra-error'

/** Which API an access token is for; the other routes check this. */
export type AudienceKind = 'arm' | 'monitor' | 'loganalytics' | 'graph'

interface ResourceApp {
  readonly kind: AudienceKind
  readonly displayName: string
  /** Resource identifiers (application ID URIs) as clients spell them, with and without `/`. */
  readonly identifiers: readonly string[]
  /** The delegated permission Entra puts in `scp` for `.default`. */
  readonly delegatedScope: string
}

/** The Azure APIs the emulator issues tokens for (reference §1.6, §5, §6, §7.1). */
const RESOURCE_APPS: readonly ResourceApp[] = [
  {
    kind: 'arm',
    displayName: 'Windows Azure Service Management API',
    identifiers: [
      'https://management.azure.com',
      'https://management.azure.com/',
      'https://management.core.windows.net',
      'https://management.core.windows.net/',
    ],
    delegatedScope: 'user_impersonation',
  },
  {
    kind: 'monitor',
    displayName: 'Azure Monitor',
    identifiers: ['https://monitor.azure.com', 'https://monitor.azure.com/'],
    delegatedScope: 'user_impersonation',
  },
  {
    kind: 'loganalytics',
    displayName: 'Log Analytics API',
    identifiers: ['https://api.loganalytics.io', 'https://api.loganalytics.io/'],
    delegatedScope: 'Data.Read',
  },
  {
    kind: 'graph',
    displayName: 'Microsoft Graph',
    identifiers: [
      'https://graph.microsoft.com',
      'https://graph.microsoft.com/',
      '00000003-0000-0000-c000-000000000000',
    ],
    delegatedScope: 'User.Read',
  },
]

/** The resource a token request is for. */
export interface RequestedResource {
  readonly kind: AudienceKind
  /** Becomes the token's `aud`: the identifier as the client spelled it (Entra does the same). */
  readonly audience: string
  readonly displayName: string
  readonly delegatedScope: string
  /** The resource scopes as requested; echoed in the token response's `scope`. */
  readonly scopes: readonly string[]
}

/** A parsed `scope` parameter. */
export interface ParsedScopes {
  readonly resource: RequestedResource
  /** `openid`, `profile`, `offline_access`, `email` as requested. */
  readonly oidc: ReadonlySet<string>
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email'])

function findApp(identifier: string): ResourceApp | undefined {
  const wanted = identifier.toLowerCase()
  return RESOURCE_APPS.find((app) => app.identifiers.some((id) => id.toLowerCase() === wanted))
}

/** Finds which API an access token's `aud` names. */
export function audienceKindOf(audience: string): AudienceKind | undefined {
  return findApp(audience)?.kind
}

/** The audiences the checks accept for one kind, for error messages. */
export function audiencesOf(kind: AudienceKind): readonly string[] {
  return RESOURCE_APPS.find((app) => app.kind === kind)?.identifiers ?? []
}

/** Splits `https://monitor.azure.com//.default` into resource `https://monitor.azure.com/`. */
function resourceOfScope(scope: string): string {
  if (!scope.includes('/')) return 'https://graph.microsoft.com'
  return scope.slice(0, scope.lastIndexOf('/'))
}

/**
 * Parses a v2 `scope` parameter the way Entra does: OpenID scopes aside, every scope must name
 * the same known resource (AADSTS700022 otherwise), and an unknown resource is AADSTS500011.
 * Only OpenID scopes means a Microsoft Graph token, as Entra issues.
 */
export function parseScopes(
  raw: string,
  tenantName: string,
): { ok: true; value: ParsedScopes } | { ok: false; error: EntraError } {
  const all = raw.split(/\s+/).filter((s) => s !== '')
  const oidc = new Set(all.filter((s) => OIDC_SCOPES.has(s.toLowerCase())))
  const resourceScopes = all.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()))
  if (resourceScopes.length === 0) {
    const graph = RESOURCE_APPS.find((app) => app.kind === 'graph') as ResourceApp
    return {
      ok: true,
      value: {
        oidc,
        resource: {
          kind: 'graph',
          audience: 'https://graph.microsoft.com',
          displayName: graph.displayName,
          delegatedScope: graph.delegatedScope,
          scopes: ['User.Read'],
        },
      },
    }
  }
  const resources = resourceScopes.map(resourceOfScope)
  const first = resources[0] as string
  const app = findApp(first)
  if (app === undefined) {
    return {
      ok: false,
      error: entraError(
        'invalid_resource',
        500011,
        `The resource principal named ${first} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      ),
    }
  }
  if (resources.some((resource) => findApp(resource) !== app)) {
    return {
      ok: false,
      error: entraError(
        'invalid_scope',
        700022,
        `The provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${resourceScopes.join(' ')} is not valid.`,
      ),
    }
  }
  return {
    ok: true,
    value: {
      oidc,
      resource: {
        kind: app.kind,
        audience: first,
        displayName: app.displayName,
        delegatedScope: app.delegatedScope,
        scopes: resourceScopes,
      },
    },
  }
}
