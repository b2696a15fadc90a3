import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { MAX_CLIENT_FRAME_BYTES, type ServerFrame } from '../../shared/ipc/socket-protocol'
import { startWebHost, type WebHost } from './web-host'

interface Reply {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

let base: string
let host: WebHost
let secret: string
const logLines: string[] = []

/** A raw HTTP request: the path and Host header go out exactly as written. */
function get(
  path: string,
  options: { host?: string; method?: string; localAddress?: string; noHost?: boolean } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: options.method ?? 'GET',
        headers: options.noHost === true ? {} : { host: options.host ?? `127.0.0.1:${host.port}` },
        setHost: options.noHost !== true,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end()
  })
}

/** Tries a WebSocket upgrade and reports the HTTP status it was refused with (or 101). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers })
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

/** An accepted socket that records every frame the host sends. */
async function openSocket() {
  const frames: ServerFrame[] = []
  const waiters: Array<() => void> = []
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/${secret}/ws`, {
    headers: { origin: host.origin },
  })
  socket.on('message', (data: Buffer) => {
    frames.push(JSON.parse(data.toString('utf8')) as ServerFrame)
    for (const wake of waiters.splice(0)) wake()
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  async function next(match: (frame: ServerFrame) => boolean): Promise<ServerFrame> {
    for (;;) {
      const found = frames.find(match)
      if (found !== undefined) return found
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }
  let id = 0
  async function invoke(channel: string, payload: unknown) {
    const frameId = ++id
    socket.send(JSON.stringify({ type: 'invoke', id: frameId, channel, payload }))
    const frame = await next((f) => f.type === 'result' && f.id === frameId)
    return (frame as Extract<ServerFrame, { type: 'result' }>).result as {
      ok: boolean
      value?: unknown
      error?: { code: string }
    }
  }
  function closed(): Promise<number> {
    return new Promise((resolve) => socket.once('close', (code) => resolve(code)))
  }
  return { socket, frames, next, invoke, closed }
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'logdrop-host-'))
  const renderer = join(base, 'renderer')
  await mkdir(join(renderer, 'assets'), { recursive: true })
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>LogDrop</title>')
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log("app")')
  await writeFile(join(base, 'outside.txt'), 'OUTSIDE-THE-RENDERER')
  await symlink(join(base, 'outside.txt'), join(renderer, 'assets', 'escape.txt'))
  host = await startWebHost({
    dataDir: join(base, 'data'),
    rendererDir: renderer,
    port: 0,
    logSink: (line) => logLines.push(line),
  })
  secret = new URL(host.url).pathname.split('/')[1] ?? ''
})

afterAll(async () => {
  await host.stop()
  await rm(base, { recursive: true, force: true })
})

describe('browser host over HTTP', () => {
  it('prints a loopback URL with a 43-character secret', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/[A-Za-z0-9_-]{43}/$`))
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`)
  })

  it('serves the renderer with its secret, with the security headers', async () => {
    const page = await get(`/${secret}/`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>LogDrop</title>')
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin')
    expect(page.headers['x-frame-options']).toBe('DENY')
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`)

    const script = await get(`/${secret}/assets/app.js`)
    expect(script.status).toBe(200)
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(script.body).toBe('console.log("app")')
    expect((await get(`/${secret}/index.html`, { host: `localhost:${host.port}` })).status).toBe(
      200,
    )
  })

  it('redirects the bare secret to its folder so relative assets resolve', async () => {
    const reply = await get(`/${secret}`)
    expect(reply.status).toBe(308)
    expect(reply.headers.location).toBe(`/${secret}/`)
  })

  it('refuses every request without the exact secret', async () => {
    const wrong = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`
    for (const path of [
      '/',
      '/index.html',
      '/assets/app.js',
      `/${wrong}/`,
      `/${secret.toUpperCase()}/`,
      `/${secret}x/`,
      `/x${secret}/`,
      `/?secret=${secret}`,
      `/../${secret}/`,
      `http://127.0.0.1:${host.port}/${secret}/`,
    ]) {
      const reply = await get(path)
      expect(reply.status, path).toBe(403)
      expect(reply.body, path).not.toContain('<title>')
      expect(reply.headers['x-content-type-options']).toBe('nosniff')
    }
  })

  it('refuses a foreign Host header (DNS rebinding) even with the secret', async () => {
    for (const hostHeader of [
      'evil.example',
      `evil.example:${host.port}`,
      `127.0.0.1:${host.port + 1}`,
      `localhost.evil.example:${host.port}`,
    ]) {
      const reply = await get(`/${secret}/`, { host: hostHeader })
      expect(reply.status, hostHeader).toBe(421)
    }
    // HTTP/1.1 without Host: Node's server refuses it (400) before our check runs.
    expect((await get(`/${secret}/`, { noHost: true })).status).toBe(400)
  })

  it('never serves a file outside the renderer folder', async () => {
    const attempts: ReadonlyArray<readonly [string, number]> = [
      [`/${secret}/../outside.txt`, 400],
      [`/${secret}/assets/../../outside.txt`, 400],
      [`/${secret}/%2e%2e/outside.txt`, 400],
      [`/${secret}/%2E%2E/outside.txt`, 400],
      [`/${secret}/..%2foutside.txt`, 400],
      [`/${secret}/..%5coutside.txt`, 400],
      [`/${secret}/..\\outside.txt`, 400],
      [`/${secret}//etc/passwd`, 400],
      [`/${secret}/${encodeURIComponent(join(base, 'outside.txt'))}`, 400],
      [`/${secret}/assets/escape.txt`, 404],
      [`/${secret}/missing.js`, 404],
    ]
    for (const [path, status] of attempts) {
      const reply = await get(path)
      expect(reply.status, path).toBe(status)
      expect(reply.body, path).not.toContain('OUTSIDE-THE-RENDERER')
    }
  })

  it('answers only GET and HEAD', async () => {
    expect((await get(`/${secret}/`, { method: 'POST' })).status).toBe(405)
    const head = await get(`/${secret}/`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('refuses a connection from a non-loopback address', async (context) => {
    const local = Object.values(networkInterfaces())
      .flat()
      .find((nic) => nic !== undefined && nic.family === 'IPv4' && !nic.internal)
    if (local === undefined) {
      context.skip('this machine has no non-loopback IPv4 address to send from')
      return
    }
    // Linux lets a socket bound to another local address connect to 127.0.0.1; the host then
    // sees that address as the peer and must refuse it.
    const reply = await get(`/${secret}/`, { localAddress: local.address })
    expect(reply.status).toBe(403)
    expect(reply.body).not.toContain('<title>')
    expect(logLines.some((line) => line.includes('non-loopback address'))).toBe(true)
  })
})

describe('browser host WebSocket', () => {
  it('refuses upgrades without the secret, with a bad Origin or Host, or off the socket path', async () => {
    const origin = host.origin
    const good = `ws://127.0.0.1:${host.port}/${secret}/ws`
    expect(await upgradeStatus(`ws://127.0.0.1:${host.port}/ws`, { origin })).toBe(403)
    expect(await upgradeStatus(`ws://127.0.0.1:${host.port}/nope/ws`, { origin })).toBe(403)
    expect(await upgradeStatus(good, { origin: 'http://evil.example' })).toBe(403)
    expect(await upgradeStatus(good, { origin: `http://127.0.0.1:${host.port + 1}` })).toBe(403)
    expect(await upgradeStatus(good, { origin: 'null' })).toBe(403)
    expect(await upgradeStatus(good, {})).toBe(403)
    expect(await upgradeStatus(good, { origin, host: `evil.example:${host.port}` })).toBe(421)
    expect(await upgradeStatus(`ws://127.0.0.1:${host.port}/${secret}/other`, { origin })).toBe(404)
    expect(await upgradeStatus(good, { origin: `http://localhost:${host.port}` })).toBe(101)
  })

  it('round-trips app:ping through the same dispatcher as Electron IPC', async () => {
    const client = await openSocket()
    const reply = await client.invoke('app:ping', { message: 'hello' })
    expect(reply.ok).toBe(true)
    expect(reply.value).toMatchObject({ message: 'hello' })
    // No payload: JSON drops the key, and the host must still accept the request.
    const info = await client.invoke('app:get-info', undefined)
    expect(info.value).toMatchObject({ name: 'LogDrop', host: 'browser' })
    client.socket.close()
  })

  it('rejects invalid payloads and unknown channels with error data, not action', async () => {
    const client = await openSocket()
    const before = await client.invoke('settings:get', undefined)
    expect(before.ok).toBe(true)
    const bad = await client.invoke('settings:update', { concurrency: 'lots', evil: true })
    expect(bad.ok).toBe(false)
    expect(bad.error?.code).toBe('ipc/invalid-payload')
    expect((await client.invoke('settings:get', undefined)).value).toEqual(before.value)
    const unknown = await client.invoke('fs:read-anything', { path: '/etc/passwd' })
    expect(unknown.error?.code).toBe('ipc/unknown-channel')
    client.socket.close()
  })

  it('pushes events to every connected socket after settings:update', async () => {
    const first = await openSocket()
    const second = await openSocket()
    const reply = await first.invoke('settings:update', { concurrency: 3 })
    expect(reply.ok).toBe(true)
    for (const client of [first, second]) {
      const event = await client.next((f) => f.type === 'event' && f.event === 'settings:changed')
      expect(event).toMatchObject({ payload: { concurrency: 3 } })
      client.socket.close()
    }
  })

  it('answers a malformed frame that has an id, and closes on frames that are not frames', async () => {
    const client = await openSocket()
    client.socket.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'app:ping', extra: 1 }))
    const answer = await client.next((f) => f.type === 'result' && f.id === 7)
    expect(answer).toMatchObject({ result: { ok: false, error: { code: 'ipc/invalid-payload' } } })
    const closed = client.closed()
    client.socket.send('this is not json')
    expect(await closed).toBe(1007)

    const other = await openSocket()
    const otherClosed = other.closed()
    other.socket.send(JSON.stringify({ hello: 'world' }))
    expect(await otherClosed).toBe(1008)
  })

  it('closes a socket that sends a frame over the size limit', async () => {
    const client = await openSocket()
    const closed = client.closed()
    client.socket.send(
      JSON.stringify({
        type: 'invoke',
        id: 1,
        channel: 'app:ping',
        payload: { message: 'x'.repeat(MAX_CLIENT_FRAME_BYTES) },
      }),
    )
    expect(await closed).toBe(1009)
  })

  it('never writes the secret to the log', () => {
    expect(logLines.length).toBeGreaterThan(0)
    expect(logLines.join('\n')).not.toContain(secret)
    expect(logLines.some((line) => line.includes('refused'))).toBe(true)
  })
})

describe('stopping the browser host', () => {
  it('closes sockets and the port, and can be called twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'logdrop-host-stop-'))
    await mkdir(join(dir, 'renderer'))
    await writeFile(join(dir, 'renderer', 'index.html'), '<title>x</title>')
    const other = await startWebHost({
      dataDir: join(dir, 'data'),
      rendererDir: join(dir, 'renderer'),
    })
    const otherSecret = new URL(other.url).pathname.split('/')[1]
    const socket = new WebSocket(`ws://127.0.0.1:${other.port}/${otherSecret}/ws`, {
      headers: { origin: other.origin },
    })
    await new Promise((resolve) => socket.once('open', resolve))
    const closed = new Promise<number>((resolve) => socket.once('close', resolve))
    await Promise.all([other.stop(), other.stop()])
    expect(await closed).toBe(1001)
    await expect(fetch(other.url)).rejects.toThrow()
    await rm(dir, { recursive: true, force: true })
  })
})
