import { describe, expect, it } from 'vitest'
import { httpProblem, networkProblem, streamUrl } from './connection-check'

describe('connection check advice', () => {
  const service = (code: string | null, message: string | null) => ({ code, message })

  it('maps statuses to specific advice', () => {
    expect(httpProblem(401, service(null, null)).code).toBe('target/unauthorized')
    expect(httpProblem(401, service('InvalidAudience', 'aud')).code).toBe('target/wrong-audience')
    const forbidden = httpProblem(403, service('OperationFailed', 'no access'))
    expect(forbidden.code).toBe('target/forbidden')
    expect(forbidden.message).toMatch(/Monitoring Metrics Publisher/)
    expect(forbidden.message).toMatch(/30 minutes/)
    expect(
      httpProblem(404, service('NotFound', "Data collection rule with immutable Id 'x' not found."))
        .code,
    ).toBe('target/not-found')
    expect(httpProblem(404, service('InvalidStream', 'Stream Custom-X not found')).code).toBe(
      'target/stream-not-found',
    )
    expect(
      httpProblem(
        404,
        service(
          'InvalidStream',
          "Stream 'Custom-X_CL' is not declared in data collection rule with immutable Id 'dcr-1'.",
        ),
      ).code,
    ).toBe('target/stream-not-found')
    expect(httpProblem(429, service(null, null)).retryable).toBe(true)
    expect(httpProblem(503, service(null, null)).code).toBe('target/service-error')
    expect(httpProblem(400, service('BadRequest', 'x')).code).toBe('target/bad-request')
  })

  it('tells certificate problems apart from unreachable hosts and timeouts', () => {
    const tls = new TypeError('fetch failed', {
      cause: Object.assign(new Error('self-signed certificate in certificate chain'), {
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
      }),
    })
    expect(networkProblem(tls).code).toBe('target/tls')
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    })
    expect(networkProblem(refused).code).toBe('target/unreachable')
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    expect(networkProblem(timeout).code).toBe('target/timeout')
  })

  it('builds the stream URL with the api-version and encoded segments', () => {
    expect(
      streamUrl({
        endpoint: 'https://x.ingest.monitor.azure.com',
        dcrImmutableId: 'dcr-00000000000000000000000000000000',
        streamName: 'Custom-A',
      }),
    ).toBe(
      'https://x.ingest.monitor.azure.com/dataCollectionRules/dcr-00000000000000000000000000000000/streams/Custom-A?api-version=2023-01-01',
    )
  })
})
