import { describe, expect, it } from 'vitest'
import { audienceOfScope, CLOUDS, emulatorCloud, scopeFor, TOKEN_AUDIENCES } from './clouds'

describe('cloud table', () => {
  it('gives each sovereign cloud its own hosts and scopes (reference §7.1)', () => {
    expect(scopeFor(CLOUDS.AzurePublic, 'arm')).toBe('https://management.azure.com/.default')
    expect(scopeFor(CLOUDS.AzurePublic, 'monitor')).toBe('https://monitor.azure.com/.default')
    expect(scopeFor(CLOUDS.AzurePublic, 'log-analytics')).toBe(
      'https://api.loganalytics.io/.default',
    )
    expect(CLOUDS.AzureUSGovernment.authorityHost).toBe('https://login.microsoftonline.us')
    expect(scopeFor(CLOUDS.AzureUSGovernment, 'arm')).toBe(
      'https://management.usgovcloudapi.net/.default',
    )
    expect(scopeFor(CLOUDS.AzureUSGovernment, 'monitor')).toBe('https://monitor.azure.us/.default')
    expect(scopeFor(CLOUDS.AzureChina, 'monitor')).toBe('https://monitor.azure.cn/.default')
    expect(CLOUDS.AzureChina.armEndpoint).toBe('https://management.chinacloudapi.cn')
    expect(scopeFor(CLOUDS.AzureChina, 'log-analytics')).toBe(
      'https://api.loganalytics.azure.cn/.default',
    )
  })

  it('every scope is its endpoint or audience plus /.default, with no trailing slash on hosts', () => {
    for (const cloud of Object.values(CLOUDS)) {
      expect(cloud.armScope).toBe(`${cloud.armEndpoint}/.default`)
      expect(cloud.monitorScope).toBe(`${cloud.monitorAudience}/.default`)
      for (const host of [cloud.authorityHost, cloud.armEndpoint, cloud.logAnalyticsEndpoint]) {
        expect(host).toMatch(/^https:\/\/[^/]+$/)
      }
    }
  })

  it('the emulator plays every host on its origin and keeps the public scopes', () => {
    const cloud = emulatorCloud('https://localhost:8443/')
    expect(cloud.id).toBe('LocalEmulator')
    expect(cloud.authorityHost).toBe('https://localhost:8443')
    expect(cloud.armEndpoint).toBe('https://localhost:8443')
    expect(cloud.logAnalyticsEndpoint).toBe('https://localhost:8443')
    expect(cloud.monitorScope).toBe(CLOUDS.AzurePublic.monitorScope)
  })

  it('maps scopes back to audiences, accepting the //.default spelling and refusing others', () => {
    for (const audience of TOKEN_AUDIENCES) {
      expect(audienceOfScope(CLOUDS.AzureChina, scopeFor(CLOUDS.AzureChina, audience))).toBe(
        audience,
      )
    }
    expect(audienceOfScope(CLOUDS.AzurePublic, 'https://monitor.azure.com//.default')).toBe(
      'monitor',
    )
    // A public-cloud scope is not a US Government one.
    expect(audienceOfScope(CLOUDS.AzureUSGovernment, CLOUDS.AzurePublic.armScope)).toBeNull()
    expect(audienceOfScope(CLOUDS.AzurePublic, 'https://graph.microsoft.com/.default')).toBeNull()
  })
})
