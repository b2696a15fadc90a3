import type { TokenCredential } from '@azure/core-auth'
import { MonitorClient } from '@azure/arm-monitor'
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights'
import { armClientOptions, type ArmCloud } from './arm-client-options'

/** ARM SDK clients per subscription, each with a credential for the subscription's tenant. */
export interface ArmClients {
  monitor(subscriptionId: string): MonitorClient
  insights(subscriptionId: string): OperationalInsightsManagementClient
}

/** Builds (and reuses) the official ARM SDK clients for one cloud. */
export function createArmClients(
  config: ArmCloud,
  credentialFor: (subscriptionId: string) => TokenCredential,
): ArmClients {
  const monitors = new Map<string, MonitorClient>()
  const insights = new Map<string, OperationalInsightsManagementClient>()
  const options = armClientOptions(config)
  return {
    monitor(subscriptionId) {
      const key = subscriptionId.toLowerCase()
      let client = monitors.get(key)
      if (client === undefined) {
        client = new MonitorClient(credentialFor(subscriptionId), subscriptionId, options)
        monitors.set(key, client)
      }
      return client
    },
    insights(subscriptionId) {
      const key = subscriptionId.toLowerCase()
      let client = insights.get(key)
      if (client === undefined) {
        client = new OperationalInsightsManagementClient(
          credentialFor(subscriptionId),
          subscriptionId,
          options,
        )
        insights.set(key, client)
      }
      return client
    },
  }
}
