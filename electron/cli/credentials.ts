import { readFile } from 'node:fs/promises'
import type { TokenCredential } from '@azure/core-auth'
import { ClientSecretCredential, DefaultAzureCredential } from '@azure/identity'
import { fetch } from 'undici'
import { CLOUDS, emulatorCloud, type CloudEndpoints } from '../../shared/clouds'
import { AppError, isAppError } from '../../shared/errors/app-error'
import { certificateProblemText } from '../../shared/errors/certificate-errors'
import type { EmulatorReadyInfo } from '../../shared/emulator/ready-info'
import { joinPem, readCaBundle } from '../core/auth/ca-bundle'
import { findCertificateProblem } from '../core/auth/certificate-probe'
import { trustedCertificates } from '../core/auth/tls-trust'
import { emulatorDataDir, readEmulatorInfo } from '../core/emulator-client/ready-info'
import { createTrustingDispatcher } from '../core/emulator-client/trust'
import { redactSecrets } from '../platform/redact'
import type { TokenProvider } from '../engine/main/job-runner'
import type { ConnectionArgs } from './cli-args'

/** Where uploads go and how they authenticate. */
export interface Connection {
  readonly tokenProvider: TokenProvider
  /** A credential for ARM reads (the stream's columns). */
  readonly credential: TokenCredential
  /** Sign-in, ARM and ingestion hosts and scopes. */
  readonly cloud: CloudEndpoints
  /** Extra CA certificates to trust (PEM: the emulator's, `--ca-file`), or null. */
  readonly extraCaPem: string | null
  readonly emulator?: EmulatorReadyInfo
}

/** A credential failure, said as a certificate problem of the sign-in host when it is one. */
async function credentialError(
  error: unknown,
  cloud: CloudEndpoints,
  extraCaPem: string | null,
): Promise<AppError> {
  if (isAppError(error)) return error
  const detail = redactSecrets(String(error))
  const problem = await findCertificateProblem(error, [cloud.authorityHost], extraCaPem)
  if (problem === undefined) return new AppError('upload/credential-failed', detail)
  return new AppError(
    'upload/certificate-untrusted',
    `${problem.code} from ${problem.host}: ${detail}`,
    {
      userText: certificateProblemText(problem.host, problem.code),
    },
  )
}

/**
 * A TokenProvider over an Azure TokenCredential. `forceRefresh` (after a 401) builds a fresh
 * credential, because the SDK credentials keep their own token cache and have no "skip the
 * cache" switch.
 */
export function credentialTokenProvider(
  create: () => TokenCredential,
  cloud: CloudEndpoints,
  extraCaPem: string | null,
): TokenProvider {
  let credential = create()
  return async ({ forceRefresh }) => {
    if (forceRefresh) credential = create()
    try {
      const token = await credential.getToken(cloud.monitorScope)
      if (token === null) throw new Error('the credential returned no token')
      return { token: token.token, expiresOnMs: token.expiresOnTimestamp }
    } catch (error) {
      throw await credentialError(error, cloud, extraCaPem)
    }
  }
}

/** Options for `@azure/identity` credentials and Azure SDK clients that trust the extra CA. */
function tlsClientOptions(extraCaPem: string | null) {
  const ca = trustedCertificates(extraCaPem)
  return ca === undefined ? {} : { tlsOptions: { ca } }
}

/**
 * Azure through DefaultAzureCredential (environment, workload or managed identity, az login)
 * in the chosen cloud: its authority host for sign-in, its Monitor audience for tokens.
 */
export function azureConnection(cloud: CloudEndpoints, extraCaPem: string | null): Connection {
  // msal asks login.microsoftonline.com about hosts it does not know; a custom cloud's sign-in
  // host (Azure Stack, an emulator) is trusted as given instead.
  const known = Object.values(CLOUDS).some((c) => c.authorityHost === cloud.authorityHost)
  const create = () =>
    new DefaultAzureCredential({
      authorityHost: cloud.authorityHost,
      ...(known ? {} : { disableInstanceDiscovery: true }),
      ...tlsClientOptions(extraCaPem),
    })
  return {
    tokenProvider: credentialTokenProvider(create, cloud, extraCaPem),
    credential: create(),
    cloud,
    extraCaPem,
  }
}

/**
 * The local emulator, from `<dir>/emulator.json`: its origin, CA and service principal. Fails
 * with `upload/emulator-not-found` when the file is missing or the emulator does not answer.
 */
export async function emulatorConnection(
  dir: string = emulatorDataDir(),
  options: { readonly audience?: string; readonly extraCaPem?: string | null } = {},
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
  const base = emulatorCloud(info.origin)
  const audience = options.audience?.replace(/\/+$/, '')
  const cloud: CloudEndpoints =
    audience === undefined
      ? base
      : { ...base, monitorAudience: audience, monitorScope: `${audience}/.default` }
  const extraCaPem = joinPem(caCertPem, options.extraCaPem ?? null)
  const create = () =>
    new ClientSecretCredential(
      info.tenantId,
      info.servicePrincipal.clientId,
      info.servicePrincipal.clientSecret,
      {
        authorityHost: info.origin,
        disableInstanceDiscovery: true,
        ...tlsClientOptions(extraCaPem),
      },
    )
  return {
    tokenProvider: credentialTokenProvider(create, cloud, extraCaPem),
    credential: create(),
    cloud,
    extraCaPem,
    emulator: info,
  }
}

/**
 * How a command connects: `--emulator`, else the emulator when `endpoint` is its origin (so
 * `resume` and `failed retry` need no flag), else Azure in the chosen cloud. `--ca-file` is
 * trusted in every case.
 */
export async function connect(args: ConnectionArgs, endpoint?: string): Promise<Connection> {
  const caFile = args.caFile === undefined ? null : await readCaBundle(args.caFile, '--ca-file')
  const emulatorOptions = {
    ...(args.audience === undefined ? {} : { audience: args.audience }),
    extraCaPem: caFile,
  }
  if (args.emulator)
    return emulatorConnection(args.emulatorDir ?? emulatorDataDir(), emulatorOptions)
  if (endpoint !== undefined) {
    const info = await readEmulatorInfo(emulatorDataDir())
    if (info !== undefined && sameOrigin(endpoint, info.origin)) {
      const emulator = await emulatorConnection(emulatorDataDir(), emulatorOptions).catch(
        () => undefined,
      )
      if (emulator !== undefined) return emulator
    }
  }
  return azureConnection(args.cloud, caFile)
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin
  } catch {
    return false
  }
}
