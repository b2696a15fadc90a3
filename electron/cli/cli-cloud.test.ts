import { describe, expect, it } from 'vitest'
import { CLOUDS } from '../../shared/clouds'
import { parseCli } from './cli-args'
import { resolveCliCloud } from './cli-cloud'

describe('the cloud of a command line', () => {
  it('is the public cloud unless told otherwise', () => {
    expect(resolveCliCloud({})).toEqual(CLOUDS.AzurePublic)
  })

  it('takes --cloud by our names and the Azure CLI names (AZURE_CLOUD_NAME)', () => {
    expect(resolveCliCloud({ cloud: 'AzureUSGovernment' })).toEqual(CLOUDS.AzureUSGovernment)
    expect(resolveCliCloud({ cloud: 'azurechina' })).toEqual(CLOUDS.AzureChina)
    expect(resolveCliCloud({}, { AZURE_CLOUD_NAME: 'AzureChinaCloud' })).toEqual(CLOUDS.AzureChina)
    expect(resolveCliCloud({}, { AZURE_CLOUD_NAME: 'AzureCloud' })).toEqual(CLOUDS.AzurePublic)
    // The flag wins over the environment.
    expect(
      resolveCliCloud({ cloud: 'AzureUSGovernment' }, { AZURE_CLOUD_NAME: 'AzureChinaCloud' }).id,
    ).toBe('AzureUSGovernment')
    expect(() => resolveCliCloud({ cloud: 'AzureGermany' })).toThrow(
      /--cloud must be AzurePublic, AzureUSGovernment or AzureChina; not AzureGermany/,
    )
  })

  it('puts custom endpoints over the chosen cloud, AZURE_AUTHORITY_HOST as @azure/identity reads it', () => {
    const cloud = resolveCliCloud(
      {
        cloud: 'AzureUSGovernment',
        armEndpoint: 'https://management.contoso.example/',
        audience: 'https://monitor.contoso.example',
      },
      { AZURE_AUTHORITY_HOST: 'https://login.contoso.example/' },
    )
    expect(cloud).toMatchObject({
      authorityHost: 'https://login.contoso.example',
      armEndpoint: 'https://management.contoso.example',
      armScope: CLOUDS.AzureUSGovernment.armScope,
      monitorAudience: 'https://monitor.contoso.example',
      monitorScope: 'https://monitor.contoso.example/.default',
      logAnalyticsEndpoint: CLOUDS.AzureUSGovernment.logAnalyticsEndpoint,
    })
    expect(
      resolveCliCloud(
        { authorityHost: 'https://a.example' },
        { AZURE_AUTHORITY_HOST: 'https://b.example' },
      ).authorityHost,
    ).toBe('https://a.example')
    expect(
      resolveCliCloud({
        armEndpoint: 'https://management.contoso.example',
        armAudience: 'https://management.contoso.example/abc',
      }).armScope,
    ).toBe('https://management.contoso.example/abc/.default')
    expect(() => resolveCliCloud({ armEndpoint: 'http://management.example' })).toThrow(
      /--arm-endpoint must be an https URL/,
    )
  })

  it('reaches every connection command through parseCli, with --ca-file', () => {
    expect(
      parseCli(['upload', 'f', '--cloud', 'AzureChina', '--ca-file', 'corp.pem'], {}),
    ).toMatchObject({ cloud: { id: 'AzureChina' }, caFile: 'corp.pem' })
    expect(parseCli(['resume', 'job-1'], { AZURE_CLOUD_NAME: 'AzureUSGovernment' })).toMatchObject({
      cloud: { armEndpoint: 'https://management.usgovcloudapi.net' },
    })
    expect(parseCli(['failed', 'retry', 'j', '--include-accepted'])).toMatchObject({
      command: 'failed-retry',
      includeAccepted: true,
    })
  })
})
