import { ROLE_IDS, type EmulatorSeed, type SeedRoleName } from '../seed/seed-types'

function normalise(id: string): string {
  return id.trim().toLowerCase().replace(/\/+$/, '')
}

/** Whether an ARM scope covers a resource id: the same id, a parent of it, or the root `/`. */
export function scopeCovers(scope: string, resourceId: string): boolean {
  const s = normalise(scope)
  const r = normalise(resourceId)
  return s === '' || s === r || r.startsWith(`${s}/`)
}

function roleMatches(assigned: string, wanted: SeedRoleName): boolean {
  const value = assigned.trim().toLowerCase()
  const id = ROLE_IDS[wanted]
  return value === wanted.toLowerCase() || value === id || value.endsWith(`/roledefinitions/${id}`)
}

/**
 * Whether the principal holds one of the roles on the resource or a parent scope, from the
 * seed's role assignments (names or built-in role ids both match).
 */
export function hasRoleOn(
  seed: EmulatorSeed,
  principalId: string,
  roles: readonly SeedRoleName[],
  resourceId: string,
): boolean {
  const principal = principalId.toLowerCase()
  return seed.roleAssignments.some(
    (assignment) =>
      assignment.principalId.toLowerCase() === principal &&
      roles.some((role) => roleMatches(assignment.role, role)) &&
      scopeCovers(assignment.scope, resourceId),
  )
}
