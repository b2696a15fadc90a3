import { Agent as HttpsAgent, type AgentOptions } from 'node:https'
import { rootCertificates } from 'node:tls'
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node'
import { Agent as UndiciAgent, fetch as undiciFetch } from 'undici'

/*
 * Making Node HTTPS clients trust the emulator's CA, one client at a time.
 *
 * The emulator serves https://localhost:PORT with a certificate signed by its own CA
 * (`caCertPem` from `startEmulator`, or the file named by `caCert` in emulator.json). Nothing
 * here touches process-wide trust (no NODE_TLS_REJECT_UNAUTHORIZED, no NODE_EXTRA_CA_CERTS):
 * each helper returns an object to hand to one client. The CA is added to Node's bundled
 * roots rather than replacing them, so the same object still reaches real Azure.
 *
 *   // msal-node PublicClientApplication / ConfidentialClientApplication
 *   new PublicClientApplication({ auth: {...}, system: { networkClient: createMsalNetworkClient(ca) } })
 *
 *   // @azure/identity credentials and every Azure SDK client (arm-*, monitor-ingestion, ...)
 *   new ClientSecretCredential(tenant, id, secret, { authorityHost: origin,
 *     disableInstanceDiscovery: true, ...azureClientTrustOptions(ca) })
 *   new MonitorClient(credential, subscriptionId, { endpoint: origin, ...azureClientTrustOptions(ca) })
 *
 *   // fetch
 *   await fetch(url, { dispatcher: createTrustingDispatcher(ca) })   // undici's fetch
 */

/** Node's bundled root CAs plus the emulator CA. */
export function trustedCertificates(caCertPem: string): string[] {
  return [...rootCertificates, caCertPem]
}

/** An `https.Agent` that also trusts the emulator CA. */
export function createTrustingHttpsAgent(
  caCertPem: string,
  options: AgentOptions = {},
): HttpsAgent {
  return new HttpsAgent({ ...options, ca: trustedCertificates(caCertPem) })
}

/** An undici dispatcher that also trusts the emulator CA (for undici's `fetch`/`request`). */
export function createTrustingDispatcher(caCertPem: string): UndiciAgent {
  return new UndiciAgent({ connect: { ca: trustedCertificates(caCertPem) } })
}

/**
 * Options to spread into an `@azure/identity` credential's options or an Azure SDK client's
 * options: core-rest-pipeline sends every request through this agent.
 */
export function azureClientTrustOptions(caCertPem: string): { agent: HttpsAgent } {
  return { agent: createTrustingHttpsAgent(caCertPem, { keepAlive: true }) }
}

/**
 * An msal-node `system.networkClient` that trusts the emulator CA. Like msal's own client it
 * parses every body as JSON and never throws for 4xx/5xx (msal reads Entra errors from the
 * body; reference §2.1).
 */
export function createMsalNetworkClient(caCertPem: string): INetworkModule {
  const dispatcher = createTrustingDispatcher(caCertPem)
  async function send<T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
    timeoutMs?: number,
  ): Promise<NetworkResponse<T>> {
    const response = await undiciFetch(url, {
      method,
      dispatcher,
      ...(options?.headers !== undefined ? { headers: options.headers } : {}),
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      ...(timeoutMs !== undefined && timeoutMs > 0
        ? { signal: AbortSignal.timeout(timeoutMs) }
        : {}),
    })
    const headers: Record<string, string> = {}
    response.headers.forEach((value, key) => {
      headers[key] = value
    })
    const text = await response.text()
    let body: T
    try {
      body = JSON.parse(text) as T
    } catch {
      throw new Error(
        `The identity endpoint ${new URL(url).pathname} answered ${response.status} without JSON.`,
      )
    }
    return { headers, body, status: response.status }
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send(url, 'GET', options, timeout),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  }
}
