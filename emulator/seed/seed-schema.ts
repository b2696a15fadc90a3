import { z } from 'zod'
import type { EmulatorSeed } from './seed-types'

/**
 * Runtime check of a seed file (`--seed FILE`).
 *
 * ARM resources are loose objects: a DCR exported from the portal keeps its extra fields
 * (`etag`, `tags`, `systemData`) and the ARM routes serve them. The top level is loose too, so
 * fields added later for the data plane pass through to it.
 */
const guid = z.guid()
const streamColumnType = z.enum(['string', 'int', 'long', 'real', 'boolean', 'datetime', 'dynamic'])
const tableColumnType = z.enum([
  'string',
  'int',
  'long',
  'real',
  'boolean',
  'dateTime',
  'guid',
  'dynamic',
])
const roleName = z.enum(['Monitoring Metrics Publisher', 'Reader', 'Log Analytics Reader'])
const positiveInt = z.number().int().positive()

const dceSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.literal('Microsoft.Insights/dataCollectionEndpoints'),
  location: z.string().min(1),
  properties: z.looseObject({
    immutableId: z.string().regex(/^dce-[0-9a-f]{32}$/, 'must be dce- and 32 lowercase hex digits'),
    configurationAccess: z.looseObject({ endpoint: z.string() }).optional(),
    logsIngestion: z.looseObject({ endpoint: z.string().min(1) }),
    networkAcls: z.looseObject({ publicNetworkAccess: z.enum(['Enabled', 'Disabled']) }).optional(),
    provisioningState: z.literal('Succeeded'),
    description: z.string().optional(),
  }),
})

const dcrSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.literal('Microsoft.Insights/dataCollectionRules'),
  location: z.string().min(1),
  kind: z.enum(['Direct', 'Linux', 'Windows']).optional(),
  properties: z.looseObject({
    immutableId: z.string().regex(/^dcr-[0-9a-f]{32}$/, 'must be dcr- and 32 lowercase hex digits'),
    description: z.string().optional(),
    dataCollectionEndpointId: z.string().optional(),
    endpoints: z
      .looseObject({ logsIngestion: z.string().min(1), metricsIngestion: z.string().optional() })
      .optional(),
    streamDeclarations: z.record(
      z.string(),
      z.looseObject({
        columns: z.array(z.strictObject({ name: z.string().min(1), type: streamColumnType })),
      }),
    ),
    destinations: z.looseObject({
      logAnalytics: z.array(
        z.looseObject({
          workspaceResourceId: z.string().min(1),
          workspaceId: guid,
          name: z.string().min(1),
        }),
      ),
    }),
    dataFlows: z.array(
      z.looseObject({
        streams: z.array(z.string().min(1)).min(1),
        destinations: z.array(z.string().min(1)).min(1),
        transformKql: z.string().optional(),
        outputStream: z.string().optional(),
      }),
    ),
    provisioningState: z.literal('Succeeded'),
  }),
})

const seedShape = z.looseObject({
  tenant: z.strictObject({ id: guid, displayName: z.string().min(1), domain: z.string().min(1) }),
  users: z.array(
    z.strictObject({ objectId: guid, username: z.string().min(1), displayName: z.string().min(1) }),
  ),
  publicClients: z.array(z.strictObject({ clientId: guid, displayName: z.string().min(1) })),
  servicePrincipals: z.array(
    z.strictObject({
      clientId: guid,
      objectId: guid,
      displayName: z.string().min(1),
      clientSecret: z.string().min(8),
    }),
  ),
  subscriptions: z.array(
    z.strictObject({
      subscriptionId: guid,
      displayName: z.string().min(1),
      tenantId: guid,
      state: z.enum(['Enabled', 'Disabled', 'Warned', 'PastDue', 'Deleted']),
    }),
  ),
  workspaces: z.array(
    z.strictObject({
      id: z.string().min(1),
      name: z.string().min(1),
      location: z.string().min(1),
      customerId: guid,
      tables: z.array(
        z.strictObject({
          name: z.string().min(1),
          columns: z.array(z.strictObject({ name: z.string().min(1), type: tableColumnType })),
          plan: z.enum(['Analytics', 'Basic']).optional(),
        }),
      ),
    }),
  ),
  dataCollectionEndpoints: z.array(dceSchema),
  dataCollectionRules: z.array(dcrSchema),
  roleAssignments: z.array(
    z.strictObject({ principalId: guid, role: roleName, scope: z.string().startsWith('/') }),
  ),
  limits: z
    .strictObject({
      requestsPerMinute: positiveInt.optional(),
      bytesPerMinute: positiveInt.optional(),
    })
    .optional(),
  settings: z
    .strictObject({
      armPageSize: positiveInt.optional(),
      accessTokenLifetimeSeconds: positiveInt.optional(),
      deviceCodeLifetimeSeconds: positiveInt.optional(),
      deviceCodeIntervalSeconds: positiveInt.optional(),
    })
    .optional(),
})

const RESOURCE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+\/[^/]+)\/([^/]+)$/i

type Issue = { readonly path: PropertyKey[]; readonly message: string }

/** Cross-reference checks the shape alone cannot express. */
function crossCheck(seed: z.infer<typeof seedShape>): Issue[] {
  const issues: Issue[] = []
  const lower = (value: string) => value.toLowerCase()
  const subscriptions = new Set(seed.subscriptions.map((s) => lower(s.subscriptionId)))
  const workspaces = new Map(seed.workspaces.map((w) => [lower(w.id), w]))
  const dces = new Set(seed.dataCollectionEndpoints.map((d) => lower(d.id)))
  const principals = new Set([
    ...seed.users.map((u) => lower(u.objectId)),
    ...seed.servicePrincipals.map((s) => lower(s.objectId)),
  ])

  function checkResourceId(path: PropertyKey[], id: string, type: string, name: string) {
    const match = RESOURCE_ID.exec(id)
    if (match === null || lower(match[3] ?? '') !== lower(type) || match[4] !== name) {
      issues.push({
        path,
        message: `must be /subscriptions/{id}/resourceGroups/{group}/providers/${type}/${name}`,
      })
    } else if (!subscriptions.has(lower(match[1] ?? ''))) {
      issues.push({ path, message: `names subscription ${match[1]}, which the seed does not have` })
    }
  }

  function checkUnique(
    kind: string,
    values: readonly string[],
    path: (i: number) => PropertyKey[],
  ) {
    const seen = new Set<string>()
    values.forEach((value, i) => {
      if (seen.has(lower(value)))
        issues.push({ path: path(i), message: `duplicate ${kind} ${value}` })
      seen.add(lower(value))
    })
  }

  checkUnique(
    'client id',
    [
      ...seed.publicClients.map((c) => c.clientId),
      ...seed.servicePrincipals.map((s) => s.clientId),
    ],
    () => ['publicClients'],
  )
  checkUnique(
    'immutable id',
    seed.dataCollectionRules.map((d) => d.properties.immutableId),
    (i) => ['dataCollectionRules', i, 'properties', 'immutableId'],
  )
  checkUnique(
    'username',
    seed.users.map((u) => u.username),
    (i) => ['users', i, 'username'],
  )

  seed.workspaces.forEach((w, i) =>
    checkResourceId(
      ['workspaces', i, 'id'],
      w.id,
      'Microsoft.OperationalInsights/workspaces',
      w.name,
    ),
  )
  seed.dataCollectionEndpoints.forEach((d, i) =>
    checkResourceId(
      ['dataCollectionEndpoints', i, 'id'],
      d.id,
      'Microsoft.Insights/dataCollectionEndpoints',
      d.name,
    ),
  )
  seed.dataCollectionRules.forEach((rule, i) => {
    const at = (...rest: PropertyKey[]) => ['dataCollectionRules', i, ...rest]
    checkResourceId(at('id'), rule.id, 'Microsoft.Insights/dataCollectionRules', rule.name)
    const { properties } = rule
    if (properties.dataCollectionEndpointId !== undefined) {
      if (!dces.has(lower(properties.dataCollectionEndpointId))) {
        issues.push({ path: at('properties', 'dataCollectionEndpointId'), message: 'unknown DCE' })
      }
    }
    if (rule.kind === 'Direct' && properties.endpoints === undefined) {
      issues.push({ path: at('properties', 'endpoints'), message: 'a Direct DCR needs endpoints' })
    }
    const destinations = new Map(properties.destinations.logAnalytics.map((d) => [d.name, d]))
    properties.destinations.logAnalytics.forEach((d, j) => {
      const target = workspaces.get(lower(d.workspaceResourceId))
      const path = at('properties', 'destinations', 'logAnalytics', j)
      if (target === undefined) issues.push({ path, message: 'unknown workspace' })
      else if (lower(target.customerId) !== lower(d.workspaceId)) {
        issues.push({ path, message: "workspaceId must be the workspace's customerId" })
      }
    })
    properties.dataFlows.forEach((flow, j) => {
      const path = at('properties', 'dataFlows', j)
      for (const stream of flow.streams) {
        if (properties.streamDeclarations[stream] === undefined) {
          issues.push({ path, message: `stream ${stream} is not declared` })
        }
      }
      for (const name of flow.destinations) {
        const destination = destinations.get(name)
        if (destination === undefined) {
          issues.push({ path, message: `destination ${name} is not declared` })
          continue
        }
        const output = flow.outputStream ?? flow.streams[0] ?? ''
        const tableName = output.replace(/^Custom-/, '').replace(/^Microsoft-/, '')
        const target = workspaces.get(lower(destination.workspaceResourceId))
        if (target !== undefined && !target.tables.some((t) => t.name === tableName)) {
          issues.push({ path, message: `table ${tableName} is not in workspace ${target.name}` })
        }
      }
    })
  })
  seed.roleAssignments.forEach((assignment, i) => {
    if (!principals.has(lower(assignment.principalId))) {
      issues.push({ path: ['roleAssignments', i, 'principalId'], message: 'unknown principal' })
    }
  })
  return issues
}

/** The full seed schema: shape plus cross-references. */
export const seedSchema: z.ZodType<EmulatorSeed> = seedShape.superRefine((seed, ctx) => {
  for (const issue of crossCheck(seed)) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message })
  }
})
