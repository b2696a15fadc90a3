import { execFile, execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator/start-emulator'

const run = promisify(execFile)
const CLOUD = 'LogDropEmulator'
const STREAM = 'Custom-AppEvents'

/** The installed Azure CLI's version, or why this suite cannot run. */
function azureCli(): { readonly version: string } | { readonly skip: string } {
  try {
    const out = execFileSync('az', ['version', '--output', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, AZURE_CORE_COLLECT_TELEMETRY: 'false' },
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    return { version: (JSON.parse(out) as Record<string, string>)['azure-cli'] ?? '0' }
  } catch (error) {
    return {
      skip: `the Azure CLI (az) is not installed or does not run (${(error as Error).message.split('\n')[0] ?? ''}); on Debian: apt-get install -y azure-cli`,
    }
  }
}

function atLeast(version: string, wanted: readonly number[]): boolean {
  const parts = version.split('.').map(Number)
  for (let i = 0; i < wanted.length; i++) {
    const have = parts[i] ?? 0
    const want = wanted[i] ?? 0
    if (have !== want) return have > want
  }
  return true
}

const cli = azureCli()
const cliVersion = 'version' in cli ? cli.version : '0'
if ('skip' in cli) console.warn(`Skipping the Azure CLI tests: ${cli.skip}`)

describe.skipIf('skip' in cli)('the real Azure CLI against the emulator', () => {
  let dir: string
  let emulator: RunningEmulator
  let env: NodeJS.ProcessEnv

  /** Runs `az` with an isolated config dir and the emulator's CA; answers parsed JSON output. */
  async function az(...args: string[]): Promise<unknown> {
    const { stdout } = await run('az', [...args, '--output', 'json'], { env, encoding: 'utf8' })
    return stdout.trim() === '' ? undefined : (JSON.parse(stdout) as unknown)
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logdrop-azure-cli-'))
    emulator = await startEmulator({ port: 0, dataDir: join(dir, 'emulator') })
    env = {
      ...process.env,
      AZURE_CONFIG_DIR: join(dir, 'azure'),
      // az (Python requests) trusts only this bundle, so the emulator's CA must be in it.
      REQUESTS_CA_BUNDLE: emulator.caCertPath,
      AZURE_CORE_COLLECT_TELEMETRY: 'false',
      AZURE_CORE_NO_COLOR: 'true',
      AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
    }
  })
  afterAll(async () => {
    await emulator?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('registers the emulator as a cloud from its ARM metadata endpoint alone', async () => {
    await az(
      'cloud',
      'register',
      '--name',
      'FromMetadata',
      '--endpoint-resource-manager',
      emulator.origin,
    )
    const cloud = (await az('cloud', 'show', '--name', 'FromMetadata')) as {
      endpoints: Record<string, string | null>
    }
    expect(cloud.endpoints['activeDirectory']).toBe(`${emulator.origin}/`)
    expect(cloud.endpoints['activeDirectoryResourceId']).toBe(
      'https://management.core.windows.net/',
    )
    expect(cloud.endpoints['resourceManager']).toBe(emulator.origin)
  })

  it('signs in a service principal, gets a token for ingestion, ingests and queries with az rest', async () => {
    if (atLeast(cliVersion, [2, 54])) {
      await az('cloud', 'register', '--name', CLOUD, '--endpoint-resource-manager', emulator.origin)
      await az('config', 'set', 'core.instance_discovery=false')
    } else {
      // Before 2.54 az cannot skip MSAL's instance discovery (a call to login.microsoftonline.com)
      // except for an AD FS authority, which the emulator also answers as its tenant.
      await az(
        'cloud',
        'register',
        '--name',
        CLOUD,
        '--endpoint-resource-manager',
        emulator.origin,
        '--endpoint-active-directory',
        `${emulator.origin}/adfs`,
      )
    }
    await az('cloud', 'set', '--name', CLOUD)
    const { clientId, clientSecret } = emulator.servicePrincipal
    const accounts = (await az(
      'login',
      '--service-principal',
      '--username',
      clientId,
      '--password',
      clientSecret,
      '--tenant',
      emulator.tenantId,
    )) as Array<{ id: string; tenantId: string; cloudName: string }>
    expect(accounts.map((a) => a.id).sort()).toEqual(
      emulator.seed.subscriptions.map((s) => s.subscriptionId).sort(),
    )
    expect(accounts.every((a) => a.tenantId === emulator.tenantId && a.cloudName === CLOUD)).toBe(
      true,
    )

    const token = (await az(
      'account',
      'get-access-token',
      '--resource',
      'https://monitor.azure.com',
    )) as { accessToken: string }
    const check = await emulator.verifyAccessToken(token.accessToken)
    expect(check).toMatchObject({ ok: true })

    const dcr = emulator.dcrs.find((d) => d.streams.includes(STREAM))
    if (dcr === undefined) throw new Error('the default seed has no AppEvents DCR')
    const time = new Date(Date.now() - 60_000).toISOString().replace(/\.(\d{3})Z$/, '.$11234Z')
    await az(
      'rest',
      '--method',
      'post',
      '--url',
      `${dcr.ingestionEndpoint}/dataCollectionRules/${dcr.immutableId}/streams/${STREAM}?api-version=2023-01-01`,
      '--resource',
      'https://monitor.azure.com',
      '--headers',
      'Content-Type=application/json',
      '--body',
      JSON.stringify([{ Time: time, Host: 'az-cli', Level: 1, Message: 'from az rest' }]),
    )

    const workspace = emulator.workspaces[0]
    const result = (await az(
      'rest',
      '--method',
      'post',
      '--url',
      `${emulator.origin}/v1/workspaces/${workspace?.customerId ?? ''}/query`,
      '--resource',
      'https://api.loganalytics.io',
      '--body',
      JSON.stringify({
        query: "AppEvents_CL | where Host == 'az-cli' | project TimeGenerated, Message",
      }),
    )) as { tables: Array<{ rows: unknown[][] }> }
    // All 7 fractional digits come back, as from Azure.
    expect(result.tables[0]?.rows).toEqual([[time, 'from az rest']])
  })
})
