import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { logDropDataDir } from '../shared/data-dir'
import { EMULATOR_DIR_NAME, type EmulatorReadyInfo } from '../shared/emulator/ready-info'
import { ensureCertificates } from './certs'
import { DataPlane } from './data/data-plane'
import { createGrantStores } from './identity/grant-store'
import { DEFAULT_SETTINGS, type IdentityContext } from './identity/identity-context'
import { loadSigningKey } from './identity/signing-key'
import { TokenService, type TokenCheck } from './identity/token-service'
import { defaultSeed } from './seed/default-seed'
import { loadSeedFile, parseSeed, resolveSeedOrigin } from './seed/load-seed'
import type { EmulatorSeed } from './seed/seed-types'
import { createRequestHandler, listenHttps, type DataPlaneRoutes } from './server'

/** How to start an emulator. */
export interface StartEmulatorOptions {
  /** TCP port on localhost; 0 (the default) picks a free one. */
  readonly port?: number
  /** Where certificates, the signing key, stored rows and emulator.json live. */
  readonly dataDir: string
  /** A seed object, a path to a seed JSON file, or nothing for the default seed. */
  readonly seed?: EmulatorSeed | string
  /** Passed to the data plane: count rows instead of storing them (load tests). */
  readonly countingOnly?: boolean
  /** Diagnostics (request lines, start-up problems); never receives secrets. */
  readonly log?: (message: string) => void
  /** Clock for tokens, codes and the data plane (tests move time forward). */
  readonly now?: () => Date
  /**
   * Run without the data plane (ingestion, query and admin answer 503). Only for tests of the
   * identity and ARM surfaces; the default start always wires the data plane.
   */
  readonly withoutDataPlane?: boolean
}

/** A DCR as a client needs it to upload. */
export interface EmulatorDcr {
  readonly id: string
  readonly name: string
  readonly immutableId: string
  readonly kind?: string
  readonly streams: readonly string[]
  /** The DCR's own endpoint (`kind: Direct`) or its DCE's logs ingestion endpoint. */
  readonly ingestionEndpoint: string
}

/** A running emulator. */
export interface RunningEmulator {
  /** `https://localhost:PORT`. */
  readonly origin: string
  readonly port: number
  readonly caCertPem: string
  readonly caCertPath: string
  readonly tenantId: string
  /** `${origin}/${tenantId}`. */
  readonly authority: string
  readonly publicClientId: string
  readonly servicePrincipal: { readonly clientId: string; readonly clientSecret: string }
  readonly users: EmulatorReadyInfo['users']
  readonly workspaces: EmulatorReadyInfo['workspaces']
  readonly dcrs: readonly EmulatorDcr[]
  /** Value for the `x-emulator-admin-key` header of `/_emulator/*`. */
  readonly adminKey: string
  /** The same facts as the CLI's ready line. */
  readonly readyInfo: EmulatorReadyInfo
  /** The seed with `{origin}` filled in. */
  readonly seed: EmulatorSeed
  /** The data plane, unless started `withoutDataPlane`. */
  readonly dataPlane?: DataPlane
  /** Checks a bearer token the way the emulator's own routes do. */
  verifyAccessToken(token: string | undefined): Promise<TokenCheck>
  /** Stops listening, closes connections and flushes the data plane. */
  stop(): Promise<void>
}

/** `<LogDrop user-data dir>/emulator`: where the CLI keeps its data by default. */
export function defaultEmulatorDataDir(): string {
  return join(
    logDropDataDir({ env: process.env, platform: process.platform, home: homedir() }),
    EMULATOR_DIR_NAME,
  )
}

async function loadSeed(seed: StartEmulatorOptions['seed']): Promise<EmulatorSeed> {
  if (seed === undefined) return defaultSeed()
  if (typeof seed === 'string') return loadSeedFile(seed)
  return parseSeed(seed)
}

function ingestionEndpointOf(
  seed: EmulatorSeed,
  rule: EmulatorSeed['dataCollectionRules'][number],
) {
  if (rule.properties.endpoints?.logsIngestion !== undefined)
    return rule.properties.endpoints.logsIngestion
  const dceId = rule.properties.dataCollectionEndpointId?.toLowerCase()
  const dce = seed.dataCollectionEndpoints.find((d) => d.id.toLowerCase() === dceId)
  return dce?.properties.logsIngestion.endpoint ?? ''
}

function readyInfoOf(
  seed: EmulatorSeed,
  facts: { origin: string; caCertPath: string; adminKey: string; dataDir: string },
): EmulatorReadyInfo {
  const sp = seed.servicePrincipals[0]
  const rolesOf = (objectId: string) => [
    ...new Set(
      seed.roleAssignments
        .filter((a) => a.principalId.toLowerCase() === objectId.toLowerCase())
        .map((a) => a.role),
    ),
  ]
  return {
    event: 'ready',
    origin: facts.origin,
    caCert: facts.caCertPath,
    tenantId: seed.tenant.id,
    authority: `${facts.origin}/${seed.tenant.id}`,
    publicClientId: seed.publicClients[0]?.clientId ?? '',
    servicePrincipal: { clientId: sp?.clientId ?? '', clientSecret: sp?.clientSecret ?? '' },
    users: seed.users.map((u) => ({
      objectId: u.objectId,
      username: u.username,
      displayName: u.displayName,
      roles: rolesOf(u.objectId),
    })),
    subscriptions: seed.subscriptions.map((s) => ({
      subscriptionId: s.subscriptionId,
      displayName: s.displayName,
    })),
    workspaces: seed.workspaces.map((w) => ({ id: w.id, name: w.name, customerId: w.customerId })),
    dcrs: seed.dataCollectionRules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      immutableId: rule.properties.immutableId,
      ...(rule.kind !== undefined ? { kind: rule.kind } : {}),
      streams: Object.keys(rule.properties.streamDeclarations),
      ingestionEndpoint: ingestionEndpointOf(seed, rule),
    })),
    adminKey: facts.adminKey,
    dataDir: facts.dataDir,
    pid: process.pid,
  }
}

/**
 * Starts the local Azure emulator: one HTTPS origin on localhost playing Entra ID, ARM, Logs
 * Ingestion and the Log Analytics query API, with the data plane wired in. Resolves once it
 * accepts requests. Start-up problems in DCR transforms are reported through `log` (stderr
 * when no `log` is given) rather than failing the start.
 */
export async function startEmulator(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const log = options.log ?? (() => undefined)
  const now = options.now ?? (() => new Date())
  await mkdir(options.dataDir, { recursive: true })
  const rawSeed = await loadSeed(options.seed)
  const certs = await ensureCertificates(options.dataDir, now())
  const signingKey = await loadSigningKey(options.dataDir)
  const listening = await listenHttps(
    { cert: certs.serverCertPem, key: certs.serverKeyPem },
    options.port ?? 0,
  )

  try {
    const origin = `https://localhost:${listening.port}`
    const seed = resolveSeedOrigin(rawSeed, origin)
    const settings = { ...DEFAULT_SETTINGS, ...seed.settings }
    const tokens = new TokenService(
      origin,
      seed.tenant,
      signingKey,
      now,
      settings.accessTokenLifetimeSeconds,
    )
    const identity: IdentityContext = {
      origin,
      seed,
      tokens,
      grants: createGrantStores(now),
      now,
      settings,
    }
    let dataPlane: DataPlane | undefined
    if (options.withoutDataPlane !== true) {
      dataPlane = await DataPlane.open({
        dataDir: options.dataDir,
        seed,
        now,
        log,
        ...(options.countingOnly !== undefined ? { countingOnly: options.countingOnly } : {}),
      })
      const report = options.log ?? ((message: string) => process.stderr.write(`${message}\n`))
      for (const problem of dataPlane.transformProblems) {
        report(
          `DCR ${problem.dcrId}: transformKql is not supported by the emulator: ${problem.message}`,
        )
      }
    }
    const adminKey = randomBytes(24).toString('base64url')
    const routes: DataPlaneRoutes | undefined = dataPlane
    listening.setHandler(
      createRequestHandler({
        origin,
        identity,
        tokens,
        adminKey,
        log,
        arm: { origin, seed, tokens, now, pageSize: settings.armPageSize },
        ...(routes !== undefined ? { dataPlane: routes } : {}),
      }),
    )
    const readyInfo = readyInfoOf(seed, {
      origin,
      caCertPath: certs.caCertPath,
      adminKey,
      dataDir: options.dataDir,
    })
    let stopped: Promise<void> | undefined
    return {
      origin,
      port: listening.port,
      caCertPem: certs.caCertPem,
      caCertPath: certs.caCertPath,
      tenantId: seed.tenant.id,
      authority: readyInfo.authority,
      publicClientId: readyInfo.publicClientId,
      servicePrincipal: readyInfo.servicePrincipal,
      users: readyInfo.users,
      workspaces: readyInfo.workspaces,
      dcrs: readyInfo.dcrs,
      adminKey,
      readyInfo,
      seed,
      ...(dataPlane !== undefined ? { dataPlane } : {}),
      verifyAccessToken: (token) => tokens.verifyAccessToken(token),
      stop() {
        stopped ??= (async () => {
          await listening.close()
          await dataPlane?.close()
        })()
        return stopped
      },
    }
  } catch (error) {
    await listening.close()
    throw error
  }
}
