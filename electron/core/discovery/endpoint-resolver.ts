import type {
  DataCollectionEndpointResource,
  DataCollectionRuleResource,
  MonitorClient,
} from '@azure/arm-monitor'
import { errorData, toErrorData } from '../../../shared/errors/app-error'
import type { IngestionEndpointInfo } from '../../../shared/models/target'
import { toArmAppError } from './arm-errors'
import { parseResourceId } from './resource-id'

function trimEndpoint(url: string): string {
  return url.trim().replace(/\/+$/, '')
}

/**
 * Finds where a DCR takes data, reading each data collection endpoint once.
 *
 * A DCR associated with a DCE uses the DCE's `logsIngestion.endpoint` (the association is
 * deliberate, e.g. for private links); otherwise a kind-Direct DCR uses its own
 * `endpoints.logsIngestion` (ARM api-version 2023-03-11 or later returns it). If the DCE cannot
 * be read, the DCR's own endpoint is the fallback.
 */
export class EndpointResolver {
  private readonly dces = new Map<string, Promise<DataCollectionEndpointResource>>()

  constructor(private readonly monitorFor: (subscriptionId: string) => MonitorClient) {}

  async resolve(rule: DataCollectionRuleResource): Promise<IngestionEndpointInfo> {
    const own = rule.endpoints?.logsIngestion
    const ownEndpoint = own === undefined || own.trim() === '' ? null : trimEndpoint(own)
    const dceId = rule.dataCollectionEndpointId?.trim() || null
    if (dceId === null) {
      return ownEndpoint === null
        ? {
            endpoint: null,
            source: 'none',
            dataCollectionEndpointId: null,
            problem: errorData('target/no-endpoint', `${rule.id ?? ''} has no endpoint`),
          }
        : { endpoint: ownEndpoint, source: 'dcr', dataCollectionEndpointId: null, problem: null }
    }
    let problem = errorData('target/dce-unreadable', `${dceId} has no logsIngestion.endpoint`)
    try {
      const dce = await this.dce(dceId)
      const endpoint = dce.logsIngestion?.endpoint
      if (endpoint !== undefined && endpoint.trim() !== '') {
        return {
          endpoint: trimEndpoint(endpoint),
          source: 'dce',
          dataCollectionEndpointId: dceId,
          problem: null,
        }
      }
    } catch (error) {
      const cause = toErrorData(toArmAppError(error))
      problem = errorData('target/dce-unreadable', `${cause.code}: ${cause.detail ?? ''}`)
    }
    if (ownEndpoint !== null) {
      return {
        endpoint: ownEndpoint,
        source: 'dcr',
        dataCollectionEndpointId: dceId,
        problem: null,
      }
    }
    return { endpoint: null, source: 'dce', dataCollectionEndpointId: dceId, problem }
  }

  private dce(id: string): Promise<DataCollectionEndpointResource> {
    const key = id.toLowerCase()
    let found = this.dces.get(key)
    if (found === undefined) {
      const parts = parseResourceId(id)
      found =
        parts === null
          ? Promise.reject(new Error(`not a resource id: ${id}`))
          : this.monitorFor(parts.subscriptionId).dataCollectionEndpoints.get(
              parts.resourceGroup,
              parts.name,
            )
      found.catch(() => undefined)
      this.dces.set(key, found)
    }
    return found
  }
}
