import type { EmulatorSeed, SeedRoleName } from '../seed/seed-types'
import type { AccessTokenClaims } from '../identity/token-service'
import { authorizationFailed, type ArmFailure } from './arm-errors'

/** Roles that include every read action (Reader, and Log Analytics Reader too). */
const READ_ROLES: ReadonlySet<SeedRoleName> = new Set(['Reader', 'Log Analytics Reader'])

function normalize(scope: string): string {
  return scope.toLowerCase().replace(/\/+$/, '')
}

/** True when `scope` is `id` or one of its ancestors. */
export function scopeCovers(scope: string, id: string): boolean {
  const s = normalize(scope)
  const r = normalize(id)
  return r === s || r.startsWith(`${s}/`)
}

/**
 * What the caller may see in ARM, from the seed's role assignments: a read role at or above a
 * resource lets them read it; any role at, above or below a scope makes that scope theirs, so
 * lists there are filtered instead of refused (as a user with one resource group sees the
 * subscription).
 */
export class ArmAccess {
  private readonly assignments: EmulatorSeed['roleAssignments']

  constructor(
    seed: EmulatorSeed,
    private readonly claims: AccessTokenClaims,
  ) {
    const me = claims.oid.toLowerCase()
    this.assignments = seed.roleAssignments.filter((a) => a.principalId.toLowerCase() === me)
  }

  /** Read access to `id` (or, for a list, to everything under it). */
  canRead(id: string): boolean {
    return this.assignments.some((a) => READ_ROLES.has(a.role) && scopeCovers(a.scope, id))
  }

  /** Any role at, above or below `scope`. */
  touches(scope: string): boolean {
    return this.assignments.some((a) => scopeCovers(a.scope, scope) || scopeCovers(scope, a.scope))
  }

  /** The 403 ARM returns for `action` over `scope`. */
  denied(action: string, scope: string): ArmFailure {
    const who = this.claims.upn ?? this.claims.appid
    return authorizationFailed(who, this.claims.oid, action, scope)
  }
}
