import type { IncomingMessage } from 'node:http'
import { createGunzip } from 'node:zlib'

/** The outcome of reading a request body under a size limit. */
export type BodyResult =
  | { readonly ok: true; readonly body: Buffer; readonly wireBytes: number }
  | {
      readonly ok: false
      readonly reason: 'too-large'
      readonly which: 'compressed' | 'uncompressed'
      /** The size known when reading stopped (the declared length, or the bytes seen so far). */
      readonly bytes: number
    }
  | { readonly ok: false; readonly reason: 'bad-encoding'; readonly message: string }
  | { readonly ok: false; readonly reason: 'aborted' }

/**
 * Reads a request body, inflating it when `gzip` is set, and stops as soon as either the bytes
 * on the wire or the inflated bytes pass `limit`: nothing larger than the limit is ever held
 * in memory (a gzip bomb is cut off after `limit` inflated bytes). What is left of the request
 * is discarded by Node once the response is sent.
 */
export function readLimitedBody(
  req: IncomingMessage,
  limit: number,
  gzip: boolean,
): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      resolve({ ok: false, reason: 'too-large', which: 'compressed', bytes: declared })
      return
    }
    const chunks: Buffer[] = []
    let wireBytes = 0
    let outBytes = 0
    let settled = false
    const gunzip = gzip ? createGunzip() : undefined

    const finish = (result: BodyResult) => {
      if (settled) return
      settled = true
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onAbort)
      req.off('close', onClose)
      if (gunzip !== undefined) {
        gunzip.removeAllListeners('data')
        gunzip.destroy()
      }
      resolve(result)
    }
    const onData = (chunk: Buffer) => {
      wireBytes += chunk.length
      if (wireBytes > limit) {
        finish({ ok: false, reason: 'too-large', which: 'compressed', bytes: wireBytes })
      } else if (gunzip !== undefined) {
        gunzip.write(chunk)
      } else {
        chunks.push(chunk)
      }
    }
    const onEnd = () => {
      if (gunzip === undefined || wireBytes === 0) {
        finish({ ok: true, body: Buffer.concat(chunks), wireBytes })
      } else {
        gunzip.end()
      }
    }
    const onAbort = () => finish({ ok: false, reason: 'aborted' })
    const onClose = () => {
      if (!req.complete) onAbort()
    }
    if (gunzip !== undefined) {
      gunzip.on('data', (chunk: Buffer) => {
        outBytes += chunk.length
        if (outBytes > limit) {
          finish({ ok: false, reason: 'too-large', which: 'uncompressed', bytes: outBytes })
        } else {
          chunks.push(chunk)
        }
      })
      gunzip.on('error', (error: Error) =>
        finish({ ok: false, reason: 'bad-encoding', message: error.message }),
      )
      gunzip.on('end', () => finish({ ok: true, body: Buffer.concat(chunks), wireBytes }))
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onAbort)
    req.on('close', onClose)
  })
}
