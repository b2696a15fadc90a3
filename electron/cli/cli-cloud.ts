import { AppError } from '../../shared/errors/app-error'
import { CLOUDS, type CloudEndpoints, type FixedCloudId } from '../../shared/clouds'

/** The cloud flags of the command line, before the environment fills the gaps. */
export interface CloudFlags {
  readonly cloud?: string | undefined
  readonly authorityHost?: string | undefined
  readonly armEndpoint?: string | undefined
  /** The ARM token audience, when a custom cloud's differs from its endpoint's cloud. */
  readonly armAudience?: string | undefined
  /** The ingestion (Monitor) token audience. */
  readonly audience?: string | undefined
}

/**
 * Environment variables Azure tools read for the same settings: `AZURE_AUTHORITY_HOST`
 * (`@azure/identity`'s sign-in host) and `AZURE_CLOUD_NAME` (the Azure CLI's `[cloud] name`
 * setting as an environment variable: AzureCloud, AzureUSGovernment, AzureChinaCloud).
 */
export interface CloudEnv {
  readonly AZURE_CLOUD_NAME?: string
  readonly AZURE_AUTHORITY_HOST?: string
}

/** Our names and the Azure CLI's, lower-cased. */
const CLOUD_ALIASES: Readonly<Record<string, FixedCloudId>> = {
  azurepublic: 'AzurePublic',
  azurecloud: 'AzurePublic',
  azureusgovernment: 'AzureUSGovernment',
  azurechina: 'AzureChina',
  azurechinacloud: 'AzureChina',
}

function bad(message: string): AppError {
  return new AppError('upload/bad-arguments', message, { userText: message })
}

function origin(flag: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw bad(`${flag} must be an https URL, not ${value}.`)
  }
  if (url.protocol !== 'https:') throw bad(`${flag} must be an https URL, not ${value}.`)
  return url.href.replace(/\/+$/, '')
}

/**
 * The cloud a command talks to: `--cloud` (or `AZURE_CLOUD_NAME`), then any custom host
 * (`--authority-host` or `AZURE_AUTHORITY_HOST`, `--arm-endpoint`, `--audience`) over it.
 * Flags win over the environment. A custom ARM endpoint keeps the chosen cloud's ARM audience
 * unless `--arm-audience` names another (as the Azure CLI keeps `active_directory_resource_id`
 * apart from `resource_manager`).
 */
export function resolveCliCloud(flags: CloudFlags, env: CloudEnv = {}): CloudEndpoints {
  const name = flags.cloud ?? env.AZURE_CLOUD_NAME
  let id: FixedCloudId = 'AzurePublic'
  if (name !== undefined && name !== '') {
    const known = CLOUD_ALIASES[name.toLowerCase()]
    if (known === undefined) {
      throw bad(`--cloud must be AzurePublic, AzureUSGovernment or AzureChina; not ${name}.`)
    }
    id = known
  }
  const base = CLOUDS[id]
  const authority = flags.authorityHost ?? env.AZURE_AUTHORITY_HOST
  const arm =
    flags.armEndpoint === undefined ? undefined : origin('--arm-endpoint', flags.armEndpoint)
  const armAudience =
    flags.armAudience === undefined ? undefined : origin('--arm-audience', flags.armAudience)
  const audience = flags.audience === undefined ? undefined : origin('--audience', flags.audience)
  return {
    ...base,
    ...(authority === undefined || authority === ''
      ? {}
      : { authorityHost: origin('--authority-host', authority) }),
    ...(arm === undefined ? {} : { armEndpoint: arm }),
    ...(armAudience === undefined ? {} : { armScope: `${armAudience}/.default` }),
    ...(audience === undefined
      ? {}
      : { monitorAudience: audience, monitorScope: `${audience}/.default` }),
  }
}
