import type { DataCollectionEndpointResource } from '@azure/arm-monitor'
import type { DceSummary } from '../../../shared/models/target'
import type { ArmClients } from './arm-clients'
import { toArmAppError } from './arm-errors'
import { parseResourceId } from './resource-id'

function summarize(dce: DataCollectionEndpointResource): DceSummary {
  const id = dce.id ?? ''
  const parts = parseResourceId(id)
  return {
    id,
    name: dce.name ?? parts?.name ?? id,
    subscriptionId: parts?.subscriptionId ?? '',
    resourceGroup: parts?.resourceGroup ?? '',
    location: dce.location,
    immutableId: dce.immutableId ?? '',
    logsIngestionEndpoint: dce.logsIngestion?.endpoint?.replace(/\/+$/, '') ?? null,
    publicNetworkAccess: dce.networkAcls?.publicNetworkAccess ?? null,
  }
}

/** Every data collection endpoint of a subscription (all pages), sorted by name. */
export async function listDces(clients: ArmClients, subscriptionId: string): Promise<DceSummary[]> {
  const found: DceSummary[] = []
  try {
    const pages = clients.monitor(subscriptionId).dataCollectionEndpoints.listBySubscription()
    for await (const dce of pages) found.push(summarize(dce))
  } catch (error) {
    throw toArmAppError(error)
  }
  return found.sort((a, b) => a.name.localeCompare(b.name))
}
