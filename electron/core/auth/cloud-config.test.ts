import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isAppError } from '../../../shared/errors/app-error'
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/models/settings'
import { createCloudResolver } from './cloud-config'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-cloud-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function resolver(settings: Partial<Settings>) {
  return createCloudResolver({
    settings: () => ({ ...DEFAULT_SETTINGS, ...settings }),
    emulatorDir: dir,
  })
}

describe('createCloudResolver', () => {
  it('uses the settings for fixed clouds, with the cloud authority and no extra CA', async () => {
    const gov = await resolver({ cloud: 'AzureUSGovernment', tenant: 'Contoso.onmicrosoft.us' })()
    expect(gov.authority).toBe('https://login.microsoftonline.us/contoso.onmicrosoft.us')
    expect(gov.endpoints.armScope).toBe('https://management.usgovcloudapi.net/.default')
    expect(gov.clientId).toBe(DEFAULT_SETTINGS.clientId)
    expect(gov.extraCaPem).toBeNull()
    const pub = await resolver({})()
    expect(pub.authority).toBe('https://login.microsoftonline.com/organizations')
    expect(pub.key).not.toBe(gov.key)
  })

  it('trusts the CA file setting for fixed clouds, and says when it cannot be used', async () => {
    const caPath = join(dir, 'corp.pem')
    const pem = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n'
    await writeFile(caPath, pem)
    const withCa = await resolver({ caFile: caPath })()
    expect(withCa.extraCaPem).toBe(pem)
    expect(withCa.key).not.toBe((await resolver({})()).key)
    await writeFile(caPath, 'not a certificate')
    const invalid = await resolver({ caFile: caPath })().catch((error: unknown) => error)
    expect(isAppError(invalid) && invalid.code).toBe('auth/ca-file-invalid')
    const missing = await resolver({ caFile: join(dir, 'nope.pem') })().catch((e: unknown) => e)
    expect(isAppError(missing) && missing.userText).toMatch(/nope\.pem cannot be read \(ENOENT\)/)
  })

  it('takes hosts, tenant, client id and CA from a running emulator', async () => {
    const caPath = join(dir, 'ca.pem')
    await writeFile(caPath, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
    await writeFile(
      join(dir, 'emulator.json'),
      JSON.stringify({
        event: 'ready',
        origin: 'https://localhost:8443',
        caCert: caPath,
        tenantId: 'AAAAAAAA-0000-0000-0000-000000000001',
        authority: 'https://localhost:8443/aaaaaaaa-0000-0000-0000-000000000001',
        publicClientId: 'bbbbbbbb-0000-0000-0000-000000000002',
        servicePrincipal: { clientId: 'c', clientSecret: 's' },
        users: [],
        subscriptions: [],
        workspaces: [],
        dcrs: [],
        adminKey: 'k',
        dataDir: dir,
        pid: 1,
      }),
    )
    const config = await resolver({ cloud: 'LocalEmulator' })()
    expect(config.authority).toBe('https://localhost:8443/aaaaaaaa-0000-0000-0000-000000000001')
    expect(config.endpoints.armEndpoint).toBe('https://localhost:8443')
    expect(config.clientId).toBe('bbbbbbbb-0000-0000-0000-000000000002')
    expect(config.extraCaPem).toContain('BEGIN CERTIFICATE')
  })

  it('says the emulator is not running when emulator.json is missing', async () => {
    const error = await resolver({ cloud: 'LocalEmulator' })().catch((e: unknown) => e)
    expect(isAppError(error) && error.code).toBe('auth/emulator-not-running')
  })
})
