import { createHash } from 'node:crypto'
import { CLOUDS, emulatorCloud, type CloudEndpoints } from '../../../shared/clouds'
import type { Settings } from '../../../shared/models/settings'
import { joinPem, readCaBundle } from './ca-bundle'
import { loadEmulatorInfo } from './emulator-info'

/**
 * Everything a client needs to talk to one cloud: hosts and scopes, the sign-in authority and
 * client id, and (local emulator only) the CA to trust.
 */
export interface CloudConfig {
  readonly endpoints: CloudEndpoints
  /** Tenant of the sign-in authority (`organizations`, a GUID or a domain). */
  readonly tenant: string
  readonly clientId: string
  /** `<authorityHost>/<tenant>`, lower-case as msal canonicalises it. */
  readonly authority: string
  /** PEM of extra CAs to trust (the emulator's, the CA file setting), or null. */
  readonly extraCaPem: string | null
  /** Changes whenever any of the above does (a new msal application is needed then). */
  readonly key: string
}

/** Gives the current cloud configuration; settings may change between calls. */
export type CloudResolver = () => Promise<CloudConfig>

/** The authority URL for a tenant in a cloud. */
export function authorityFor(endpoints: CloudEndpoints, tenant: string): string {
  return `${endpoints.authorityHost}/${tenant}`.toLowerCase()
}

function build(
  endpoints: CloudEndpoints,
  tenant: string,
  clientId: string,
  extraCaPem: string | null,
): CloudConfig {
  const authority = authorityFor(endpoints, tenant)
  // A restarted emulator may have a new CA: its digest is part of the key.
  const caTag =
    extraCaPem === null ? 'system' : createHash('sha256').update(extraCaPem).digest('hex')
  return {
    endpoints,
    tenant,
    clientId,
    authority,
    extraCaPem,
    key: [endpoints.id, authority, clientId, caTag].join('|'),
  }
}

/**
 * Resolves the cloud from the settings (cloud, tenant, client id).
 *
 * For the local emulator the hosts, tenant, public client id and CA come from the running
 * emulator's `emulator.json`, read on every call so an emulator started later (or restarted on
 * another port) is found.
 */
export function createCloudResolver(options: {
  readonly settings: () => Settings
  /** The emulator's data folder, where it writes `emulator.json`. */
  readonly emulatorDir: string
}): CloudResolver {
  return async () => {
    const settings = options.settings()
    // Read on every call: the file may be replaced (a renewed proxy CA) while the app runs.
    const extraCa =
      settings.caFile === ''
        ? null
        : await readCaBundle(settings.caFile, 'The CA certificates file')
    if (settings.cloud !== 'LocalEmulator') {
      return build(CLOUDS[settings.cloud], settings.tenant, settings.clientId, extraCa)
    }
    const emulator = await loadEmulatorInfo(options.emulatorDir)
    return build(
      emulatorCloud(emulator.origin),
      emulator.tenantId,
      emulator.publicClientId,
      joinPem(emulator.caCertPem, extraCa),
    )
  }
}
