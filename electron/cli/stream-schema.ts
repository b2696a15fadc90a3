import { MonitorClient } from '@azure/arm-monitor'
import { CLOUDS } from '../../shared/clouds'
import type { StreamColumn } from '../../shared/mapping/mapping-schema'
import { DCR_COLUMN_TYPES } from '../../shared/mapping/mapping-schema'
import { parseResourceId } from '../core/discovery/resource-id'
import type { Connection } from './credentials'

/**
 * The columns a DCR declares for a stream, read through ARM (the official SDK), or undefined
 * when the rule or the stream is not there. Errors (no rights, no network) are thrown.
 */
export async function streamColumnsFromArm(
  connection: Connection,
  dcrResourceId: string,
  stream: string,
): Promise<StreamColumn[] | undefined> {
  const parts = parseResourceId(dcrResourceId)
  if (parts === null) return undefined
  const client = new MonitorClient(connection.credential, parts.subscriptionId, {
    endpoint: connection.armEndpoint ?? CLOUDS.AzurePublic.armEndpoint,
    credentials: { scopes: [CLOUDS.AzurePublic.armScope] },
    retryOptions: { maxRetries: 1 },
    ...connection.clientOptions,
  })
  const rule = await client.dataCollectionRules.get(parts.resourceGroup, parts.name)
  const declaration = rule.streamDeclarations?.[stream]
  if (declaration === undefined) return undefined
  const known = new Set<string>(DCR_COLUMN_TYPES)
  return (declaration.columns ?? [])
    .filter((column) => column.name !== undefined && known.has(String(column.type)))
    .map((column) => ({
      name: column.name as string,
      type: column.type as StreamColumn['type'],
    }))
}
