import type { INetworkModule } from '@azure/msal-node'
import { Agent, type Dispatcher } from 'undici'
import {
  createMsalNetworkClient,
  createTrustingDispatcher,
  trustedCertificates as withEmulatorCa,
} from '../emulator-client/trust'

/*
 * Trust per client, never process-wide: only the local emulator needs an extra CA, and it is
 * added to Node's roots (electron/core/emulator-client/trust.ts), so Azure's hosts keep working.
 */

/** `ca` for Azure SDK pipelines (`tlsOptions.ca`); undefined means Node's defaults. */
export function trustedCertificates(extraCaPem: string | null): string[] | undefined {
  return extraCaPem === null ? undefined : withEmulatorCa(extraCaPem)
}

/** An undici dispatcher (for the connection check and other direct requests). */
export function createDispatcher(extraCaPem: string | null): Dispatcher {
  return extraCaPem === null ? new Agent() : createTrustingDispatcher(extraCaPem)
}

/** msal's network client: its built-in fetch client unless an extra CA must be trusted. */
export function msalNetworkClient(extraCaPem: string | null): INetworkModule | undefined {
  return extraCaPem === null ? undefined : createMsalNetworkClient(extraCaPem)
}
