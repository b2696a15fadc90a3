import { readFile } from 'node:fs/promises'
import type { TokenCredential } from '@azure/core-auth'
import { ClientSecretCredential, DefaultAzureCredential } from '@azure/identity'
import { fetch } from 'undici'
import { AppError, isAppError } from '../../shared/errors/app-error'
import { emulatorDataDir, readEmulatorInfo } from '../core/emulator-client/ready-info'
import type { EmulatorReadyInfo } from '../../shared/emulator/ready-info'
import { azureClientTrustOptions, createTrustingDispatcher } from '../core/emulator-client/trust'
import type { TokenProvider } from '../engine/main/job-runner'
import { redactSecrets } from '../platform/redact'

/** The public cloud's Monitor audience (reference §1.6). */
export const DEFAULT_MONITOR_AUDIENCE = 'https://monitor.azure.com'

/** Where uploads go and how they authenticate. */
export interface Connection {
  readonly tokenProvider: TokenProvider
  /** A credential for ARM reads (the stream's columns). */
  readonly credential: TokenCredential
  /** Extra options for Azure SDK clients (the emulator's CA). */
  readonly clientOptions: Record<string, unknown>
  /** ARM endpoint for the SDK clients (undefined: public Azure). */
  readonly armEndpoint?: string
  readonly caCertPem?: string
  readonly emulator?: EmulatorReadyInfo
}

/**
 * A TokenProvider over an Azure TokenCredential. `forceRefresh` (after a 401) builds a fresh
 * credential, because the SDK credentials keep their own token cache and have no "skip the
 * cache" switch.
 */
export function credentialTokenProvider(
  create: () => TokenCredential,
  scope: string,
): TokenProvider {
  let credential = create()
  return async ({ forceRefresh }) => {
    if (forceRefresh) credential = create()
    try {
      const token = await credential.getToken(scope)
      if (token === null) throw new Error('the credential returned no token')
      return { token: token.token, expiresOnMs: token.expiresOnTimestamp }
    } catch (error) {
      if (isAppError(error)) throw error
      throw new AppError('upload/credential-failed', redactSecrets(String(error)))
    }
  }
}

/** The Monitor scope for an audience (`https://monitor.azure.com/.default`). */
export function monitorScope(audience: string = DEFAULT_MONITOR_AUDIENCE): string {
  return `${audience.replace(/\/+$/, '')}/.default`
}

/** Azure through DefaultAzureCredential: environment, workload/managed identity, az login. */
export function azureConnection(audience?: string): Connection {
  const create = () => new DefaultAzureCredential()
  return {
    tokenProvider: credentialTokenProvider(create, monitorScope(audience)),
    credential: create(),
    clientOptions: {},
  }
}

/**
 * The local emulator, from `<dir>/emulator.json`: its origin, CA and service principal. Fails
 * with `upload/emulator-not-found` when the file is missing or the emulator does not answer.
 */
export async function emulatorConnection(
  dir: string = emulatorDataDir(),
  audience?: string,
): Promise<Connection> {
  const info = await readEmulatorInfo(dir)
  if (info === undefined)
    throw new AppError('upload/emulator-not-found', `no emulator.json in ${dir}`)
  let caCertPem: string
  try {
    caCertPem = await readFile(info.caCert, 'utf8')
  } catch (error) {
    throw new AppError('upload/emulator-not-found', `cannot read ${info.caCert}`, { cause: error })
  }
  try {
    const response = await fetch(`${info.origin}/_emulator/health`, {
      dispatcher: createTrustingDispatcher(caCertPem),
      signal: AbortSignal.timeout(3_000),
    })
    await response.body?.cancel()
  } catch (error) {
    throw new AppError('upload/emulator-not-found', `${info.origin} does not answer`, {
      cause: error,
    })
  }
  const create = () =>
    new ClientSecretCredential(
      info.tenantId,
      info.servicePrincipal.clientId,
      info.servicePrincipal.clientSecret,
      {
        authorityHost: info.origin,
        disableInstanceDiscovery: true,
        ...azureClientTrustOptions(caCertPem),
      },
    )
  return {
    tokenProvider: credentialTokenProvider(create, monitorScope(audience)),
    credential: create(),
    clientOptions: azureClientTrustOptions(caCertPem),
    armEndpoint: info.origin,
    caCertPem,
    emulator: info,
  }
}

/**
 * The emulator connection when `endpoint` belongs to the emulator in `dir` (so `resume` and
 * `failed retry` need no flag), else undefined.
 */
export async function emulatorFor(endpoint: string, dir?: string): Promise<Connection | undefined> {
  const info = await readEmulatorInfo(dir ?? emulatorDataDir())
  if (info === undefined) return undefined
  try {
    if (new URL(endpoint).origin !== new URL(info.origin).origin) return undefined
  } catch {
    return undefined
  }
  return emulatorConnection(dir ?? emulatorDataDir())
}
