import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import * as undici from 'undici'
import { createPool, poolRequest } from './undici-pool'

/*
 * undici-pool.ts loads two of undici's internal modules (no exports map in undici 7), which
 * is why package.json pins undici's exact version: an upgrade must pass these first.
 */
describe('the deep-imported undici Pool', () => {
  it('is the very class the package index exports (the same module, not a copy)', async () => {
    const pool = createPool('http://127.0.0.1:9', { connections: 1 })
    expect(pool).toBeInstanceOf(undici.Pool)
    await pool.destroy()
  })

  it('sends a request over a keep-alive pool and reads the answer', async () => {
    const server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        response.writeHead(204, { 'x-ms-request-id': `seen ${request.method} ${body}` })
        response.end()
      })
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    const pool = createPool(`http://127.0.0.1:${port}`, { connections: 2 })
    try {
      const response = await poolRequest(pool, { method: 'POST', path: '/x', body: '[1]' })
      await response.body.dump()
      expect(response.statusCode).toBe(204)
      expect(response.headers['x-ms-request-id']).toBe('seen POST [1]')
    } finally {
      await pool.destroy()
      server.close()
    }
  })
})
