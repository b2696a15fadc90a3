import type { DataCollectionRuleResource } from '@azure/arm-monitor'
import { describe, expect, it } from 'vitest'
import { errorData } from '../../../shared/errors/app-error'
import { collectAcrossTenants } from './across-tenants'
import { toDcrSummary } from './dcr-mapper'
import { parseResourceId } from './resource-id'

const SUB = '3f2b6c1e-8a41-4d7e-9c55-0e1d2a3b4c5d'
const WS = `/subscriptions/${SUB}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-main`

/** The reference's example DCR (§4.2) as the ARM SDK returns it (properties flattened). */
const RULE: DataCollectionRuleResource = {
  id: `/subscriptions/${SUB}/resourceGroups/rg-logs/providers/Microsoft.Insights/dataCollectionRules/dcr-appevents`,
  name: 'dcr-appevents',
  location: 'westeurope',
  kind: 'Direct',
  immutableId: 'dcr-5e0c9b7a1f2d4c3b8a6e9d0f1a2b3c4d',
  streamDeclarations: {
    'Custom-AppEvents': {
      columns: [
        { name: 'Time', type: 'datetime' },
        { name: 'Props', type: 'dynamic' },
      ],
    },
  },
  destinations: {
    logAnalytics: [{ workspaceResourceId: WS, name: 'la-main' }],
  },
  dataFlows: [
    {
      streams: ['Custom-AppEvents'],
      destinations: ['la-main'],
      transformKql: 'source | extend TimeGenerated = Time',
      outputStream: 'Custom-AppEvents_CL',
    },
  ],
}

describe('toDcrSummary', () => {
  it('shows streams with columns, transform, output stream, table and workspace', () => {
    const summary = toDcrSummary(RULE, {
      endpoint: 'https://e.ingest',
      source: 'dcr',
      dataCollectionEndpointId: null,
      problem: null,
    })
    expect(summary.subscriptionId).toBe(SUB)
    expect(summary.resourceGroup).toBe('rg-logs')
    expect(summary.kind).toBe('Direct')
    expect(summary.streams).toEqual([
      {
        name: 'Custom-AppEvents',
        columns: [
          { name: 'Time', type: 'datetime' },
          { name: 'Props', type: 'dynamic' },
        ],
        flows: [
          {
            naming: {
              inputStream: 'Custom-AppEvents',
              outputStream: 'Custom-AppEvents_CL',
              table: 'AppEvents_CL',
            },
            transformKql: 'source | extend TimeGenerated = Time',
            workspace: {
              destinationName: 'la-main',
              workspaceResourceId: WS,
              workspaceName: 'law-main',
              workspaceId: '',
            },
          },
        ],
      },
    ])
  })
})

describe('discovery helpers', () => {
  it('parses ARM ids, also with lower-case resourcegroups', () => {
    expect(
      parseResourceId(
        `/subscriptions/${SUB}/resourcegroups/RG/providers/Microsoft.Insights/dataCollectionEndpoints/dce-1`,
      ),
    ).toEqual({ subscriptionId: SUB, resourceGroup: 'RG', name: 'dce-1' })
    expect(parseResourceId('/subscriptions/x')).toBeNull()
  })

  it('keeps the tenants that answered when one fails', async () => {
    const result = await collectAcrossTenants(
      ['t1', 't2', 't3'],
      async (tenant) => {
        if (tenant === 't2') throw new Error('AADSTS50076: MFA required in t2')
        return [`${tenant}-sub`]
      },
      (error) => errorData('target/arm-failed', String(error)),
    )
    expect(result.items).toEqual(['t1-sub', 't3-sub'])
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]?.tenantId).toBe('t2')
    expect(result.failures[0]?.problem.detail).toMatch(/MFA/)
  })
})
