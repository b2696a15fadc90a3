import type { AppErrorData } from '../../../shared/errors/app-error'
import type { TenantFailure } from '../../../shared/models/target'

/**
 * Runs one listing per tenant at once and keeps what succeeded: a tenant that fails (no access,
 * MFA required there, conditional access) is reported, never hides the others.
 */
export async function collectAcrossTenants<T>(
  tenantIds: readonly string[],
  list: (tenantId: string) => Promise<readonly T[]>,
  toProblem: (error: unknown) => AppErrorData,
): Promise<{ readonly items: T[]; readonly failures: TenantFailure[] }> {
  const settled = await Promise.allSettled(tenantIds.map((tenantId) => list(tenantId)))
  const items: T[] = []
  const failures: TenantFailure[] = []
  settled.forEach((outcome, index) => {
    const tenantId = tenantIds[index] ?? ''
    if (outcome.status === 'fulfilled') items.push(...outcome.value)
    else failures.push({ tenantId, problem: toProblem(outcome.reason) })
  })
  return { items, failures }
}
