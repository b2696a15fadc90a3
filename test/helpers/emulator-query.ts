import { ClientSecretCredential } from '@azure/identity'
import { fetch } from 'undici'
import {
  azureClientTrustOptions,
  createTrustingDispatcher,
} from '../../electron/core/emulator-client/trust'
import { DEFAULT_IDS } from '../../emulator/seed/default-seed'
import type { RunningEmulator } from '../../emulator/start-emulator'

const QUERY_SCOPE = 'https://api.loganalytics.io/.default'

/**
 * Runs KQL on the main workspace through the emulator's Log Analytics query API as the seeded
 * service principal,
 * signed in by @azure/identity (a client we did not write), and returns the rows as objects.
 */
export async function queryEmulator(
  emulator: RunningEmulator,
  kql: string,
): Promise<Array<Record<string, unknown>>> {
  const { clientId, clientSecret } = emulator.servicePrincipal
  const credential = new ClientSecretCredential(emulator.tenantId, clientId, clientSecret, {
    authorityHost: emulator.origin,
    disableInstanceDiscovery: true,
    ...azureClientTrustOptions(emulator.caCertPem),
  })
  const token = await credential.getToken(QUERY_SCOPE)
  const workspace = DEFAULT_IDS.workspaceMainCustomerId
  const response = await fetch(`${emulator.origin}/v1/workspaces/${workspace}/query`, {
    method: 'POST',
    dispatcher: createTrustingDispatcher(emulator.caCertPem),
    headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: kql }),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`query answered ${response.status}: ${text}`)
  const body = JSON.parse(text) as {
    tables: Array<{ columns: Array<{ name: string }>; rows: unknown[][] }>
  }
  const table = body.tables[0]
  if (table === undefined) return []
  return table.rows.map((row) =>
    Object.fromEntries(table.columns.map((column, index) => [column.name, row[index]])),
  )
}
