import type { AppErrorData } from '../errors/app-error'

/**
 * Where logs go, and what discovery found in Azure (subscriptions, DCRs, DCEs, streams).
 *
 * Plain, structured-clone-safe data; ARM's own shapes stay on the main side.
 */

/** The three things an upload needs: the URL, the DCR immutable id and the input stream. */
export interface IngestionTarget {
  /** https origin of the DCE or of the DCR's own endpoint, without a trailing slash. */
  readonly endpoint: string
  /** `dcr-` + 32 hex digits: the DCR's immutable id (not its ARM name). */
  readonly dcrImmutableId: string
  /** The input stream the records are sent to, e.g. `Custom-AppEvents`. */
  readonly streamName: string
}

/** DCR stream column types (Log Analytics tables use `dateTime` and `guid` instead). */
export type StreamColumnType =
  'string' | 'int' | 'long' | 'real' | 'boolean' | 'datetime' | 'dynamic'

export interface StreamColumn {
  readonly name: string
  /** One of StreamColumnType; kept as a string so an unknown future type still shows. */
  readonly type: string
}

export interface SubscriptionSummary {
  readonly subscriptionId: string
  readonly displayName: string
  readonly tenantId: string
  /** `Enabled`, `Disabled`, `Warned`, `PastDue` or `Deleted`. */
  readonly state: string
}

/** A tenant whose subscriptions could not be listed; the others are still shown. */
export interface TenantFailure {
  readonly tenantId: string
  readonly problem: AppErrorData
}

export interface SubscriptionList {
  readonly subscriptions: readonly SubscriptionSummary[]
  /** Tenants the account can reach, including those that failed. */
  readonly tenantIds: readonly string[]
  readonly tenantFailures: readonly TenantFailure[]
}

/**
 * The three names people mix up, side by side.
 *
 * You send to the input stream `Custom-X`; the DCR's transform writes to the output stream
 * `Custom-X_CL`; that output stream is the table `X_CL` you query.
 */
export interface StreamNaming {
  readonly inputStream: string
  readonly outputStream: string
  readonly table: string
}

/** One data flow of a stream: transform, then into a workspace table. */
export interface StreamFlow {
  readonly naming: StreamNaming
  /** The KQL transform; `source` (no change) when the DCR has none. */
  readonly transformKql: string
  /** The Log Analytics destination (null when the flow goes elsewhere, e.g. metrics). */
  readonly workspace: {
    /** The destination's name inside the DCR. */
    readonly destinationName: string
    readonly workspaceResourceId: string
    /** The workspace's name, taken from its ARM id. */
    readonly workspaceName: string
    /** The workspace GUID (Customer ID) used by the query API. */
    readonly workspaceId: string
  } | null
}

/** One input stream of a DCR: what to send, and where it ends up. */
export interface StreamInfo {
  /** The input stream name to send to, e.g. `Custom-AppEvents`. */
  readonly name: string
  /** Declared columns; records are matched to them by name (case-sensitive). */
  readonly columns: readonly StreamColumn[]
  readonly flows: readonly StreamFlow[]
}

/**
 * Where a DCR takes data: its own endpoint (kind Direct) or its data collection endpoint.
 *
 * `endpoint` is null when neither is available; `problem` then says why.
 */
export interface IngestionEndpointInfo {
  readonly endpoint: string | null
  readonly source: 'dcr' | 'dce' | 'none'
  readonly dataCollectionEndpointId: string | null
  /** Why there is no endpoint (`target/no-endpoint`, `target/dce-unreadable`), else null. */
  readonly problem: AppErrorData | null
}

export interface DcrSummary {
  /** ARM resource id. */
  readonly id: string
  readonly name: string
  readonly subscriptionId: string
  readonly resourceGroup: string
  readonly location: string
  /** `Direct` for DCRs with their own ingestion endpoint; null when not set. */
  readonly kind: string | null
  readonly immutableId: string
  readonly description: string | null
  readonly ingestion: IngestionEndpointInfo
  readonly streams: readonly StreamInfo[]
}

/** A destination table's schema, read from the workspace (when the account may read it). */
export interface TableSchema {
  readonly workspaceResourceId: string
  readonly table: string
  readonly columns: readonly StreamColumn[]
  /** Why the schema could not be read (null when it was). */
  readonly problem: AppErrorData | null
}

/** One DCR with its destination tables' schemas. */
export interface DcrDetail extends DcrSummary {
  readonly tables: readonly TableSchema[]
}

export interface DceSummary {
  readonly id: string
  readonly name: string
  readonly subscriptionId: string
  readonly resourceGroup: string
  readonly location: string
  readonly immutableId: string
  readonly logsIngestionEndpoint: string | null
  readonly publicNetworkAccess: string | null
}

/** A target used before, remembered without any secret. */
export interface RecentTarget extends IngestionTarget {
  /** What to show: the DCR's name when known, otherwise the stream. */
  readonly label: string
  readonly source: 'discovered' | 'manual'
  /** ARM id of the DCR when it was picked through discovery. */
  readonly dcrId: string | null
  readonly lastUsedAt: string
}

/** Values for the manual form, taken from the environment when set. */
export interface ManualTargetDefaults {
  readonly endpoint: string
  readonly dcrImmutableId: string
  readonly streamName: string
  /** Which environment variables supplied a value (e.g. `AZURE_DCE_ENDPOINT`). */
  readonly fromEnvironment: readonly string[]
}

/** The outcome of the empty-array POST made before an upload. */
export type ConnectionCheck =
  | {
      readonly ready: true
      readonly target: IngestionTarget
      readonly checkedAt: string
      readonly requestId: string | null
    }
  | {
      readonly ready: false
      readonly target: IngestionTarget
      readonly checkedAt: string
      /** Code and advice to show (e.g. `target/forbidden` with the role to ask for). */
      readonly problem: AppErrorData
      readonly httpStatus: number | null
      /** The service's own error code, e.g. `OperationFailed`. */
      readonly serviceCode: string | null
      readonly serviceMessage: string | null
      readonly requestId: string | null
    }
