import { request as httpRequest } from 'node:http'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startWebHost, type WebHost } from '../../electron/web-host/web-host'
import { listFiles } from '../helpers/secret-scan'

/*
 * The browser host, attacked from the outside. electron/web-host/web-host.test.ts covers the basic
 * refusals; this adds what a hostile page or a curious neighbour would try next: every encoding
 * of a path that leaves the renderer, the file upload and download routes without the secret,
 * with a foreign Host or from another address, upload names that try to escape the staging
 * folder, and look-alike Host and Origin values.
 */

const OUTSIDE = 'OUTSIDE-THE-RENDERER-7f3a'
const SETTINGS_MARK = 'settings-mark-91c2'

let base: string
let host: WebHost
let secret: string

interface Reply {
  readonly status: number
  readonly body: string
}

/** A raw HTTP request: path, Host and Origin go out exactly as written. */
function send(
  path: string,
  options: {
    method?: string
    host?: string
    origin?: string
    body?: string
    localAddress?: string
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: options.method ?? 'GET',
        headers: {
          host: options.host ?? `127.0.0.1:${host.port}`,
          ...(options.origin === undefined ? {} : { origin: options.origin }),
          ...(options.body === undefined
            ? {}
            : { 'content-length': Buffer.byteLength(options.body) }),
        },
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** The HTTP status a WebSocket upgrade gets (101 when it opens). */
function upgradeStatus(
  url: string,
  headers: Record<string, string>,
  localAddress?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, ...(localAddress ? { localAddress } : {}) })
    socket.on('open', () => {
      socket.close()
      resolve(101)
    })
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
    })
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error)
    })
  })
}

/** An address of this machine that is not loopback, when it has one. */
function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((nic) => nic !== undefined && nic.family === 'IPv4' && !nic.internal)?.address
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'logdrop-host-sec-'))
  const renderer = join(base, 'renderer')
  await mkdir(join(renderer, 'assets'), { recursive: true })
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>LogDrop</title>')
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log("app")')
  await writeFile(join(base, 'outside.txt'), OUTSIDE)
  await symlink(base, join(renderer, 'assets', 'up'))
  host = await startWebHost({ dataDir: join(base, 'data'), rendererDir: renderer, port: 0 })
  await writeFile(join(base, 'data', 'marker.json'), `{"mark":"${SETTINGS_MARK}"}`)
  secret = new URL(host.url).pathname.split('/')[1] ?? ''
})

afterAll(async () => {
  await host?.stop()
  await rm(base, { recursive: true, force: true })
})

describe('no route serves a file outside the built renderer', () => {
  it('refuses every encoding of a way out (400/404), never the file', async () => {
    const s = secret
    const paths = [
      `/${s}/%252e%252e/outside.txt`,
      `/${s}/%252e%252e%252foutside.txt`,
      `/${s}/%c0%ae%c0%ae/outside.txt`,
      `/${s}/%e0%80%ae%e0%80%ae/outside.txt`,
      `/${s}/.%2e/outside.txt`,
      `/${s}/%2e./outside.txt`,
      `/${s}/assets/%2e%2e/%2e%2e/outside.txt`,
      `/${s}/assets/..%2f..%2foutside.txt`,
      `/${s}/%2e%2e%5c%2e%2e%5coutside.txt`,
      `/${s}/....//outside.txt`,
      `/${s}/..;/outside.txt`,
      `/${s}/%ef%bc%8e%ef%bc%8e/outside.txt`,
      `/${s}/./index.html`,
      `/${s}/assets/./../../outside.txt`,
      `/${s}/../${s}/../outside.txt`,
      `/${s}/%00`,
      `/${s}/index.html%00.js`,
      `/${s}/C:%5cWindows%5cwin.ini`,
      `/${s}/C:/outside.txt`,
      `/${s}/%2fetc%2fpasswd`,
      `/${s}/%2F${encodeURIComponent(base)}%2Foutside.txt`,
      `/${s}/assets/up/outside.txt`,
      `/${s}/assets/up/data/marker.json`,
      `/${s}/file:%2f%2f%2fetc%2fpasswd`,
    ]
    for (const path of paths) {
      for (const method of ['GET', 'HEAD']) {
        const reply = await send(path, { method })
        expect([400, 404], `${method} ${path}`).toContain(reply.status)
        expect(reply.body, path).not.toContain(OUTSIDE)
        expect(reply.body, path).not.toContain(SETTINGS_MARK)
      }
    }
  })

  it('keeps the secret as the first segment, however the rest is spelled', async () => {
    for (const path of [
      `/${secret}%2f..%2foutside.txt`,
      `//${secret}/../outside.txt`,
      `/%2e%2e/${secret}/index.html`,
      `/${encodeURIComponent(secret)}x/index.html`,
    ]) {
      const reply = await send(path)
      expect(reply.status, path).toBe(403)
      expect(reply.body).not.toContain('<title>')
    }
  })

  it('never hands out a download for a token that is not one', async () => {
    for (const token of [
      '../../data/marker.json',
      '..%2f..%2fdata%2fmarker.json',
      '%2e%2e',
      '..',
      'A'.repeat(40),
      `${'a'.repeat(24)}/../../marker.json`,
      encodeURIComponent(join(base, 'data', 'marker.json')),
    ]) {
      const reply = await send(`/${secret}/exports/${token}`)
      expect([400, 404], token).toContain(reply.status)
      expect(reply.body).not.toContain(SETTINGS_MARK)
    }
    expect((await send(`/${secret}/exports/${'A'.repeat(40)}`, { method: 'PUT' })).status).toBe(405)
  })

  it('stages uploads under the data folder, whatever name they claim', async () => {
    const outsideBefore = await listFiles(base, ['data'])
    const names = [
      '../../escaped.txt',
      '/tmp/escaped-absolute.txt',
      '..\\..\\escaped.txt',
      'a/../../escaped.txt',
      '%2e%2e%2fescaped.txt',
      '..',
      '.',
      'con',
      `${'x'.repeat(300)}.ndjson`,
    ]
    for (const name of names) {
      const reply = await send(`/${secret}/files?name=${encodeURIComponent(name)}`, {
        method: 'PUT',
        origin: host.origin,
        body: '{"n":1}\n',
      })
      expect([200, 400], name).toContain(reply.status)
      const answer = JSON.parse(reply.body) as {
        ok: boolean
        value?: { name: string }
        error?: { code: string }
      }
      if (answer.ok) {
        expect(answer.value?.name, name).not.toMatch(/[/\\]/)
        expect(answer.value?.name, name).not.toBe('..')
      } else {
        expect(answer.error?.code, name).toBe('files/bad-name')
      }
    }
    // Nothing appeared outside the data folder, and inside it only in the staging area.
    expect(await listFiles(base, ['data'])).toEqual(outsideBefore)
    const staged = (await listFiles(join(base, 'data'))).filter(
      (f) => !f.startsWith('logs/') && f !== 'marker.json' && !f.endsWith('.json'),
    )
    expect(staged.length).toBeGreaterThan(0)
    for (const file of staged) expect(file, file).toMatch(/^staging\//)
    expect(await readFile(join(base, 'outside.txt'), 'utf8')).toBe(OUTSIDE)
  })
})

describe('the file routes sit behind the same checks as everything else', () => {
  it('refuses uploads and downloads with a foreign Host, or without the secret', async () => {
    for (const hostHeader of [`evil.example:${host.port}`, `[::1]:${host.port}`, '127.0.0.1']) {
      const put = await send(`/${secret}/files?name=x.ndjson`, {
        method: 'PUT',
        host: hostHeader,
        origin: host.origin,
        body: '{}\n',
      })
      expect(put.status, hostHeader).toBe(421)
      expect(
        (await send(`/${secret}/exports/${'A'.repeat(40)}`, { host: hostHeader })).status,
      ).toBe(421)
    }
    const noSecret = await send('/files?name=x.ndjson', {
      method: 'PUT',
      origin: host.origin,
      body: '{}\n',
    })
    expect(noSecret.status).toBe(403)
    expect((await send(`/exports/${'A'.repeat(40)}`)).status).toBe(403)
  })

  it('refuses look-alike Host headers and socket Origins', async () => {
    for (const hostHeader of [
      `127.0.0.2:${host.port}`,
      `0.0.0.0:${host.port}`,
      `localhost.:${host.port}`,
      `127.0.0.1:${host.port}.evil.example`,
      `evil.example@127.0.0.1:${host.port}`,
    ]) {
      expect((await send(`/${secret}/`, { host: hostHeader })).status, hostHeader).toBe(421)
    }
    const url = `ws://127.0.0.1:${host.port}/${secret}/ws`
    for (const origin of [
      `${host.origin}/`,
      `https://127.0.0.1:${host.port}`,
      `http://127.0.0.1:${host.port}.evil.example`,
      `http://localhost:${host.port}@evil.example`,
      `http://[::1]:${host.port}`,
      'file://',
    ]) {
      expect(await upgradeStatus(url, { origin }), origin).toBe(403)
    }
    expect(await upgradeStatus(url, { origin: host.origin })).toBe(101)
  })

  it('refuses the file routes and sockets from a non-loopback address', async (context) => {
    const local = nonLoopbackAddress()
    if (local === undefined) {
      context.skip('this machine has no non-loopback IPv4 address to send from')
      return
    }
    const put = await send(`/${secret}/files?name=x.ndjson`, {
      method: 'PUT',
      origin: host.origin,
      body: '{}\n',
      localAddress: local,
    })
    expect(put.status).toBe(403)
    expect(
      (await send(`/${secret}/exports/${'A'.repeat(40)}`, { localAddress: local })).status,
    ).toBe(403)
    const url = `ws://127.0.0.1:${host.port}/${secret}/ws`
    expect(await upgradeStatus(url, { origin: host.origin }, local)).toBe(403)
  })
})
