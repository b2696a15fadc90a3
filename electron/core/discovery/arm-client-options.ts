import type { CloudConfig } from '../auth/cloud-config'
import { trustedCertificates } from '../auth/tls-trust'

/** What ARM clients need of a cloud configuration (the CLI has no sign-in authority). */
export type ArmCloud = Pick<CloudConfig, 'endpoints' | 'extraCaPem'>

/**
 * Options every ARM SDK client takes for a cloud: its endpoint, its ARM scope (the SDKs default
 * to the public cloud's scope even when the endpoint changes) and, for the emulator, its CA.
 */
export function armClientOptions(config: ArmCloud) {
  const ca = trustedCertificates(config.extraCaPem)
  return {
    endpoint: config.endpoints.armEndpoint,
    credentials: { scopes: [config.endpoints.armScope] },
    retryOptions: { maxRetries: 2 },
    ...(ca === undefined ? {} : { tlsOptions: { ca } }),
  }
}
