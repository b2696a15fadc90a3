import type {
  ArmDataCollectionRule,
  EmulatorSeed,
  SeedSubscription,
  SeedTable,
  SeedTenant,
  SeedWorkspace,
} from '../seed/seed-types'

/** Fixed creation time for emulated resources, so responses are stable across runs. */
const CREATED = '2026-01-15T09:30:00.0000000Z'

/** The parts of an ARM resource id. */
export interface ResourceIdParts {
  readonly subscriptionId: string
  readonly resourceGroup: string
  readonly name: string
}

const ID_PATTERN =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/[^/]+\/([^/]+)$/i

/** Splits `/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}`. */
export function parseResourceId(id: string): ResourceIdParts | undefined {
  const match = ID_PATTERN.exec(id)
  if (match === null) return undefined
  return { subscriptionId: match[1] ?? '', resourceGroup: match[2] ?? '', name: match[3] ?? '' }
}

/** `GET /subscriptions/{id}` (api-version 2022-12-01 shape, reference §5). */
export function subscriptionResource(subscription: SeedSubscription) {
  return {
    id: `/subscriptions/${subscription.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: subscription.subscriptionId,
    tenantId: subscription.tenantId,
    displayName: subscription.displayName,
    state: subscription.state,
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
  }
}

/** `GET /tenants` item. */
export function tenantResource(tenant: SeedTenant) {
  return {
    id: `/tenants/${tenant.id}`,
    tenantId: tenant.id,
    countryCode: 'US',
    displayName: tenant.displayName,
    domains: [tenant.domain],
    tenantCategory: 'Home',
    defaultDomain: tenant.domain,
    tenantType: 'AAD',
  }
}

/** A resource group as ARM returns it. */
export function resourceGroupResource(subscriptionId: string, name: string, location: string) {
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${name}`,
    name,
    type: 'Microsoft.Resources/resourceGroups',
    location,
    properties: { provisioningState: 'Succeeded' },
  }
}

/** Every resource group the seed's resources live in, per subscription. */
export function resourceGroupsOf(seed: EmulatorSeed, subscriptionId: string) {
  const groups = new Map<string, { name: string; location: string }>()
  const resources = [
    ...seed.workspaces,
    ...seed.dataCollectionEndpoints,
    ...seed.dataCollectionRules,
  ]
  for (const resource of resources) {
    const parts = parseResourceId(resource.id)
    if (
      parts === undefined ||
      parts.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()
    ) {
      continue
    }
    const key = parts.resourceGroup.toLowerCase()
    if (!groups.has(key))
      groups.set(key, { name: parts.resourceGroup, location: resource.location })
  }
  return [...groups.values()]
}

/**
 * A DCR as a given api-version shows it: `properties.endpoints` exists from 2023-03-11 on and
 * is stripped for older versions such as 2022-06-01 (reference §4.1, §8.1).
 */
export function dataCollectionRuleResource(rule: ArmDataCollectionRule, apiVersion: string) {
  if (apiVersion.slice(0, 10) >= '2023-03-11') return rule
  const properties: Record<string, unknown> = { ...rule.properties }
  delete properties['endpoints']
  return { ...rule, properties }
}

/** A Log Analytics workspace (api-version 2022-10-01 and later shape). */
export function workspaceResource(workspace: SeedWorkspace) {
  return {
    id: workspace.id,
    name: workspace.name,
    type: 'Microsoft.OperationalInsights/workspaces',
    location: workspace.location,
    properties: {
      customerId: workspace.customerId,
      provisioningState: 'Succeeded',
      sku: { name: 'PerGB2018', lastSkuUpdate: CREATED },
      retentionInDays: 30,
      features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true },
      workspaceCapping: { dailyQuotaGb: -1, dataIngestionStatus: 'RespectQuota' },
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
      createdDate: CREATED,
      modifiedDate: CREATED,
    },
  }
}

/** A workspace table with its schema (reference §5 "Table schema"). */
export function tableResource(workspace: SeedWorkspace, table: SeedTable) {
  const custom = table.name.endsWith('_CL')
  return {
    id: `${workspace.id}/tables/${table.name}`,
    name: table.name,
    type: 'Microsoft.OperationalInsights/workspaces/tables',
    properties: {
      totalRetentionInDays: 30,
      archiveRetentionInDays: 0,
      plan: table.plan ?? 'Analytics',
      lastPlanModifiedDate: CREATED,
      retentionInDays: 30,
      retentionInDaysAsDefault: true,
      totalRetentionInDaysAsDefault: true,
      provisioningState: 'Succeeded',
      schema: {
        name: table.name,
        tableType: custom ? 'CustomLog' : 'Microsoft',
        tableSubType: custom ? 'DataCollectionRuleBased' : 'Any',
        columns: table.columns.map((column) => ({ name: column.name, type: column.type })),
        standardColumns: [
          { name: 'TenantId', type: 'guid' },
          { name: 'Type', type: 'string' },
          { name: '_ResourceId', type: 'string' },
        ],
        solutions: ['LogManagement'],
        source: custom ? 'customer' : 'microsoft',
      },
    },
  }
}
