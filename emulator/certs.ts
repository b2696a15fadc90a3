import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import forge from 'node-forge'
import { writeFileDurably } from './platform/durable-write'

/** The emulator's TLS material, all PEM. */
export interface EmulatorCertificates {
  readonly caCertPem: string
  /** Where the CA certificate is kept; clients are pointed at this file. */
  readonly caCertPath: string
  readonly serverCertPem: string
  readonly serverKeyPem: string
}

const DAY_MS = 24 * 60 * 60 * 1000
const CA_DAYS = 3650
/** Under the 398 days browsers accept for a leaf certificate. */
const SERVER_DAYS = 397
/** A server certificate this close to expiry is replaced at start-up. */
const RENEW_BEFORE_DAYS = 30

function files(dataDir: string) {
  const dir = join(dataDir, 'tls')
  return {
    caCert: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server-key.pem'),
  }
}

function newKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  // Node's native RSA is far faster than forge's pure-JS key generation.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

function serialNumber(): string {
  // Positive (top bit clear) 16-byte serial, as RFC 5280 asks.
  const bytes = randomBytes(16)
  bytes[0] = (bytes[0] ?? 0) & 0x7f
  return bytes.toString('hex')
}

function baseCertificate(publicKeyPem: string, now: Date, days: number) {
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem)
  cert.serialNumber = serialNumber()
  // Back-date an hour so a slightly slow client clock still accepts the certificate.
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000)
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS)
  return cert
}

function createCa(now: Date) {
  const keys = newKeyPair()
  const cert = baseCertificate(keys.publicKeyPem, now, CA_DAYS)
  const subject = [
    { name: 'commonName', value: 'LogDrop Local Emulator CA' },
    { name: 'organizationName', value: 'LogDrop' },
  ]
  cert.setSubject(subject)
  cert.setIssuer(subject)
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ])
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKeyPem), forge.md.sha256.create())
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem }
}

function createServerCert(caCertPem: string, caKeyPem: string, now: Date) {
  const keys = newKeyPair()
  const ca = forge.pki.certificateFromPem(caCertPem)
  const cert = baseCertificate(keys.publicKeyPem, now, SERVER_DAYS)
  cert.setSubject([{ name: 'commonName', value: 'localhost' }])
  cert.setIssuer(ca.subject.attributes)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ])
  cert.sign(forge.pki.privateKeyFromPem(caKeyPem), forge.md.sha256.create())
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return undefined
  }
}

/** Valid now (a clock set back makes a certificate "not yet valid") and not about to expire. */
function validAround(cert: X509Certificate, now: Date): boolean {
  return (
    new Date(cert.validFrom).getTime() <= now.getTime() &&
    new Date(cert.validTo).getTime() > now.getTime() + RENEW_BEFORE_DAYS * DAY_MS
  )
}

/** True when the CA pair parses, is a CA, and is valid now. */
function caUsable(certPem: string, now: Date): boolean {
  try {
    const cert = new X509Certificate(certPem)
    return cert.ca && validAround(cert, now)
  } catch {
    return false
  }
}

/** True when the server certificate is signed by the CA, names localhost and is not expiring. */
function serverUsable(certPem: string, caCertPem: string, now: Date): boolean {
  try {
    const cert = new X509Certificate(certPem)
    const ca = new X509Certificate(caCertPem)
    return (
      cert.verify(ca.publicKey) &&
      cert.checkHost('localhost') !== undefined &&
      cert.checkIP('127.0.0.1') !== undefined &&
      validAround(cert, now)
    )
  } catch {
    return false
  }
}

/**
 * Returns the CA and server certificate from `<dataDir>/tls`, creating them on first start.
 *
 * The CA is kept so a user who chose to trust it keeps a working trust across restarts; the
 * server certificate is re-issued from it when missing or about to expire. Keys are 0600.
 */
export async function ensureCertificates(
  dataDir: string,
  now: Date = new Date(),
): Promise<EmulatorCertificates> {
  const paths = files(dataDir)
  let caCertPem = await readOptional(paths.caCert)
  let caKeyPem = await readOptional(paths.caKey)
  let renewServer = false
  if (caCertPem === undefined || caKeyPem === undefined || !caUsable(caCertPem, now)) {
    const ca = createCa(now)
    caCertPem = ca.certPem
    caKeyPem = ca.keyPem
    await writeFileDurably(paths.caKey, caKeyPem, 0o600)
    await writeFileDurably(paths.caCert, caCertPem, 0o644)
    renewServer = true
  }

  let serverCertPem = await readOptional(paths.serverCert)
  let serverKeyPem = await readOptional(paths.serverKey)
  if (
    renewServer ||
    serverCertPem === undefined ||
    serverKeyPem === undefined ||
    !serverUsable(serverCertPem, caCertPem, now)
  ) {
    const server = createServerCert(caCertPem, caKeyPem, now)
    serverCertPem = server.certPem
    serverKeyPem = server.keyPem
    await writeFileDurably(paths.serverKey, serverKeyPem, 0o600)
    await writeFileDurably(paths.serverCert, serverCertPem, 0o644)
  }
  return { caCertPem, caCertPath: paths.caCert, serverCertPem, serverKeyPem }
}

/**
 * The base64 SHA-256 of a certificate's public key (SPKI), as Chromium's
 * `--ignore-certificate-errors-spki-list` and HPKP pins spell it. For the emulator's CA it stays
 * the same across server certificate renewals.
 */
export function spkiSha256(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(der).digest('base64')
}
