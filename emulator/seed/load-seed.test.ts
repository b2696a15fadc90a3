import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultSeed } from './default-seed'
import { loadSeedFile, parseSeed, resolveSeedOrigin, SeedError } from './load-seed'
import type { EmulatorSeed } from './seed-types'

describe('default seed', () => {
  const seed = defaultSeed()

  it('passes its own validation', () => {
    expect(() => parseSeed(seed)).not.toThrow()
  })

  it('has one user with rights, one without, a service principal and two subscriptions', () => {
    expect(seed.users).toHaveLength(2)
    const [adele, ben] = seed.users
    const holders = new Set(seed.roleAssignments.map((a) => a.principalId))
    expect(holders.has(adele?.objectId ?? '')).toBe(true)
    expect(holders.has(ben?.objectId ?? '')).toBe(false)
    expect(holders.has(seed.servicePrincipals[0]?.objectId ?? '')).toBe(true)
    expect(seed.subscriptions).toHaveLength(2)
  })

  it('has a DCE-based DCR and a Direct DCR whose endpoint is the origin', () => {
    const direct = seed.dataCollectionRules.filter((r) => r.kind === 'Direct')
    const viaDce = seed.dataCollectionRules.filter((r) => r.properties.dataCollectionEndpointId)
    expect(direct.length).toBeGreaterThan(0)
    expect(viaDce.length).toBeGreaterThan(0)
    for (const rule of direct) expect(rule.properties.endpoints?.logsIngestion).toBe('{origin}')
  })

  it('uses dcr- plus 32 hex immutable ids and Custom-X → Custom-X_CL → X_CL names', () => {
    for (const rule of seed.dataCollectionRules) {
      expect(rule.properties.immutableId).toMatch(/^dcr-[0-9a-f]{32}$/)
      for (const flow of rule.properties.dataFlows) {
        const stream = flow.streams[0] ?? ''
        expect(stream).toMatch(/^Custom-\w+$/)
        expect(flow.outputStream).toBe(`${stream}_CL`)
      }
    }
  })

  it('declares every stream column type somewhere', () => {
    const types = new Set(
      seed.dataCollectionRules.flatMap((r) =>
        Object.values(r.properties.streamDeclarations).flatMap((d) => d.columns.map((c) => c.type)),
      ),
    )
    expect([...types].sort()).toEqual(
      ['boolean', 'datetime', 'dynamic', 'int', 'long', 'real', 'string'].sort(),
    )
  })

  it('puts more DCRs in one subscription than one ARM page holds', () => {
    const pageSize = seed.settings?.armPageSize ?? 5
    const main = seed.subscriptions[0]?.subscriptionId ?? ''
    const inMain = seed.dataCollectionRules.filter((r) => r.id.includes(main))
    expect(inMain.length).toBeGreaterThan(pageSize)
  })

  it('returns a fresh copy each time', () => {
    const a = defaultSeed() as unknown as { users: Array<{ displayName: string }> }
    a.users[0] = { ...a.users[0], displayName: 'changed' }
    expect(defaultSeed().users[0]?.displayName).toBe('Adele Vance')
  })
})

describe('parseSeed', () => {
  function broken(change: (seed: EmulatorSeed) => unknown): unknown {
    return change(structuredClone<EmulatorSeed>(defaultSeed()))
  }

  it('names the path of a malformed immutable id', () => {
    const value = broken((seed) => {
      ;(seed.dataCollectionRules[0]?.properties as { immutableId: string }).immutableId = 'dcr-XYZ'
      return seed
    })
    expect(() => parseSeed(value)).toThrow(SeedError)
    expect(() => parseSeed(value)).toThrow(/dataCollectionRules.*immutableId/s)
  })

  it('rejects a data flow whose output table is not in the workspace', () => {
    const value = broken((seed) => {
      const flow = seed.dataCollectionRules[0]?.properties.dataFlows[0] as { outputStream: string }
      flow.outputStream = 'Custom-Missing_CL'
      return seed
    })
    expect(() => parseSeed(value)).toThrow(/table Missing_CL is not in workspace law-logdrop/)
  })

  it('rejects a role assignment for nobody', () => {
    const value = broken((seed) => ({
      ...seed,
      roleAssignments: [
        { principalId: '00000000-0000-4000-8000-000000000000', role: 'Reader', scope: '/' },
      ],
    }))
    expect(() => parseSeed(value)).toThrow(/unknown principal/)
  })

  it('keeps extra ARM fields such as etag', () => {
    const value = broken((seed) => {
      ;(seed.dataCollectionRules[0] as unknown as Record<string, unknown>)['etag'] = '"0a00"'
      return seed
    })
    const parsed = parseSeed(value)
    expect((parsed.dataCollectionRules[0] as unknown as Record<string, unknown>)['etag']).toBe(
      '"0a00"',
    )
  })
})

describe('loadSeedFile', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logdrop-seed-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('loads a valid JSON seed', async () => {
    const file = join(dir, 'seed.json')
    await writeFile(file, JSON.stringify(defaultSeed()))
    const seed = await loadSeedFile(file)
    expect(seed.tenant.id).toBe(defaultSeed().tenant.id)
  })

  it('reports a file that is not JSON', async () => {
    const file = join(dir, 'bad.json')
    await writeFile(file, '{ not json')
    await expect(loadSeedFile(file)).rejects.toThrow(/is not JSON/)
  })

  it('reports a missing file', async () => {
    await expect(loadSeedFile(join(dir, 'nope.json'))).rejects.toThrow(/Cannot read seed file/)
  })
})

describe('resolveSeedOrigin', () => {
  it('replaces {origin} everywhere and leaves other strings alone', () => {
    const seed = resolveSeedOrigin(defaultSeed(), 'https://localhost:1234')
    expect(JSON.stringify(seed)).not.toContain('{origin}')
    expect(seed.dataCollectionEndpoints[0]?.properties.logsIngestion.endpoint).toBe(
      'https://localhost:1234',
    )
    expect(seed.tenant).toEqual(defaultSeed().tenant)
  })
})
