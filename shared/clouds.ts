import type { CloudId } from './models/settings'

/**
 * The three kinds of token LogDrop asks for: ARM (discovery), Monitor (ingestion) and
 * Log Analytics (query).
 */
export const TOKEN_AUDIENCES = ['arm', 'monitor', 'log-analytics'] as const
export type TokenAudience = (typeof TOKEN_AUDIENCES)[number]

/**
 * Where one Azure cloud's services live and which token scope each takes.
 *
 * Hosts are origins without a trailing slash; scopes are v2 `<resource>/.default` strings.
 * Sources: shared/reference/azure-logs-ingestion.md §1.6, §5, §6, §7.1 and
 * shared/reference/msal-and-electron.md §5.
 */
export interface CloudEndpoints {
  readonly id: CloudId
  readonly displayName: string
  /** Entra ID (sign-in) origin; the authority is `<authorityHost>/<tenant>`. */
  readonly authorityHost: string
  /** Azure Resource Manager origin, for discovery. */
  readonly armEndpoint: string
  readonly armScope: string
  /** Audience of Logs Ingestion tokens (`KnownMonitorAudience`). */
  readonly monitorAudience: string
  readonly monitorScope: string
  /** Log Analytics query API origin (`/v1/workspaces/{id}/query` goes under it). */
  readonly logAnalyticsEndpoint: string
  readonly logAnalyticsScope: string
}

/** The clouds whose hosts are fixed; the local emulator's are only known at run time. */
export type FixedCloudId = Exclude<CloudId, 'LocalEmulator'>

const PUBLIC: CloudEndpoints = {
  id: 'AzurePublic',
  displayName: 'Azure (public)',
  authorityHost: 'https://login.microsoftonline.com',
  armEndpoint: 'https://management.azure.com',
  armScope: 'https://management.azure.com/.default',
  monitorAudience: 'https://monitor.azure.com',
  monitorScope: 'https://monitor.azure.com/.default',
  logAnalyticsEndpoint: 'https://api.loganalytics.azure.com',
  // The query API's audience stays api.loganalytics.io even on the .azure.com host.
  logAnalyticsScope: 'https://api.loganalytics.io/.default',
}

/** Every cloud with fixed hosts. */
export const CLOUDS: Readonly<Record<FixedCloudId, CloudEndpoints>> = {
  AzurePublic: PUBLIC,
  AzureUSGovernment: {
    id: 'AzureUSGovernment',
    displayName: 'Azure US Government',
    authorityHost: 'https://login.microsoftonline.us',
    armEndpoint: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.usgovcloudapi.net/.default',
    monitorAudience: 'https://monitor.azure.us',
    monitorScope: 'https://monitor.azure.us/.default',
    logAnalyticsEndpoint: 'https://api.loganalytics.us',
    logAnalyticsScope: 'https://api.loganalytics.us/.default',
  },
  AzureChina: {
    id: 'AzureChina',
    displayName: 'Azure China (21Vianet)',
    // msal rewrites this alias to login.partner.microsoftonline.cn (its preferred network).
    authorityHost: 'https://login.chinacloudapi.cn',
    armEndpoint: 'https://management.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    monitorAudience: 'https://monitor.azure.cn',
    monitorScope: 'https://monitor.azure.cn/.default',
    logAnalyticsEndpoint: 'https://api.loganalytics.azure.cn',
    logAnalyticsScope: 'https://api.loganalytics.azure.cn/.default',
  },
}

/** Names for every cloud, including the emulator, for pickers. */
export const CLOUD_NAMES: Readonly<Record<CloudId, string>> = {
  AzurePublic: CLOUDS.AzurePublic.displayName,
  AzureUSGovernment: CLOUDS.AzureUSGovernment.displayName,
  AzureChina: CLOUDS.AzureChina.displayName,
  LocalEmulator: 'Local emulator',
}

/**
 * The local emulator as a cloud: one https origin plays every host by path.
 *
 * It issues tokens for the public cloud's scopes (its audiences follow the requested scope), so
 * only the hosts change.
 */
export function emulatorCloud(origin: string): CloudEndpoints {
  const base = origin.replace(/\/+$/, '')
  return {
    ...PUBLIC,
    id: 'LocalEmulator',
    displayName: CLOUD_NAMES.LocalEmulator,
    authorityHost: base,
    armEndpoint: base,
    logAnalyticsEndpoint: base,
  }
}

/** The scope to request for an audience in a cloud. */
export function scopeFor(cloud: CloudEndpoints, audience: TokenAudience): string {
  switch (audience) {
    case 'arm':
      return cloud.armScope
    case 'monitor':
      return cloud.monitorScope
    case 'log-analytics':
      return cloud.logAnalyticsScope
  }
}

/**
 * Which audience a scope string belongs to, accepting the `//.default` spelling older SDKs use
 * for Monitor; null for a scope LogDrop never asks for.
 */
export function audienceOfScope(cloud: CloudEndpoints, scope: string): TokenAudience | null {
  const normalized = scope.replace(/\/\/\.default$/, '/.default')
  for (const audience of TOKEN_AUDIENCES) {
    if (scopeFor(cloud, audience) === normalized) return audience
  }
  return null
}
