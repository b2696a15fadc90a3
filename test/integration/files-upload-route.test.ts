import { request } from 'node:http'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebHost, type WebHost } from '../../electron/web-host/web-host'
import { dispatchInvoke } from '../../electron/core/ipc/dispatch'
import type { FileEntry } from '../../shared/models/files'
import type { Result } from '../../shared/util/result'

/*
 * The browser host's file routes over real HTTP: uploads stream to the staging folder behind
 * the secret and Origin checks, and exports are one-time downloads.
 */

let dir: string
let host: WebHost

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-upload-route-'))
  host = await startWebHost({
    dataDir: join(dir, 'data'),
    rendererDir: join(dir, 'renderer'),
    port: 0,
  })
})

afterAll(async () => {
  await host?.stop()
  await rm(dir, { recursive: true, force: true })
})

interface Answer {
  readonly status: number
  readonly body: string
  readonly headers: Record<string, string | string[] | undefined>
}

/** An HTTP request with full control over headers (Origin included) and a streamed body. */
function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Readable } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${host.origin}${path}`, { method, headers: options.headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    if (options.body === undefined) req.end()
    else options.body.pipe(req)
  })
}

const secretBase = () => new URL(host.url).pathname.replace(/\/$/, '')

/** `lines` NDJSON lines, produced lazily in pieces (never one big buffer). */
function ndjsonStream(lines: number): Readable {
  let i = 0
  return new Readable({
    read() {
      if (i >= lines) {
        this.push(null)
        return
      }
      const batch: string[] = []
      for (let n = 0; n < 2000 && i < lines; n++, i++) {
        batch.push(
          JSON.stringify({ ts: '2024-05-01T00:00:00Z', n: i, msg: `line ${i} ${'x'.repeat(80)}` }),
        )
      }
      this.push(`${batch.join('\n')}\n`)
    },
  })
}

describe('PUT <base>/files', () => {
  it('refuses an upload without the secret or from another origin', async () => {
    const noSecret = await send('PUT', '/files?name=a.ndjson', {
      headers: { origin: host.origin },
      body: Readable.from(['{"a":1}\n']),
    })
    expect(noSecret.status).toBe(403)
    const foreign = await send('PUT', `${secretBase()}/files?name=a.ndjson`, {
      headers: { origin: 'http://evil.example' },
      body: Readable.from(['{"a":1}\n']),
    })
    expect(foreign.status).toBe(403)
    const noOrigin = await send('PUT', `${secretBase()}/files?name=a.ndjson`, {
      body: Readable.from(['{"a":1}\n']),
    })
    expect(noOrigin.status).toBe(403)
    const wrongMethod = await send('POST', `${secretBase()}/files?name=a.ndjson`, {
      headers: { origin: host.origin },
    })
    expect(wrongMethod.status).toBe(405)
    const listed = (await dispatchInvoke(
      host.context.handlers,
      'files:list',
      undefined,
      { clientId: 't' },
      host.context.logger,
    )) as Result<FileEntry[]>
    expect(listed).toEqual({ ok: true, value: [] })
  })

  it('streams a large upload to the staging folder and registers it', async () => {
    const lines = 200_000
    const answer = await send(
      'PUT',
      `${secretBase()}/files?name=${encodeURIComponent('big events.ndjson')}`,
      {
        headers: { origin: host.origin, 'content-type': 'application/octet-stream' },
        body: ndjsonStream(lines),
      },
    )
    expect(answer.status, answer.body).toBe(200)
    const result = JSON.parse(answer.body) as Result<FileEntry>
    if (!result.ok) throw new Error(result.error.code)
    const entry = result.value
    expect(entry).toMatchObject({
      name: 'big events.ndjson',
      origin: 'uploaded',
      rejection: null,
      detected: { format: 'ndjson' },
      headers: ['ts', 'n', 'msg'],
    })
    expect(entry.size).toBeGreaterThan(20_000_000)
    const staged = host.context.files.get(entry.id).path
    expect(staged.startsWith(join(dir, 'data', 'staging'))).toBe(true)
    expect((await stat(staged)).size).toBe(entry.size)
    expect(((await stat(staged)).mode & 0o777).toString(8)).toBe('600')

    const listed = (await dispatchInvoke(
      host.context.handlers,
      'files:list',
      undefined,
      { clientId: 't' },
      host.context.logger,
    )) as Result<FileEntry[]>
    expect(listed.ok && listed.value.map((e) => e.id)).toEqual([entry.id])
    const preview = await dispatchInvoke(
      host.context.handlers,
      'files:preview',
      { fileId: entry.id, limit: 3 },
      { clientId: 't' },
      host.context.logger,
    )
    expect(preview.ok && (preview.value as { records: unknown[] }).records).toEqual([
      expect.objectContaining({ n: 0 }),
      expect.objectContaining({ n: 1 }),
      expect.objectContaining({ n: 2 }),
    ])

    // Removing the entry deletes the copy (no upload needs it).
    const removed = await dispatchInvoke(
      host.context.handlers,
      'files:remove',
      { fileId: entry.id },
      { clientId: 't' },
      host.context.logger,
    )
    expect(removed).toEqual({ ok: true, value: { removed: true } })
    await expect(stat(staged)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('refuses an upload without a file name', async () => {
    const noName = await send('PUT', `${secretBase()}/files`, {
      headers: { origin: host.origin },
      body: Readable.from(['{"a":1}\n']),
    })
    expect(noName.status).toBe(400)
    expect(JSON.parse(noName.body)).toMatchObject({ ok: false, error: { code: 'files/bad-name' } })
  })
})

describe('GET <base>/exports/<token>', () => {
  it('serves an export once, as an attachment', async () => {
    const outcome = await host.context.downloads.save(
      'failed-x.ndjson',
      'application/x-ndjson; charset=utf-8',
      { name: 'NDJSON', extensions: ['ndjson'] },
      async (out) => {
        out.write('{"id":"0:0:1"}\n')
        return 1
      },
    )
    expect(outcome).toMatchObject({ kind: 'download', fileName: 'failed-x.ndjson', records: 1 })
    if (outcome.kind !== 'download') return
    const path = `${secretBase()}/${outcome.url}`
    const noSecret = await send('GET', `/${outcome.url}`)
    expect(noSecret.status).toBe(403)
    const first = await send('GET', path)
    expect(first.status).toBe(200)
    expect(first.body).toBe('{"id":"0:0:1"}\n')
    expect(first.headers['content-disposition']).toMatch(/attachment; filename="failed-x.ndjson"/)
    const second = await send('GET', path)
    expect(second.status).toBe(404)
    // The file is deleted once sent (just after the response ends).
    const exported = join(dir, 'data', 'exports', outcome.url.split('/')[1] as string)
    for (let i = 0; i < 40 && (await stat(exported).catch(() => undefined)) !== undefined; i++) {
      await new Promise((r) => setTimeout(r, 50))
    }
    await expect(readFile(exported)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('cleans up, at the next start, uploaded copies that no upload needs', async () => {
    const answer = await send('PUT', `${secretBase()}/files?name=left.ndjson`, {
      headers: { origin: host.origin },
      body: Readable.from(['{"a":1}\n']),
    })
    expect(answer.status, answer.body).toBe(200)
    const staging = join(dir, 'data', 'staging')
    const before = await readdir(staging)
    expect(before.length).toBeGreaterThan(0)
    // The page goes away without removing its files; the host stops and starts again.
    await host.stop()
    await new Promise((resolve) => setTimeout(resolve, 20))
    host = await startWebHost({
      dataDir: join(dir, 'data'),
      rendererDir: join(dir, 'renderer'),
      port: 0,
    })
    const deadline = Date.now() + 10_000
    let after = await readdir(staging)
    while (after.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      after = await readdir(staging)
    }
    expect(after).toEqual([])
  })
})
