import type {
  EmulatorSeed,
  SeedServicePrincipal,
  SeedSettings,
  SeedTenant,
  SeedUser,
} from '../seed/seed-types'
import type { GrantStores } from './grant-store'
import type { TokenService } from './token-service'

/** Everything the identity endpoints share. */
export interface IdentityContext {
  readonly origin: string
  readonly seed: EmulatorSeed
  readonly tokens: TokenService
  readonly grants: GrantStores
  readonly now: () => Date
  readonly settings: Required<SeedSettings>
}

/** The defaults of `SeedSettings`, as Entra and ARM behave (page size aside). */
export const DEFAULT_SETTINGS: Required<SeedSettings> = {
  armPageSize: 5,
  accessTokenLifetimeSeconds: 3599,
  deviceCodeLifetimeSeconds: 900,
  deviceCodeIntervalSeconds: 5,
}

/** An app that may ask for tokens. */
export type ClientApp =
  | { readonly kind: 'public'; readonly clientId: string; readonly displayName: string }
  | {
      readonly kind: 'confidential'
      readonly clientId: string
      readonly displayName: string
      readonly servicePrincipal: SeedServicePrincipal
    }

/**
 * Maps the tenant segment of a path to the seeded tenant: its id, its domain, the
 * multi-tenant aliases `common` and `organizations`, or `adfs`, the single-tenant authority
 * of AD FS clouds (Azure Stack Hub): clients that cannot skip instance discovery, such as the
 * Azure CLI before 2.54, skip it for an `…/adfs` authority.
 */
export function resolveTenant(seed: EmulatorSeed, segment: string): SeedTenant | undefined {
  const wanted = segment.toLowerCase()
  const { tenant } = seed
  if (
    wanted === tenant.id.toLowerCase() ||
    wanted === tenant.domain.toLowerCase() ||
    wanted === 'common' ||
    wanted === 'organizations' ||
    wanted === 'adfs'
  ) {
    return tenant
  }
  return undefined
}

/** Finds a public client or a service principal's app by client id. */
export function findClient(seed: EmulatorSeed, clientId: string): ClientApp | undefined {
  const wanted = clientId.toLowerCase()
  const publicClient = seed.publicClients.find((c) => c.clientId.toLowerCase() === wanted)
  if (publicClient !== undefined) {
    return {
      kind: 'public',
      clientId: publicClient.clientId,
      displayName: publicClient.displayName,
    }
  }
  const sp = seed.servicePrincipals.find((s) => s.clientId.toLowerCase() === wanted)
  if (sp !== undefined) {
    return {
      kind: 'confidential',
      clientId: sp.clientId,
      displayName: sp.displayName,
      servicePrincipal: sp,
    }
  }
  return undefined
}

/** Finds a seeded user by object id. */
export function findUser(seed: EmulatorSeed, objectId: string): SeedUser | undefined {
  const wanted = objectId.toLowerCase()
  return seed.users.find((u) => u.objectId.toLowerCase() === wanted)
}
