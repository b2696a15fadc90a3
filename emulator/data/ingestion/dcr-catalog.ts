import type { ArmDataCollectionRule, EmulatorSeed, SeedWorkspace } from '../../seed/seed-types'
import { KqlError } from '../kql/kql-error'
import type { Schema } from '../kql/kql-types'
import { compileTransform, describeKqlError, type CompiledTransform } from '../kql/transform'
import { streamTypeToKql, workspaceTables } from '../table-schemas'

/** Where one data flow writes: a workspace table and its query schema. */
export interface FlowTarget {
  readonly workspace: SeedWorkspace
  readonly table: string
  readonly schema: Schema
}

/** One data flow of a stream, ready to run. */
export interface CompiledFlow {
  readonly outputStream: string
  readonly target: FlowTarget
  /** Undefined when the flow has no `transformKql` (rows pass as they are). */
  readonly transform?: CompiledTransform
  readonly outputSchema: Schema
}

/** A stream of a DCR: its declared columns and where its rows go. */
export interface CompiledStream {
  readonly name: string
  readonly schema: Schema
  readonly flows: readonly CompiledFlow[]
  /** Set when the emulator cannot run this stream's flows faithfully. */
  readonly problem?: string
}

/** A DCR as the data plane uses it. */
export interface CompiledDcr {
  readonly rule: ArmDataCollectionRule
  readonly streams: ReadonlyMap<string, CompiledStream>
  /** Workspace whose `DCRLogErrors` gets this DCR's diagnostics. */
  readonly diagnosticsWorkspace?: SeedWorkspace
}

/** A problem found while compiling the seed's DCRs. */
export interface TransformProblem {
  readonly dcrId: string
  readonly message: string
}

/** Every DCR of the seed, by immutable id, with the problems found while compiling them. */
export class DcrCatalog {
  private readonly byImmutableId = new Map<string, CompiledDcr>()
  private readonly workspacesByCustomerId = new Map<string, SeedWorkspace>()
  readonly problems: TransformProblem[] = []

  constructor(seed: EmulatorSeed) {
    for (const workspace of seed.workspaces) {
      this.workspacesByCustomerId.set(workspace.customerId.toLowerCase(), workspace)
    }
    for (const rule of seed.dataCollectionRules) {
      this.byImmutableId.set(rule.properties.immutableId.toLowerCase(), this.compile(rule, seed))
    }
  }

  /** The DCR with this immutable id (case-insensitive), if any. */
  find(immutableId: string): CompiledDcr | undefined {
    return this.byImmutableId.get(immutableId.toLowerCase())
  }

  /** The workspace with this customer id (the query API's workspace GUID), if any. */
  workspace(customerId: string): SeedWorkspace | undefined {
    return this.workspacesByCustomerId.get(customerId.toLowerCase())
  }

  /** All DCRs, for counters. */
  all(): IterableIterator<CompiledDcr> {
    return this.byImmutableId.values()
  }

  private compile(rule: ArmDataCollectionRule, seed: EmulatorSeed): CompiledDcr {
    const problem = (message: string) => {
      this.problems.push({ dcrId: rule.id, message })
      return message
    }
    const destinations = new Map<string, SeedWorkspace>()
    for (const destination of rule.properties.destinations.logAnalytics) {
      const workspace =
        seed.workspaces.find(
          (w) => w.id.toLowerCase() === destination.workspaceResourceId.toLowerCase(),
        ) ?? this.workspace(destination.workspaceId)
      if (workspace === undefined) {
        problem(
          `destination '${destination.name}': workspace ${destination.workspaceResourceId} is not in the seed`,
        )
      } else {
        destinations.set(destination.name, workspace)
      }
    }
    const streamNames = new Set(Object.keys(rule.properties.streamDeclarations))
    for (const flow of rule.properties.dataFlows) for (const s of flow.streams) streamNames.add(s)

    const streams = new Map<string, CompiledStream>()
    for (const name of streamNames) {
      const declared = rule.properties.streamDeclarations[name]
      const flows: CompiledFlow[] = []
      const problems: string[] = []
      let schema: Schema =
        declared?.columns.map((c) => ({ name: c.name, type: streamTypeToKql(c.type) })) ?? []
      for (const flow of rule.properties.dataFlows.filter((f) => f.streams.includes(name))) {
        const outputStream = flow.outputStream ?? name
        const table = outputStream.replace(/^(Custom|Microsoft)-/, '')
        for (const destinationName of flow.destinations) {
          const workspace = destinations.get(destinationName)
          if (workspace === undefined) {
            problems.push(
              problem(
                `stream '${name}': destination '${destinationName}' is not a known Log Analytics destination`,
              ),
            )
            continue
          }
          const tableSchema = workspaceTables(workspace).get(table)
          if (tableSchema === undefined) {
            problems.push(
              problem(
                `stream '${name}': table '${table}' does not exist in workspace '${workspace.name}'`,
              ),
            )
            continue
          }
          if (declared === undefined) {
            // Built-in Microsoft-<Table> streams take the table's own columns.
            schema = tableSchema.filter((c) => c.hidden !== true && c.name !== 'Type')
          }
          const target: FlowTarget = { workspace, table, schema: tableSchema }
          const kql = flow.transformKql?.trim()
          if (kql === undefined || kql === '' || kql === 'source') {
            flows.push({ outputStream, target, outputSchema: schema })
            continue
          }
          try {
            const transform = compileTransform(kql, schema)
            flows.push({ outputStream, target, transform, outputSchema: transform.outputSchema })
          } catch (error) {
            if (!(error instanceof KqlError)) throw error
            const reason =
              error.kind === 'unsupported'
                ? 'uses KQL the emulator does not support'
                : 'is not valid'
            problems.push(
              problem(`stream '${name}': transformKql ${reason}: ${describeKqlError(kql, error)}`),
            )
          }
        }
      }
      if (declared === undefined && !name.startsWith('Microsoft-')) {
        problems.push(
          problem(`stream '${name}' is used by a data flow but not declared in streamDeclarations`),
        )
      }
      streams.set(name, {
        name,
        schema,
        flows,
        ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
      })
    }
    const diagnosticsWorkspace = destinations.values().next().value
    return {
      rule,
      streams,
      ...(diagnosticsWorkspace === undefined ? {} : { diagnosticsWorkspace }),
    }
  }
}
