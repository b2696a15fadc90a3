import { X509Certificate } from 'node:crypto'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureCertificates, type EmulatorCertificates } from './certs'

describe('ensureCertificates', () => {
  let dir: string
  let first: EmulatorCertificates
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logdrop-certs-'))
    first = await ensureCertificates(dir)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('creates a CA and a server certificate for localhost and 127.0.0.1 signed by it', () => {
    const ca = new X509Certificate(first.caCertPem)
    const server = new X509Certificate(first.serverCertPem)
    expect(ca.ca).toBe(true)
    expect(server.ca).toBe(false)
    expect(server.verify(ca.publicKey)).toBe(true)
    expect(server.subjectAltName).toContain('DNS:localhost')
    expect(server.subjectAltName).toContain('IP Address:127.0.0.1')
    expect(first.caCertPath).toBe(join(dir, 'tls', 'ca.pem'))
  })

  it('keeps the private keys readable by the owner only', async () => {
    for (const name of ['ca-key.pem', 'server-key.pem']) {
      const mode = (await stat(join(dir, 'tls', name))).mode & 0o777
      expect(mode).toBe(0o600)
    }
  })

  it('reuses the stored certificates on the next start', async () => {
    const again = await ensureCertificates(dir)
    expect(again.caCertPem).toBe(first.caCertPem)
    expect(again.serverCertPem).toBe(first.serverCertPem)
  })

  it('re-issues the server certificate from the same CA when it is about to expire', async () => {
    const later = new Date(Date.now() + 380 * 24 * 60 * 60 * 1000)
    const renewed = await ensureCertificates(dir, later)
    expect(renewed.caCertPem).toBe(first.caCertPem)
    expect(renewed.serverCertPem).not.toBe(first.serverCertPem)
    const server = new X509Certificate(renewed.serverCertPem)
    expect(server.verify(new X509Certificate(first.caCertPem).publicKey)).toBe(true)
  })

  it('gives a chain a TLS client accepts for localhost with only the CA trusted', async () => {
    const certs = await ensureCertificates(dir)
    const server = createServer({ cert: certs.serverCertPem, key: certs.serverKeyPem }, (_, res) =>
      res.end('ok'),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const authorized = await new Promise<boolean>((resolve, reject) => {
        const socket = connect(
          { host: '127.0.0.1', port, servername: 'localhost', ca: [certs.caCertPem] },
          () => {
            resolve(socket.authorized)
            socket.end()
          },
        )
        socket.on('error', reject)
      })
      expect(authorized).toBe(true)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
