import type { TokenCredential } from '@azure/core-auth'
import { SubscriptionClient, type Subscription } from '@azure/arm-resources-subscriptions'
import { toErrorData } from '../../../shared/errors/app-error'
import type { SubscriptionList, SubscriptionSummary } from '../../../shared/models/target'
import { matchesSearch } from '../../../shared/models/target-search'
import type { CloudConfig } from '../auth/cloud-config'
import type { Logger } from '../../platform/logger'
import { armClientOptions } from './arm-client-options'
import { collectAcrossTenants } from './across-tenants'
import { toArmAppError } from './arm-errors'

export interface SubscriptionDiscoveryOptions {
  readonly config: CloudConfig
  /** A credential for a tenant (undefined: the account's home tenant). */
  readonly credentialFor: (tenantId: string | undefined) => TokenCredential
  /** The account's home tenant, when known; always searched. */
  readonly homeTenantId: string
  readonly search?: string | undefined
  readonly logger: Logger
}

async function listAll<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of pages) items.push(item)
  return items
}

function summarize(subscription: Subscription, tenantId: string): SubscriptionSummary | null {
  if (subscription.subscriptionId === undefined) return null
  return {
    subscriptionId: subscription.subscriptionId,
    displayName: subscription.displayName ?? subscription.subscriptionId,
    tenantId: subscription.tenantId ?? tenantId,
    state: subscription.state ?? 'Unknown',
  }
}

/** The tenants the account belongs to (GET /tenants), with its home tenant first. */
async function tenantsOf(options: SubscriptionDiscoveryOptions): Promise<string[]> {
  const tenants = new Set<string>()
  if (options.homeTenantId !== '') tenants.add(options.homeTenantId.toLowerCase())
  try {
    const client = new SubscriptionClient(
      options.credentialFor(undefined),
      armClientOptions(options.config),
    )
    for (const tenant of await listAll(client.tenants.list())) {
      if (tenant.tenantId !== undefined) tenants.add(tenant.tenantId.toLowerCase())
    }
  } catch (error) {
    // Without the tenant list, the home tenant still works.
    options.logger.warn('discovery', 'could not list tenants; using the home tenant', {
      detail: toArmAppError(error).message,
    })
  }
  return [...tenants]
}

/**
 * Subscriptions across every tenant of the account, each tenant with its own token.
 *
 * A tenant that fails lands in `tenantFailures` and the others are still listed; duplicates
 * (a subscription seen from two tenants) are listed once. Sorted by name.
 */
export async function listSubscriptions(
  options: SubscriptionDiscoveryOptions,
): Promise<SubscriptionList> {
  const tenantIds = await tenantsOf(options)
  const targets = tenantIds.length === 0 ? [''] : tenantIds
  const { items, failures } = await collectAcrossTenants(
    targets,
    async (tenantId) => {
      const credential = options.credentialFor(tenantId === '' ? undefined : tenantId)
      const client = new SubscriptionClient(credential, armClientOptions(options.config))
      const subscriptions = await listAll(client.subscriptions.list())
      return subscriptions
        .map((s) => summarize(s, tenantId))
        .filter((s): s is SubscriptionSummary => s !== null)
    },
    (error) => toErrorData(toArmAppError(error)),
  )
  for (const failure of failures) {
    options.logger.warn('discovery', 'a tenant could not be listed', {
      tenantId: failure.tenantId,
      code: failure.problem.code,
      detail: failure.problem.detail,
    })
  }
  const unique = new Map<string, SubscriptionSummary>()
  for (const s of items) unique.set(s.subscriptionId.toLowerCase(), s)
  const subscriptions = [...unique.values()]
    .filter((s) => matchesSearch(options.search, s.displayName, s.subscriptionId))
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
  return { subscriptions, tenantIds: targets.filter((t) => t !== ''), tenantFailures: failures }
}
