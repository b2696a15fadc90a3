/**
 * The emulator's world: who exists, what they may do, and which Azure resources are there.
 *
 * Resources are kept in their real ARM JSON shapes (reference §4), so the ARM routes serve them
 * as they are and the data plane reads the same objects. Any string may contain `{origin}`,
 * replaced at start-up by the emulator's https origin (ports are only known then).
 */
export interface EmulatorSeed {
  readonly tenant: SeedTenant
  readonly users: readonly SeedUser[]
  readonly publicClients: readonly SeedPublicClient[]
  readonly servicePrincipals: readonly SeedServicePrincipal[]
  readonly subscriptions: readonly SeedSubscription[]
  readonly workspaces: readonly SeedWorkspace[]
  readonly dataCollectionEndpoints: readonly ArmDataCollectionEndpoint[]
  readonly dataCollectionRules: readonly ArmDataCollectionRule[]
  readonly roleAssignments: readonly SeedRoleAssignment[]
  /** Per-DCR throttling; absent means the service defaults (12,000 requests and 2 GB per minute). */
  readonly limits?: SeedLimits
  /** How the emulator's identity and ARM surfaces behave; absent fields take the defaults. */
  readonly settings?: SeedSettings
}

/** Tunables of the emulator itself (not of any Azure resource). */
export interface SeedSettings {
  /** Items per ARM list page before a `nextLink` (default 5, so paging is always exercised). */
  readonly armPageSize?: number
  /** Lifetime of issued access tokens, in seconds (default 3599, as Entra). */
  readonly accessTokenLifetimeSeconds?: number
  /** Seconds a device code stays valid (default 900, as Entra). */
  readonly deviceCodeLifetimeSeconds?: number
  /** Polling interval the device code response asks for, in seconds (default 5, as Entra). */
  readonly deviceCodeIntervalSeconds?: number
}

export interface SeedTenant {
  readonly id: string
  readonly displayName: string
  /** Primary domain, e.g. `contoso.example`; user names end with it. */
  readonly domain: string
}

export interface SeedUser {
  readonly objectId: string
  /** UPN shown on the authorize page and as `preferred_username`. */
  readonly username: string
  readonly displayName: string
}

export interface SeedPublicClient {
  readonly clientId: string
  readonly displayName: string
}

export interface SeedServicePrincipal {
  readonly clientId: string
  readonly objectId: string
  readonly displayName: string
  readonly clientSecret: string
}

export interface SeedSubscription {
  readonly subscriptionId: string
  readonly displayName: string
  readonly tenantId: string
  readonly state: 'Enabled' | 'Disabled' | 'Warned' | 'PastDue' | 'Deleted'
}

/** Log Analytics table column types (note `dateTime` and `guid`, unlike stream columns). */
export type TableColumnType =
  'string' | 'int' | 'long' | 'real' | 'boolean' | 'dateTime' | 'guid' | 'dynamic'

/** DCR stream column types. */
export type StreamColumnType =
  'string' | 'int' | 'long' | 'real' | 'boolean' | 'datetime' | 'dynamic'

export interface SeedTable {
  /** e.g. `AppEvents_CL`. */
  readonly name: string
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: TableColumnType }>
  readonly plan?: 'Analytics' | 'Basic'
}

export interface SeedWorkspace {
  /** ARM id `/subscriptions/.../providers/Microsoft.OperationalInsights/workspaces/<name>`. */
  readonly id: string
  readonly name: string
  readonly location: string
  /** The workspace GUID used by the query API (`properties.customerId`). */
  readonly customerId: string
  readonly tables: readonly SeedTable[]
}

export interface ArmDataCollectionEndpoint {
  readonly id: string
  readonly name: string
  readonly type: 'Microsoft.Insights/dataCollectionEndpoints'
  readonly location: string
  readonly properties: {
    readonly immutableId: string
    readonly configurationAccess?: { readonly endpoint: string }
    readonly logsIngestion: { readonly endpoint: string }
    readonly networkAcls?: { readonly publicNetworkAccess: 'Enabled' | 'Disabled' }
    readonly provisioningState: 'Succeeded'
    readonly description?: string
  }
}

export interface ArmStreamDeclaration {
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: StreamColumnType }>
}

export interface ArmDataFlow {
  readonly streams: readonly string[]
  readonly destinations: readonly string[]
  readonly transformKql?: string
  readonly outputStream?: string
}

export interface ArmDataCollectionRule {
  readonly id: string
  readonly name: string
  readonly type: 'Microsoft.Insights/dataCollectionRules'
  readonly location: string
  readonly kind?: 'Direct' | 'Linux' | 'Windows'
  readonly properties: {
    readonly immutableId: string
    readonly description?: string
    readonly dataCollectionEndpointId?: string
    /** Only for kind Direct; served from api-version 2023-03-11 on, never by 2022-06-01. */
    readonly endpoints?: { readonly logsIngestion: string; readonly metricsIngestion?: string }
    readonly streamDeclarations: Readonly<Record<string, ArmStreamDeclaration>>
    readonly destinations: {
      readonly logAnalytics: ReadonlyArray<{
        readonly workspaceResourceId: string
        readonly workspaceId: string
        readonly name: string
      }>
    }
    readonly dataFlows: readonly ArmDataFlow[]
    readonly provisioningState: 'Succeeded'
  }
}

/** Role names the emulator understands; checks match on name or the built-in role id. */
export type SeedRoleName = 'Monitoring Metrics Publisher' | 'Reader' | 'Log Analytics Reader'

export const ROLE_IDS: Readonly<Record<SeedRoleName, string>> = {
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb',
  Reader: 'acdd72a7-3553-48ef-831c-8e51ae5a2d6b',
  'Log Analytics Reader': '73c42c96-874c-492b-b04d-ab87d138a893',
}

export interface SeedRoleAssignment {
  /** Object id of a user or service principal. */
  readonly principalId: string
  readonly role: SeedRoleName
  /** ARM scope; the grant covers this id and everything under it (`/subscriptions/x` covers its DCRs). */
  readonly scope: string
}

export interface SeedLimits {
  readonly requestsPerMinute?: number
  readonly bytesPerMinute?: number
}
