import type { DataCollectionRuleResource } from '@azure/arm-monitor'
import { AppError, errorData, toErrorData } from '../../../shared/errors/app-error'
import type { DcrDetail, DcrSummary, TableSchema } from '../../../shared/models/target'
import { matchesSearch } from '../../../shared/models/target-search'
import type { ArmClients } from './arm-clients'
import { toArmAppError } from './arm-errors'
import { mappingColumnsOf, toDcrSummary, type MappingColumns } from './dcr-mapper'
import { EndpointResolver } from './endpoint-resolver'
import { parseResourceId } from './resource-id'

async function listAll<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of pages) items.push(item)
  return items
}

/**
 * Every DCR of a subscription (all pages), with streams, columns, flows and the resolved
 * ingestion endpoint. `search` matches the DCR's name, resource group, immutable id or a
 * stream name. Sorted by name.
 */
export async function listDcrs(
  clients: ArmClients,
  subscriptionId: string,
  search?: string,
): Promise<DcrSummary[]> {
  let rules: DataCollectionRuleResource[]
  try {
    rules = await listAll(clients.monitor(subscriptionId).dataCollectionRules.listBySubscription())
  } catch (error) {
    throw toArmAppError(error)
  }
  const resolver = new EndpointResolver((sub) => clients.monitor(sub))
  const summaries = await Promise.all(
    rules.map(async (rule) => toDcrSummary(rule, await resolver.resolve(rule))),
  )
  return summaries
    .filter((dcr) =>
      matchesSearch(
        search,
        dcr.name,
        dcr.resourceGroup,
        dcr.immutableId,
        ...dcr.streams.map((s) => s.name),
      ),
    )
    .sort((a, b) => a.name.localeCompare(b.name))
}

async function tableSchema(
  clients: ArmClients,
  workspaceResourceId: string,
  table: string,
): Promise<TableSchema> {
  const parts = parseResourceId(workspaceResourceId)
  if (parts === null) {
    return {
      workspaceResourceId,
      table,
      columns: [],
      problem: errorData('target/table-unreadable', `bad workspace id ${workspaceResourceId}`),
    }
  }
  try {
    const found = await clients
      .insights(parts.subscriptionId)
      .tables.get(parts.resourceGroup, parts.name, table)
    const columns = (found.schema?.columns ?? []).map((c) => ({
      name: c.name ?? '',
      type: c.type ?? 'string',
    }))
    return { workspaceResourceId, table, columns, problem: null }
  } catch (error) {
    const cause = toErrorData(toArmAppError(error))
    return {
      workspaceResourceId,
      table,
      columns: [],
      problem: errorData('target/table-unreadable', `${cause.code}: ${cause.detail ?? ''}`),
    }
  }
}

/** One DCR by ARM id, with the schemas of the tables its flows write to. */
export async function getDcr(clients: ArmClients, dcrId: string): Promise<DcrDetail> {
  const rule = await readRule(clients, dcrId)
  const resolver = new EndpointResolver((sub) => clients.monitor(sub))
  const summary = toDcrSummary(rule, await resolver.resolve(rule))
  const wanted = new Map<string, { workspaceResourceId: string; table: string }>()
  for (const stream of summary.streams) {
    for (const flow of stream.flows) {
      if (flow.workspace === null || flow.workspace.workspaceResourceId === '') continue
      const key = `${flow.workspace.workspaceResourceId.toLowerCase()}|${flow.naming.table}`
      wanted.set(key, {
        workspaceResourceId: flow.workspace.workspaceResourceId,
        table: flow.naming.table,
      })
    }
  }
  const tables = await Promise.all(
    [...wanted.values()].map((w) => tableSchema(clients, w.workspaceResourceId, w.table)),
  )
  return { ...summary, tables }
}

/**
 * The columns one DCR declares for a stream, read through the cloud's ARM, or undefined when
 * the rule declares no such stream. ARM errors come back as `target/*` AppErrors.
 */
export async function readStreamColumns(
  clients: ArmClients,
  dcrId: string,
  stream: string,
): Promise<MappingColumns | undefined> {
  return mappingColumnsOf(await readRule(clients, dcrId), stream)
}

/** One DCR by ARM id; ARM errors as `target/*` AppErrors. */
async function readRule(clients: ArmClients, dcrId: string): Promise<DataCollectionRuleResource> {
  const parts = parseResourceId(dcrId)
  if (parts === null) throw new AppError('target/dcr-not-found', `not a DCR id: ${dcrId}`)
  try {
    return await clients
      .monitor(parts.subscriptionId)
      .dataCollectionRules.get(parts.resourceGroup, parts.name)
  } catch (error) {
    throw toArmAppError(error, 'target/dcr-not-found')
  }
}
