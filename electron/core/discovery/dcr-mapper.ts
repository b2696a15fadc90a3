import type { DataCollectionRuleResource } from '@azure/arm-monitor'
import {
  DCR_COLUMN_TYPES,
  type DcrColumnType,
  type StreamColumn as MappingStreamColumn,
} from '../../../shared/mapping/mapping-schema'
import { streamNaming } from '../../../shared/models/stream-naming'
import type {
  DcrSummary,
  IngestionEndpointInfo,
  StreamFlow,
  StreamInfo,
} from '../../../shared/models/target'
import { parseResourceId } from './resource-id'

function workspaceNameOf(resourceId: string): string {
  return parseResourceId(resourceId)?.name ?? resourceId.split('/').pop() ?? resourceId
}

/**
 * The input streams of a DCR with their columns and data flows (transform, output stream,
 * table, workspace). Streams only used by flows (built-in `Microsoft-` ones) are listed too.
 */
export function streamsOf(rule: DataCollectionRuleResource): StreamInfo[] {
  const declared = rule.streamDeclarations ?? {}
  const names = new Set<string>(Object.keys(declared))
  for (const flow of rule.dataFlows ?? []) for (const s of flow.streams ?? []) names.add(s)
  const workspaces = new Map(
    (rule.destinations?.logAnalytics ?? []).map((d) => [d.name ?? '', d] as const),
  )
  return [...names].sort().map((name) => {
    const flows: StreamFlow[] = (rule.dataFlows ?? [])
      .filter((flow) => (flow.streams ?? []).includes(name))
      .map((flow) => {
        const destinationName = (flow.destinations ?? []).find((d) => workspaces.has(d)) ?? null
        const destination = destinationName === null ? undefined : workspaces.get(destinationName)
        return {
          naming: streamNaming(name, flow.outputStream),
          transformKql: flow.transformKql?.trim() || 'source',
          workspace:
            destination === undefined || destinationName === null
              ? null
              : {
                  destinationName,
                  workspaceResourceId: destination.workspaceResourceId ?? '',
                  workspaceName: workspaceNameOf(destination.workspaceResourceId ?? ''),
                  workspaceId: destination.workspaceId ?? '',
                },
        }
      })
    const columns = (declared[name]?.columns ?? []).map((c) => ({
      name: c.name ?? '',
      type: c.type ?? 'string',
    }))
    return { name, columns, flows }
  })
}

/** A DCR as the renderer sees it, with its ingestion endpoint already resolved. */
export function toDcrSummary(
  rule: DataCollectionRuleResource,
  ingestion: IngestionEndpointInfo,
): DcrSummary {
  const id = rule.id ?? ''
  const parts = parseResourceId(id)
  return {
    id,
    name: rule.name ?? parts?.name ?? id,
    subscriptionId: parts?.subscriptionId ?? '',
    resourceGroup: parts?.resourceGroup ?? '',
    location: rule.location,
    kind: rule.kind ?? null,
    immutableId: rule.immutableId ?? '',
    description: rule.description ?? null,
    ingestion,
    streams: streamsOf(rule),
  }
}

/** A stream's declared columns as a mapping compiles against them. */
export interface MappingColumns {
  readonly columns: MappingStreamColumn[]
  /** Declared columns whose type LogDrop does not know (left out of the mapping; say so). */
  readonly unknownTypes: ReadonlyArray<{ readonly name: string; readonly type: string }>
}

/**
 * The columns a DCR declares for one input stream, typed for the mapping, or undefined when
 * the rule declares no such stream.
 */
export function mappingColumnsOf(
  rule: DataCollectionRuleResource,
  stream: string,
): MappingColumns | undefined {
  if (rule.streamDeclarations?.[stream] === undefined) return undefined
  const info = streamsOf(rule).find((candidate) => candidate.name === stream)
  const known = new Set<string>(DCR_COLUMN_TYPES)
  const columns: MappingStreamColumn[] = []
  const unknownTypes: Array<{ name: string; type: string }> = []
  for (const column of info?.columns ?? []) {
    if (column.name === '') continue
    if (known.has(column.type))
      columns.push({ name: column.name, type: column.type as DcrColumnType })
    else unknownTypes.push({ name: column.name, type: column.type })
  }
  return { columns, unknownTypes }
}
