import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { bearerToken } from '../http/bearer'
import { sendJson } from '../http/respond'
import type { TokenService } from '../identity/token-service'
import type { EmulatorSeed, SeedSubscription } from '../seed/seed-types'
import { ArmAccess } from './arm-access'
import { armAuthFailure } from './arm-auth'
import {
  invalidApiVersion,
  missingApiVersion,
  noRoute,
  readOnly,
  resourceGroupNotFound,
  resourceNotFound,
  sendArmError,
  subscriptionNotFound,
  type ArmFailure,
} from './arm-errors'
import { page, pageOffset } from './arm-paging'
import {
  dataCollectionRuleResource,
  parseResourceId,
  resourceGroupResource,
  resourceGroupsOf,
  subscriptionResource,
  tableResource,
  tenantResource,
  workspaceResource,
} from './arm-resources'

/** What the ARM routes need. */
export interface ArmContext {
  readonly origin: string
  readonly seed: EmulatorSeed
  readonly tokens: TokenService
  readonly now: () => Date
  readonly pageSize: number
}

/** True for paths this router serves (`/subscriptions…`, `/tenants`). */
export function isArmPath(pathname: string): boolean {
  return /^\/(subscriptions|tenants)(\/|$)/i.test(pathname)
}

const API_VERSION = /^\d{4}-\d{2}-\d{2}(-(preview|privatepreview|alpha|beta))?$/

type Result =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly failure: ArmFailure }
const ok = (body: unknown): Result => ({ ok: true, body })
const fail = (failure: ArmFailure): Result => ({ ok: false, failure })

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** The resource types served under a resource group, by provider path (lower case). */
const TYPES = {
  dcr: {
    path: 'microsoft.insights/datacollectionrules',
    type: 'Microsoft.Insights/dataCollectionRules',
    action: 'Microsoft.Insights/dataCollectionRules/read',
  },
  dce: {
    path: 'microsoft.insights/datacollectionendpoints',
    type: 'Microsoft.Insights/dataCollectionEndpoints',
    action: 'Microsoft.Insights/dataCollectionEndpoints/read',
  },
  workspace: {
    path: 'microsoft.operationalinsights/workspaces',
    type: 'Microsoft.OperationalInsights/workspaces',
    action: 'Microsoft.OperationalInsights/workspaces/read',
  },
} as const
type TypeKey = keyof typeof TYPES

class ArmRequest {
  constructor(
    private readonly ctx: ArmContext,
    private readonly url: URL,
    private readonly access: ArmAccess,
    private readonly apiVersion: string,
  ) {}

  private paged<T>(items: readonly T[]): Result {
    const offset = pageOffset(this.url)
    if (offset === undefined) {
      return fail({
        status: 400,
        code: 'InvalidSkipToken',
        message: 'The $skipToken is not valid.',
      })
    }
    return ok(
      page(items, offset, { url: this.url, origin: this.ctx.origin, pageSize: this.ctx.pageSize }),
    )
  }

  /** The caller's subscriptions: in their tenant and touched by one of their roles. */
  listSubscriptions(tenantId: string): Result {
    const mine = this.ctx.seed.subscriptions.filter(
      (s) =>
        same(s.tenantId, tenantId) && this.access.touches(`/subscriptions/${s.subscriptionId}`),
    )
    const result = this.paged(mine.map(subscriptionResource))
    if (!result.ok) return result
    return ok({ ...(result.body as object), count: { type: 'Total', value: mine.length } })
  }

  listTenants(tenantId: string): Result {
    const tenant = this.ctx.seed.tenant
    return ok({ value: same(tenant.id, tenantId) ? [tenantResource(tenant)] : [] })
  }

  /** Checks the subscription exists and belongs to the token's tenant. */
  subscription(id: string, tenantId: string): SeedSubscription | ArmFailure {
    const found = this.ctx.seed.subscriptions.find((s) => same(s.subscriptionId, id))
    if (found === undefined) return subscriptionNotFound(id)
    if (!same(found.tenantId, tenantId)) {
      return {
        status: 401,
        code: 'InvalidAuthenticationTokenTenant',
        message: `The access token is from the wrong issuer '${this.ctx.origin}/${tenantId}/v2.0'. It must match the tenant '${this.ctx.origin}/${found.tenantId}/v2.0' associated with this subscription. Please use the authority (URL) '${this.ctx.origin}/${found.tenantId}' to get the token.`,
      }
    }
    return found
  }

  getSubscription(subscription: SeedSubscription): Result {
    const scope = `/subscriptions/${subscription.subscriptionId}`
    if (!this.access.touches(scope)) {
      return fail(this.access.denied('Microsoft.Resources/subscriptions/read', scope))
    }
    return ok(subscriptionResource(subscription))
  }

  private groups(subscription: SeedSubscription) {
    return resourceGroupsOf(this.ctx.seed, subscription.subscriptionId)
  }

  /** Checks read access over a list scope, then the group exists (ARM's order). */
  private listScope(
    subscription: SeedSubscription,
    action: string,
    group?: string,
  ): Result | undefined {
    const subScope = `/subscriptions/${subscription.subscriptionId}`
    const scope = group === undefined ? subScope : `${subScope}/resourceGroups/${group}`
    if (!this.access.touches(scope)) return fail(this.access.denied(action, scope))
    if (group !== undefined && !this.groups(subscription).some((g) => same(g.name, group))) {
      return fail(resourceGroupNotFound(group))
    }
    return undefined
  }

  listResourceGroups(subscription: SeedSubscription): Result {
    const action = 'Microsoft.Resources/subscriptions/resourceGroups/read'
    const refused = this.listScope(subscription, action)
    if (refused !== undefined) return refused
    const visible = this.groups(subscription)
      .map((g) => resourceGroupResource(subscription.subscriptionId, g.name, g.location))
      .filter((g) => this.access.canRead(g.id))
    return this.paged(visible)
  }

  getResourceGroup(subscription: SeedSubscription, group: string): Result {
    const scope = `/subscriptions/${subscription.subscriptionId}/resourceGroups/${group}`
    if (!this.access.canRead(scope)) {
      return fail(
        this.access.denied('Microsoft.Resources/subscriptions/resourceGroups/read', scope),
      )
    }
    const found = this.groups(subscription).find((g) => same(g.name, group))
    if (found === undefined) return fail(resourceGroupNotFound(group))
    return ok(resourceGroupResource(subscription.subscriptionId, found.name, found.location))
  }

  private resources(kind: TypeKey): ReadonlyArray<{ readonly id: string }> {
    const seed = this.ctx.seed
    if (kind === 'dcr') return seed.dataCollectionRules
    if (kind === 'dce') return seed.dataCollectionEndpoints
    return seed.workspaces
  }

  private shape(kind: TypeKey, resource: { readonly id: string }): unknown {
    const seed = this.ctx.seed
    if (kind === 'dcr') {
      const rule = seed.dataCollectionRules.find((r) => r.id === resource.id)
      return rule === undefined ? resource : dataCollectionRuleResource(rule, this.apiVersion)
    }
    if (kind === 'workspace') {
      const workspace = seed.workspaces.find((w) => w.id === resource.id)
      return workspace === undefined ? resource : workspaceResource(workspace)
    }
    return resource
  }

  listResources(kind: TypeKey, subscription: SeedSubscription, group?: string): Result {
    const refused = this.listScope(subscription, TYPES[kind].action, group)
    if (refused !== undefined) return refused
    const items = this.resources(kind).filter((resource) => {
      const parts = parseResourceId(resource.id)
      return (
        parts !== undefined &&
        same(parts.subscriptionId, subscription.subscriptionId) &&
        (group === undefined || same(parts.resourceGroup, group)) &&
        this.access.canRead(resource.id)
      )
    })
    const shaped = items.map((item) => this.shape(kind, item))
    // Workspace lists are not pageable in ARM (no nextLink in the spec); the others are.
    return kind === 'workspace' ? ok({ value: shaped }) : this.paged(shaped)
  }

  private findResource(kind: TypeKey, subscription: SeedSubscription, group: string, name: string) {
    const id = `/subscriptions/${subscription.subscriptionId}/resourceGroups/${group}/providers/${TYPES[kind].type}/${name}`
    if (!this.access.canRead(id)) return fail(this.access.denied(TYPES[kind].action, id))
    if (!this.groups(subscription).some((g) => same(g.name, group))) {
      return fail(resourceGroupNotFound(group))
    }
    const found = this.resources(kind).find((r) => same(r.id, id))
    if (found === undefined) return fail(resourceNotFound(TYPES[kind].type, name, group))
    return ok(found)
  }

  getResource(kind: TypeKey, subscription: SeedSubscription, group: string, name: string): Result {
    const found = this.findResource(kind, subscription, group, name)
    return found.ok ? ok(this.shape(kind, found.body as { id: string })) : found
  }

  tables(subscription: SeedSubscription, group: string, name: string, table?: string): Result {
    const found = this.findResource('workspace', subscription, group, name)
    if (!found.ok) return found
    const workspace = this.ctx.seed.workspaces.find(
      (w) => w.id === (found.body as { id: string }).id,
    )
    if (workspace === undefined) return fail(resourceNotFound(TYPES.workspace.type, name, group))
    if (table === undefined)
      return ok({ value: workspace.tables.map((t) => tableResource(workspace, t)) })
    const match = workspace.tables.find((t) => same(t.name, table))
    if (match === undefined) {
      return fail(
        resourceNotFound(`${TYPES.workspace.type}/${workspace.name}/tables`, table, group),
      )
    }
    return ok(tableResource(workspace, match))
  }
}

/** Picks the handler for the path, after the subscription check where there is one. */
function dispatch(
  request: ArmRequest,
  segments: readonly string[],
  tenantId: string,
): Result | undefined {
  const lower = segments.map((s) => s.toLowerCase())
  const [root, subscriptionId, third] = segments
  if (lower[0] === 'tenants' && segments.length === 1) return request.listTenants(tenantId)
  if (lower[0] !== 'subscriptions' || root === undefined) return undefined
  if (subscriptionId === undefined) return request.listSubscriptions(tenantId)

  const subscription = request.subscription(subscriptionId, tenantId)
  if ('status' in subscription) return fail(subscription)
  const after = lower.slice(2)
  const path = after.join('/')
  if (after.length === 0) return request.getSubscription(subscription)
  if (path === 'resourcegroups') return request.listResourceGroups(subscription)

  for (const kind of Object.keys(TYPES) as TypeKey[]) {
    if (path === `providers/${TYPES[kind].path}`) return request.listResources(kind, subscription)
  }
  if (lower[2] !== 'resourcegroups' || third === undefined) return undefined
  const group = segments[3]
  if (group === undefined) return undefined
  const inGroup = lower.slice(4)
  if (inGroup.length === 0) return request.getResourceGroup(subscription, group)
  const provider = inGroup.slice(0, 3).join('/')
  for (const kind of Object.keys(TYPES) as TypeKey[]) {
    if (`providers/${TYPES[kind].path}` !== provider) continue
    const name = segments[7]
    if (name === undefined) return request.listResources(kind, subscription, group)
    if (inGroup.length === 4) return request.getResource(kind, subscription, group, name)
    if (kind === 'workspace' && inGroup[4] === 'tables') {
      if (inGroup.length === 5) return request.tables(subscription, group, name)
      if (inGroup.length === 6) return request.tables(subscription, group, name, segments[9])
    }
  }
  return undefined
}

/**
 * Serves the read-only ARM surface (reference §4, §5): subscriptions, tenants, resource
 * groups, DCRs, DCEs, workspaces and tables, with ARM's auth errors, 404 shapes, RBAC from the
 * seed and `nextLink` paging.
 */
export async function handleArm(
  ctx: ArmContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const headers = { 'x-ms-correlation-request-id': randomUUID() }
  const check = await ctx.tokens.verifyAccessToken(bearerToken(req))
  const authority = `${ctx.origin}/${ctx.seed.tenant.id}`
  const authFailure = armAuthFailure(check, authority, ctx.now())
  if (authFailure !== undefined || !check.ok) {
    sendArmError(
      res,
      authFailure ?? {
        status: 401,
        code: 'AuthenticationFailed',
        message: 'Authentication failed.',
      },
    )
    return
  }
  if (req.method !== 'GET') {
    sendArmError(res, readOnly(req.method ?? ''))
    return
  }
  const apiVersion = url.searchParams.get('api-version')
  if (apiVersion === null || apiVersion === '') {
    sendArmError(res, missingApiVersion)
    return
  }
  if (!API_VERSION.test(apiVersion)) {
    sendArmError(res, invalidApiVersion(apiVersion))
    return
  }
  const request = new ArmRequest(ctx, url, new ArmAccess(ctx.seed, check.claims), apiVersion)
  const segments = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent)
  const result = dispatch(request, segments, check.claims.tid)
  if (result === undefined) {
    sendArmError(res, noRoute('GET', url.pathname))
  } else if (result.ok) {
    sendJson(res, 200, result.body, headers)
  } else {
    sendArmError(res, { ...result.failure, headers: { ...headers, ...result.failure.headers } })
  }
}
