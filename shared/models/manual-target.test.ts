import { describe, expect, it } from 'vitest'
import { ingestionTargetSchema, validateManualTarget } from './manual-target'
import { streamNaming } from './stream-naming'

const ID = 'dcr-5e0c9b7a1f2d4c3b8a6e9d0f1a2b3c4d'

describe('validateManualTarget', () => {
  it('accepts a DCE endpoint, an immutable id and a Custom- stream, normalising them', () => {
    const result = validateManualTarget({
      endpoint: ' https://my-dce-5kyl.eastus-1.ingest.monitor.azure.com/ ',
      dcrImmutableId: ID.toUpperCase().replace('DCR-', 'dcr-'),
      streamName: 'Custom-AppEvents',
    })
    expect(result).toEqual({
      valid: true,
      target: {
        endpoint: 'https://my-dce-5kyl.eastus-1.ingest.monitor.azure.com',
        dcrImmutableId: ID,
        streamName: 'Custom-AppEvents',
      },
      hints: [],
    })
  })

  it('accepts a host with a port (the local emulator)', () => {
    const result = validateManualTarget({
      endpoint: 'https://localhost:8443',
      dcrImmutableId: ID,
      streamName: 'Custom-A',
    })
    expect(result.valid).toBe(true)
  })

  it('explains each wrong field', () => {
    const result = validateManualTarget({
      endpoint: 'http://example.com',
      dcrImmutableId:
        '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Insights/dataCollectionRules/d',
      streamName: 'AppEvents_CL',
    })
    expect(result.valid).toBe(false)
    if (result.valid) return
    const byField = Object.fromEntries(result.issues.map((i) => [i.field, i.message]))
    expect(byField.endpoint).toMatch(/https/)
    expect(byField.dcrImmutableId).toMatch(/immutable ID/)
    expect(byField.streamName).toMatch(/Custom-AppEvents/)
  })

  it('refuses paths, queries and bad ids', () => {
    const result = validateManualTarget({
      endpoint: 'https://x.ingest.monitor.azure.com/dataCollectionRules/dcr-1',
      dcrImmutableId: 'dcr-123',
      streamName: 'Custom-has space',
    })
    expect(result.valid).toBe(false)
    if (!result.valid)
      expect(result.issues.map((i) => i.field).sort()).toEqual([
        'dcrImmutableId',
        'endpoint',
        'streamName',
      ])
  })

  it('hints when the stream looks like the output stream', () => {
    const result = validateManualTarget({
      endpoint: 'https://x.ingest.monitor.azure.com',
      dcrImmutableId: ID,
      streamName: 'Custom-AppEvents_CL',
    })
    expect(result.valid).toBe(true)
    expect(result.hints.join(' ')).toMatch(/output stream/)
  })

  it('as a schema, yields the normalised target or field issues', () => {
    const ok = ingestionTargetSchema.safeParse({
      endpoint: 'https://x.ingest.monitor.azure.com/',
      dcrImmutableId: ID,
      streamName: 'Custom-A',
    })
    expect(ok.success && ok.data.endpoint).toBe('https://x.ingest.monitor.azure.com')
    const bad = ingestionTargetSchema.safeParse({
      endpoint: '',
      dcrImmutableId: '',
      streamName: '',
    })
    expect(bad.success).toBe(false)
    if (!bad.success)
      expect(bad.error.issues.map((i) => i.path[0]).sort()).toEqual([
        'dcrImmutableId',
        'endpoint',
        'streamName',
      ])
  })
})

describe('streamNaming', () => {
  it('spells out input stream, output stream and table', () => {
    expect(streamNaming('Custom-AppEvents', 'Custom-AppEvents_CL')).toEqual({
      inputStream: 'Custom-AppEvents',
      outputStream: 'Custom-AppEvents_CL',
      table: 'AppEvents_CL',
    })
    expect(streamNaming('Custom-Raw', 'Microsoft-Syslog').table).toBe('Syslog')
    expect(streamNaming('Custom-Same_CL').outputStream).toBe('Custom-Same_CL')
  })
})
