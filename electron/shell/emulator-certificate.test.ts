import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  CERT_CHROMIUM_VERDICT,
  CERT_TRUSTED,
  decideSignInNavigation,
  emulatorCertificateVerdict,
  isIssuedByCa,
} from './emulator-certificate'

const dir = join(__dirname, '..', '..', 'test', 'fixtures', 'emulator-certs')
const pem = (name: string) => readFileSync(join(dir, name), 'utf8')
const ca = pem('ca.pem')
const leaf = pem('localhost.pem')
const foreignLeaf = pem('localhost-other-ca.pem')
const emulator = { origin: 'https://localhost:5219', caCertPem: ca }

describe('trusting the emulator CA in the sign-in window', () => {
  it('knows a certificate the CA issued from one another CA issued', () => {
    expect(isIssuedByCa(leaf, ca)).toBe(true)
    expect(isIssuedByCa(foreignLeaf, ca)).toBe(false)
    expect(isIssuedByCa(leaf, pem('other-ca.pem'))).toBe(false)
    expect(isIssuedByCa('not a certificate', ca)).toBe(false)
    expect(isIssuedByCa(leaf, ca, new Date(Date.UTC(1999, 0, 1)))).toBe(false)
  })

  it('trusts the emulator CA for the emulator host only, and leaves every other verdict to Chromium', () => {
    const verdict = (hostname: string, certificatePem: string, trust = emulator) =>
      emulatorCertificateVerdict({ hostname, certificatePem }, trust)
    expect(verdict('localhost', leaf)).toBe(CERT_TRUSTED)
    expect(verdict('LOCALHOST', leaf)).toBe(CERT_TRUSTED)
    expect(verdict('localhost', foreignLeaf)).toBe(CERT_CHROMIUM_VERDICT)
    // The emulator's CA vouches for nothing else, even a certificate it signed.
    expect(verdict('login.microsoftonline.com', leaf)).toBe(CERT_CHROMIUM_VERDICT)
    expect(
      emulatorCertificateVerdict({ hostname: 'localhost', certificatePem: leaf }, undefined),
    ).toBe(CERT_CHROMIUM_VERDICT)
  })

  it('lets the window go only to the emulator and the loopback redirect', () => {
    const go = (url: string) => decideSignInNavigation(url, emulator.origin)
    expect(go('https://localhost:5219/tenant/login')).toBe('allow')
    expect(go('http://localhost:61234/?code=x')).toBe('allow')
    expect(go('http://127.0.0.1:61234/')).toBe('allow')
    expect(go('https://localhost:5220/')).toBe('deny')
    expect(go('https://login.microsoftonline.com/')).toBe('deny')
    expect(go('http://evil.example/')).toBe('deny')
    expect(go('file:///etc/passwd')).toBe('deny')
  })
})
