import type {
  ArmDataCollectionEndpoint,
  ArmDataCollectionRule,
  EmulatorSeed,
  SeedRoleAssignment,
  SeedTable,
  SeedWorkspace,
  StreamColumnType,
  TableColumnType,
} from './seed-types'

/**
 * The world the emulator starts with when no `--seed` file is given.
 *
 * Every id is fixed so tests, docs and a user's saved settings keep working across restarts.
 * Endpoints say `{origin}`: the server replaces it once its port is known.
 */
export const DEFAULT_IDS = {
  tenantId: 'e0986129-6ba0-4321-8408-e74dc52c218c',
  /** Adele may ingest into every DCR and read both workspaces. */
  userWithRights: 'a8e21f33-2d47-4bdb-a682-a20ab83f5960',
  /** Ben exists but holds no role anywhere. */
  userWithoutRights: 'ca61006a-8590-4228-897c-bb7f5fb8c8a7',
  publicClientId: '969679fc-07bb-492d-9a1b-7d06da908558',
  /** The Azure CLI's well-known public client id, so @azure/identity's defaults work too. */
  azureCliClientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  servicePrincipalClientId: '995db75b-7b04-4576-b7f5-99aec079adf3',
  servicePrincipalObjectId: '6f9714f4-f1bb-446b-9b22-5dc2e0492c4c',
  subscriptionMain: '4ac0f407-1d46-445b-8650-fabb9569b755',
  subscriptionSandbox: 'c448f737-13cb-46f1-83fb-c424619fc223',
  workspaceMainCustomerId: 'f8b7d980-73bd-4fa8-9a6c-01fa0d440777',
  workspaceSandboxCustomerId: '674cb909-8ce0-48ca-b6d4-90811b89680d',
} as const

/** An emulator-only secret, printed in the ready line; it protects nothing real. */
const SERVICE_PRINCIPAL_SECRET = 'Vx38Q~GUARYmKb2gBxfIIAEFYLyzHAI7NcdloIyT'

const LOCATION = 'westeurope'
const MAIN_RG = 'rg-logdrop'
const OPS_RG = 'rg-logdrop-ops'
const SANDBOX_RG = 'rg-logdrop-sandbox'

function resourceGroupId(subscriptionId: string, group: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${group}`
}

function workspace(
  subscriptionId: string,
  group: string,
  name: string,
  customerId: string,
  tables: readonly SeedTable[],
): SeedWorkspace {
  return {
    id: `${resourceGroupId(subscriptionId, group)}/providers/Microsoft.OperationalInsights/workspaces/${name}`,
    name,
    location: LOCATION,
    customerId,
    tables,
  }
}

type Columns = ReadonlyArray<readonly [string, StreamColumnType]>

/** Maps a stream column type to the table column type Log Analytics stores it as. */
function tableType(type: StreamColumnType): TableColumnType {
  return type === 'datetime' ? 'dateTime' : type
}

function table(name: string, columns: Columns): SeedTable {
  return {
    name,
    columns: columns.map(([column, type]) => ({ name: column, type: tableType(type) })),
  }
}

const mainWorkspaceTables: readonly SeedTable[] = [
  table('AppEvents_CL', [
    ['TimeGenerated', 'datetime'],
    ['Time', 'datetime'],
    ['Host', 'string'],
    ['Level', 'int'],
    ['Bytes', 'long'],
    ['DurationMs', 'real'],
    ['Success', 'boolean'],
    ['Properties', 'dynamic'],
    ['Message', 'string'],
  ]),
  table('Requests_CL', [
    ['TimeGenerated', 'datetime'],
    ['Timestamp', 'datetime'],
    ['RequestUrl', 'string'],
    ['Method', 'string'],
    ['StatusCode', 'int'],
    ['LatencyMs', 'real'],
    ['Client', 'dynamic'],
  ]),
  table('Audit_CL', [
    ['TimeGenerated', 'datetime'],
    ['Actor', 'string'],
    ['Action', 'string'],
    ['Target', 'string'],
    ['Succeeded', 'boolean'],
  ]),
  table('Metrics_CL', [
    ['TimeGenerated', 'datetime'],
    ['Name', 'string'],
    ['Value', 'real'],
    ['Count', 'long'],
    ['Dimensions', 'dynamic'],
  ]),
  table('SecurityEvents_CL', [
    ['TimeGenerated', 'datetime'],
    ['Time', 'datetime'],
    ['Severity', 'string'],
    ['EventId', 'int'],
    ['Computer', 'string'],
    ['Details', 'dynamic'],
  ]),
  table('CsvImport_CL', [
    ['TimeGenerated', 'datetime'],
    ['Host', 'string'],
    ['Count', 'int'],
    ['Ratio', 'real'],
    ['Flag', 'boolean'],
  ]),
  table('Traces_CL', [
    ['TimeGenerated', 'datetime'],
    ['TraceId', 'string'],
    ['SpanId', 'string'],
    ['Name', 'string'],
    ['DurationNs', 'long'],
    ['Attributes', 'dynamic'],
    ['IngestedAt', 'datetime'],
  ]),
]

const mainWorkspace = workspace(
  DEFAULT_IDS.subscriptionMain,
  MAIN_RG,
  'law-logdrop',
  DEFAULT_IDS.workspaceMainCustomerId,
  mainWorkspaceTables,
)

const sandboxWorkspace = workspace(
  DEFAULT_IDS.subscriptionSandbox,
  SANDBOX_RG,
  'law-logdrop-sandbox',
  DEFAULT_IDS.workspaceSandboxCustomerId,
  [
    table('Sandbox_CL', [
      ['TimeGenerated', 'datetime'],
      ['Message', 'string'],
    ]),
  ],
)

const dce: ArmDataCollectionEndpoint = {
  id: `${resourceGroupId(DEFAULT_IDS.subscriptionMain, MAIN_RG)}/providers/Microsoft.Insights/dataCollectionEndpoints/dce-logdrop-weu`,
  name: 'dce-logdrop-weu',
  type: 'Microsoft.Insights/dataCollectionEndpoints',
  location: LOCATION,
  properties: {
    immutableId: 'dce-1ded352c70ddec810d0f4ed87d68d435',
    configurationAccess: { endpoint: '{origin}' },
    logsIngestion: { endpoint: '{origin}' },
    networkAcls: { publicNetworkAccess: 'Enabled' },
    provisioningState: 'Succeeded',
    description: 'Emulated data collection endpoint for LogDrop.',
  },
}

interface DcrSpec {
  readonly subscriptionId: string
  readonly group: string
  readonly name: string
  readonly immutableId: string
  /** `Direct` DCRs carry their own ingestion endpoint; the others go through the DCE. */
  readonly direct: boolean
  /** X in `Custom-X`, `Custom-X_CL` and `X_CL`. */
  readonly stream: string
  readonly columns: Columns
  readonly transformKql: string
  readonly target: SeedWorkspace
  readonly description: string
}

function dcr(spec: DcrSpec): ArmDataCollectionRule {
  const destination = spec.target.name
  return {
    id: `${resourceGroupId(spec.subscriptionId, spec.group)}/providers/Microsoft.Insights/dataCollectionRules/${spec.name}`,
    name: spec.name,
    type: 'Microsoft.Insights/dataCollectionRules',
    location: LOCATION,
    ...(spec.direct ? { kind: 'Direct' as const } : {}),
    properties: {
      immutableId: spec.immutableId,
      description: spec.description,
      ...(spec.direct
        ? { endpoints: { logsIngestion: '{origin}' } }
        : { dataCollectionEndpointId: dce.id }),
      streamDeclarations: {
        [`Custom-${spec.stream}`]: {
          columns: spec.columns.map(([name, type]) => ({ name, type })),
        },
      },
      destinations: {
        logAnalytics: [
          {
            workspaceResourceId: spec.target.id,
            workspaceId: spec.target.customerId,
            name: destination,
          },
        ],
      },
      dataFlows: [
        {
          streams: [`Custom-${spec.stream}`],
          destinations: [destination],
          transformKql: spec.transformKql,
          outputStream: `Custom-${spec.stream}_CL`,
        },
      ],
      provisioningState: 'Succeeded',
    },
  }
}

const main = { subscriptionId: DEFAULT_IDS.subscriptionMain, target: mainWorkspace }

const rules: readonly ArmDataCollectionRule[] = [
  dcr({
    ...main,
    group: MAIN_RG,
    name: 'dcr-logdrop-appevents',
    immutableId: 'dcr-cb800baa5db0f56db1fcdb705db87261',
    direct: false,
    stream: 'AppEvents',
    description: 'Application events through the DCE; every column type.',
    columns: [
      ['Time', 'datetime'],
      ['Host', 'string'],
      ['Level', 'int'],
      ['Bytes', 'long'],
      ['DurationMs', 'real'],
      ['Success', 'boolean'],
      ['Properties', 'dynamic'],
      ['Message', 'string'],
    ],
    transformKql: 'source | extend TimeGenerated = todatetime(Time)',
  }),
  dcr({
    ...main,
    group: MAIN_RG,
    name: 'dcr-logdrop-requests',
    immutableId: 'dcr-b72e07813db989decdb1f1aaad566832',
    direct: true,
    stream: 'Requests',
    description: 'HTTP requests through the DCR’s own endpoint; renames Url.',
    columns: [
      ['Timestamp', 'datetime'],
      ['Url', 'string'],
      ['Method', 'string'],
      ['StatusCode', 'int'],
      ['LatencyMs', 'real'],
      ['Client', 'dynamic'],
    ],
    transformKql:
      'source | extend TimeGenerated = todatetime(Timestamp) | project-rename RequestUrl = Url',
  }),
  dcr({
    ...main,
    group: MAIN_RG,
    name: 'dcr-logdrop-audit',
    immutableId: 'dcr-84fe5c1af54d62118e383e550d1e6c83',
    direct: false,
    stream: 'Audit',
    description: 'Audit records that already carry TimeGenerated.',
    columns: [
      ['TimeGenerated', 'datetime'],
      ['Actor', 'string'],
      ['Action', 'string'],
      ['Target', 'string'],
      ['Succeeded', 'boolean'],
    ],
    transformKql: 'source',
  }),
  dcr({
    ...main,
    group: MAIN_RG,
    name: 'dcr-logdrop-metrics',
    immutableId: 'dcr-153ca8c3a0d69c0e57f8992a8dfce6a0',
    direct: false,
    stream: 'Metrics',
    description: 'Metric samples; projects the stored columns.',
    columns: [
      ['Time', 'datetime'],
      ['Name', 'string'],
      ['Value', 'real'],
      ['Count', 'long'],
      ['Dimensions', 'dynamic'],
    ],
    transformKql:
      'source | extend TimeGenerated = todatetime(Time) | project TimeGenerated, Name, Value, Count, Dimensions',
  }),
  dcr({
    ...main,
    group: OPS_RG,
    name: 'dcr-logdrop-security',
    immutableId: 'dcr-546ee5a0d3e600cd0c093a15917791d6',
    direct: true,
    stream: 'SecurityEvents',
    description: 'Security events; drops verbose ones.',
    columns: [
      ['Time', 'datetime'],
      ['Severity', 'string'],
      ['EventId', 'int'],
      ['Computer', 'string'],
      ['Details', 'dynamic'],
    ],
    transformKql: "source | where Severity != 'Verbose' | extend TimeGenerated = todatetime(Time)",
  }),
  dcr({
    ...main,
    group: OPS_RG,
    name: 'dcr-logdrop-csvimport',
    immutableId: 'dcr-7b106f785cf5f8d0a4c22a353fb9b50b',
    direct: false,
    stream: 'CsvImport',
    description: 'CSV rows sent as text; the transform converts the types.',
    columns: [
      ['Time', 'string'],
      ['Host', 'string'],
      ['CountText', 'string'],
      ['RatioText', 'string'],
      ['FlagText', 'string'],
    ],
    transformKql:
      'source | extend TimeGenerated = todatetime(Time), Count = toint(CountText), Ratio = toreal(RatioText), Flag = tobool(FlagText) | project TimeGenerated, Host, Count, Ratio, Flag',
  }),
  dcr({
    ...main,
    group: OPS_RG,
    name: 'dcr-logdrop-traces',
    immutableId: 'dcr-dd09b50011d1883a74a3c46647f4662f',
    direct: false,
    stream: 'Traces',
    description: 'Trace spans; stamps the time of ingestion.',
    columns: [
      ['TimeGenerated', 'datetime'],
      ['TraceId', 'string'],
      ['SpanId', 'string'],
      ['Name', 'string'],
      ['DurationNs', 'long'],
      ['Attributes', 'dynamic'],
    ],
    transformKql: 'source | extend IngestedAt = now()',
  }),
  dcr({
    subscriptionId: DEFAULT_IDS.subscriptionSandbox,
    target: sandboxWorkspace,
    group: SANDBOX_RG,
    name: 'dcr-logdrop-sandbox',
    immutableId: 'dcr-46c5048c165da08ce050e42e3c52ac7b',
    direct: true,
    stream: 'Sandbox',
    description: 'A Direct DCR in the second subscription.',
    columns: [
      ['TimeGenerated', 'datetime'],
      ['Message', 'string'],
    ],
    transformKql: 'source',
  }),
]

function grant(
  principalId: string,
  role: SeedRoleAssignment['role'],
  scope: string,
): SeedRoleAssignment {
  return { principalId, role, scope }
}

const subscriptionScopes = [
  `/subscriptions/${DEFAULT_IDS.subscriptionMain}`,
  `/subscriptions/${DEFAULT_IDS.subscriptionSandbox}`,
]
const workspaceScopes = [mainWorkspace.id, sandboxWorkspace.id]

const roleAssignments: readonly SeedRoleAssignment[] = [
  // Adele: ingestion on each DCR, reads in ARM, queries on the workspaces.
  ...rules.map((rule) =>
    grant(DEFAULT_IDS.userWithRights, 'Monitoring Metrics Publisher', rule.id),
  ),
  ...subscriptionScopes.map((scope) => grant(DEFAULT_IDS.userWithRights, 'Reader', scope)),
  ...workspaceScopes.map((scope) =>
    grant(DEFAULT_IDS.userWithRights, 'Log Analytics Reader', scope),
  ),
  // The service principal: the same rights, granted at subscription scope.
  ...subscriptionScopes.flatMap((scope) => [
    grant(DEFAULT_IDS.servicePrincipalObjectId, 'Monitoring Metrics Publisher', scope),
    grant(DEFAULT_IDS.servicePrincipalObjectId, 'Reader', scope),
  ]),
  ...workspaceScopes.map((scope) =>
    grant(DEFAULT_IDS.servicePrincipalObjectId, 'Log Analytics Reader', scope),
  ),
]

/** Returns the default seed (a fresh object; callers may not share mutations). */
export function defaultSeed(): EmulatorSeed {
  return structuredClone({
    tenant: {
      id: DEFAULT_IDS.tenantId,
      displayName: 'Contoso (LogDrop emulator)',
      domain: 'contoso.example',
    },
    users: [
      {
        objectId: DEFAULT_IDS.userWithRights,
        username: 'adele.vance@contoso.example',
        displayName: 'Adele Vance',
      },
      {
        objectId: DEFAULT_IDS.userWithoutRights,
        username: 'ben.walters@contoso.example',
        displayName: 'Ben Walters',
      },
    ],
    publicClients: [
      { clientId: DEFAULT_IDS.publicClientId, displayName: 'LogDrop' },
      { clientId: DEFAULT_IDS.azureCliClientId, displayName: 'Microsoft Azure CLI' },
    ],
    servicePrincipals: [
      {
        clientId: DEFAULT_IDS.servicePrincipalClientId,
        objectId: DEFAULT_IDS.servicePrincipalObjectId,
        displayName: 'logdrop-uploader',
        clientSecret: SERVICE_PRINCIPAL_SECRET,
      },
    ],
    subscriptions: [
      {
        subscriptionId: DEFAULT_IDS.subscriptionMain,
        displayName: 'Contoso Logging (emulated)',
        tenantId: DEFAULT_IDS.tenantId,
        state: 'Enabled',
      },
      {
        subscriptionId: DEFAULT_IDS.subscriptionSandbox,
        displayName: 'Contoso Sandbox (emulated)',
        tenantId: DEFAULT_IDS.tenantId,
        state: 'Enabled',
      },
    ],
    workspaces: [mainWorkspace, sandboxWorkspace],
    dataCollectionEndpoints: [dce],
    dataCollectionRules: rules,
    roleAssignments,
    settings: { armPageSize: 5 },
  } satisfies EmulatorSeed)
}
