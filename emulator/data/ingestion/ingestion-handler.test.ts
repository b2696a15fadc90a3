import { gzipSync } from 'node:zlib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  DCR_BAD_IMMUTABLE_ID,
  DCR_DIRECT_ARM_ID,
  DCR_DIRECT_IMMUTABLE_ID,
  DCR_RAW_IMMUTABLE_ID,
  PRINCIPALS,
  TENANT_ID,
  admin,
  ingest,
  query,
  rowsOf,
  startDataPlaneHarness,
  type DataPlaneHarness,
} from '../../../test/helpers/data-plane-harness'

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0)
const NOW_ISO = new Date(NOW).toISOString()
const DAY = 86_400_000
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

let harness: DataPlaneHarness

beforeAll(async () => {
  harness = await startDataPlaneHarness({ now: () => new Date(NOW) })
})
afterAll(async () => {
  await harness.dispose()
})
afterEach(async () => {
  await admin(harness, 'DELETE', 'faults')
  await admin(harness, 'POST', 'reset')
})

async function expectError(
  response: Response,
  status: number,
  code: string,
  message: string | RegExp,
): Promise<void> {
  expect(response.status).toBe(status)
  expect(response.headers.get('x-ms-error-code')).toBe(code)
  expect(response.headers.get('x-ms-request-id')).toMatch(GUID)
  const body = (await response.json()) as { error: { code: string; message: string } }
  expect(body.error.code).toBe(code)
  if (typeof message === 'string') expect(body.error.message).toBe(message)
  else expect(body.error.message).toMatch(message)
}

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Time: new Date(NOW - 60_000).toISOString(),
    Host: 'web-1',
    Level: 3,
    Count: 9_007_199_254,
    DurationMs: 12.5,
    Ok: true,
    Props: { region: 'eu', tags: ['a', 'b'] },
    Message: 'hello',
    ...overrides,
  }
}

describe('accepted uploads', () => {
  it('answers 204 with a request id and the echoed client request id in dashed form', async () => {
    const response = await ingest(harness, [event()], {
      headers: { 'x-ms-client-request-id': '0123456789ABCDEF0123456789abcdef' },
    })
    expect(response.status).toBe(204)
    expect(await response.text()).toBe('')
    expect(response.headers.get('x-ms-request-id')).toMatch(GUID)
    expect(response.headers.get('x-ms-client-request-id')).toBe(
      '01234567-89ab-cdef-0123-456789abcdef',
    )
  })

  it('stores gzip and plain bodies, transformed as the DCR says, with every column type', async () => {
    expect((await ingest(harness, [event()], { gzip: true })).status).toBe(204)
    expect((await ingest(harness, [event({ Host: 'web-2', Ok: false, Props: null })])).status).toBe(
      204,
    )
    const result = await query(harness, 'AppEvents_CL | order by Host asc')
    expect(result.status).toBe(200)
    expect(result.body.tables[0]?.columns).toEqual([
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Host', type: 'string' },
      { name: 'Level', type: 'int' },
      { name: 'Count', type: 'long' },
      { name: 'DurationMs', type: 'real' },
      { name: 'Ok', type: 'bool' },
      { name: 'Props', type: 'dynamic' },
      { name: 'Message', type: 'string' },
      { name: 'Type', type: 'string' },
    ])
    expect(result.body.tables[0]?.rows).toEqual([
      [
        new Date(NOW - 60_000).toISOString(),
        'web-1',
        3,
        9_007_199_254,
        12.5,
        true,
        '{"region":"eu","tags":["a","b"]}',
        'hello',
        'AppEvents_CL',
      ],
      [
        new Date(NOW - 60_000).toISOString(),
        'web-2',
        3,
        9_007_199_254,
        12.5,
        false,
        null,
        'hello',
        'AppEvents_CL',
      ],
    ])
    const received = await query(harness, 'AppEvents_CL | project _TimeReceived | take 1')
    expect(rowsOf(received.body)).toEqual([{ _TimeReceived: NOW_ISO }])
  })

  it('accepts every documented api-version and an empty array', async () => {
    for (const apiVersion of ['2021-11-01-preview', '2023-01-01', '2023-04-01-preview']) {
      expect((await ingest(harness, [], { apiVersion })).status).toBe(204)
    }
  })

  it('grants through a role on a parent scope (subscription) as well as the resource group', async () => {
    const response = await ingest(harness, [event()], { caller: PRINCIPALS.servicePrincipal })
    expect(response.status).toBe(204)
  })

  it('accepts a body of exactly 1,048,576 bytes', async () => {
    const prefix = '[{"Message":"'
    const suffix = '"}]'
    const body = prefix + 'x'.repeat(1_048_576 - prefix.length - suffix.length) + suffix
    expect(Buffer.byteLength(body)).toBe(1_048_576)
    expect((await ingest(harness, body)).status).toBe(204)
  })
})

describe('what happens to accepted rows', () => {
  it('replaces TimeGenerated outside [-2 days, +1 day] of receipt, or missing, with the receive time', async () => {
    const times = {
      old: new Date(NOW - 3 * DAY).toISOString(),
      recent: new Date(NOW - 1.5 * DAY).toISOString(),
      soon: new Date(NOW + 0.5 * DAY).toISOString(),
      future: new Date(NOW + 2 * DAY).toISOString(),
    }
    const records = [
      event({ Host: 'old', Time: times.old }),
      event({ Host: 'recent', Time: times.recent }),
      event({ Host: 'soon', Time: times.soon }),
      event({ Host: 'future', Time: times.future }),
      event({ Host: 'missing', Time: undefined }),
      event({ Host: 'garbage', Time: 'not a time' }),
    ]
    expect((await ingest(harness, records)).status).toBe(204)
    const rows = rowsOf((await query(harness, 'AppEvents_CL | project Host, TimeGenerated')).body)
    expect(rows).toEqual([
      { Host: 'old', TimeGenerated: NOW_ISO },
      { Host: 'recent', TimeGenerated: times.recent },
      { Host: 'soon', TimeGenerated: times.soon },
      { Host: 'future', TimeGenerated: NOW_ISO },
      { Host: 'missing', TimeGenerated: NOW_ISO },
      { Host: 'garbage', TimeGenerated: NOW_ISO },
    ])
  })

  it('truncates string values over 64 KB at a character boundary', async () => {
    const ascii = 'a'.repeat(70_000)
    const twoByte = 'é'.repeat(40_000)
    const fourByte = `a${'😀'.repeat(20_000)}`
    const records = [ascii, twoByte, fourByte].map((Message, i) =>
      event({ Host: `h${i}`, Message }),
    )
    expect((await ingest(harness, records, { gzip: true })).status).toBe(204)
    const rows = rowsOf((await query(harness, 'AppEvents_CL | project Host, Message')).body)
    const messages = rows.map((row) => row.Message as string)
    expect(messages[0]).toBe('a'.repeat(65_536))
    expect(messages[1]).toBe('é'.repeat(32_768))
    expect(messages[2]).toBe(`a${'😀'.repeat(16_383)}`)
    for (const message of messages) expect(Buffer.byteLength(message)).toBeLessThanOrEqual(65_536)
    const counters = (await admin(harness, 'GET', 'counters')).body as { truncatedValues: number }
    expect(counters.truncatedValues).toBe(3)
  })

  it('drops undeclared properties silently but counts them', async () => {
    const records = [event({ Extra: 1, Other: 'x' }), event({ Extra: 2 })]
    expect((await ingest(harness, records)).status).toBe(204)
    const stored = rowsOf((await query(harness, 'AppEvents_CL | take 1')).body)[0]
    expect(stored).not.toHaveProperty('Extra')
    const counters = (await admin(harness, 'GET', 'counters')).body as {
      dcrs: Record<
        string,
        {
          streams: Record<
            string,
            {
              undeclaredProperties: number
              undeclaredByName: Record<string, number>
              records: number
            }
          >
        }
      >
    }
    const stream = counters.dcrs[DCR_DIRECT_IMMUTABLE_ID]?.streams['Custom-AppEvents']
    expect(stream).toMatchObject({
      records: 2,
      undeclaredProperties: 3,
      undeclaredByName: { Extra: 2, Other: 1 },
    })
  })

  it('runs parse_json transforms, drops rows the where filters out, and logs dropped columns to DCRLogErrors', async () => {
    const records = [
      { Time: new Date(NOW - 1000).toISOString(), RawData: '{"host":"h1","level":"4"}' },
      { Time: new Date(NOW - 1000).toISOString(), RawData: '{"level":1}' },
    ]
    const response = await ingest(harness, records, {
      immutableId: DCR_RAW_IMMUTABLE_ID,
      stream: 'Custom-Raw',
      headers: { 'x-ms-client-request-id': 'a5c2b9e0-0000-4000-8000-000000000001' },
    })
    expect(response.status).toBe(204)
    const rows = rowsOf((await query(harness, 'AppEvents_CL | project Host, Level, Message')).body)
    expect(rows).toEqual([{ Host: 'h1', Level: 4, Message: 'raw:{"host":"h1","level":"4"}' }])
    const errors = rowsOf((await query(harness, 'DCRLogErrors')).body)
    expect(errors).toEqual([
      {
        TenantId: '33333333-3333-4333-8333-333333333333',
        TimeGenerated: NOW_ISO,
        OperationName: 'Ingestion',
        InputStreamId: 'Custom-Raw',
        Message:
          "The output of stream 'Custom-Raw' has column(s) that table 'AppEvents_CL' does not have; they were dropped: Bogus.",
        ClientRequestId: 'a5c2b9e0-0000-4000-8000-000000000001',
        CorrelationId: response.headers.get('x-ms-request-id'),
        _ResourceId: expect.stringContaining('/dataCollectionRules/dcr-raw'),
        Type: 'DCRLogErrors',
      },
    ])
    const counters = (await admin(harness, 'GET', 'counters')).body as { droppedColumns: unknown }
    expect(counters.droppedColumns).toEqual({
      '33333333-3333-4333-8333-333333333333/AppEvents_CL': { Bogus: 1 },
    })
  })
})

describe('ingestion errors', () => {
  it('400 without api-version, and for an unsupported one', async () => {
    await expectError(
      await ingest(harness, [event()], { apiVersion: null }),
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    )
    await expectError(
      await ingest(harness, [event()], { apiVersion: '2020-01-01' }),
      400,
      'UnsupportedApiVersion',
      "The api-version '2020-01-01' is not supported. Supported versions: 2021-11-01-preview, 2023-01-01, 2023-04-01-preview.",
    )
  })

  it('404 NotFound for an unknown DCR', async () => {
    await expectError(
      await ingest(harness, [event()], { immutableId: 'dcr-ffffffffffffffffffffffffffffffff' }),
      404,
      'NotFound',
      "Data collection rule with immutable Id 'dcr-ffffffffffffffffffffffffffffffff' not found.",
    )
  })

  it('403 OperationFailed with the long PipelineAccessResult message for a caller without the role', async () => {
    await expectError(
      await ingest(harness, [event()], { caller: PRINCIPALS.nobody }),
      403,
      'OperationFailed',
      `The authentication token provided does not have access to ingest data for the data collection rule with immutable Id '${DCR_DIRECT_IMMUTABLE_ID}' ` +
        `PipelineAccessResult: AccessGranted: False, IsRbacPresent: False, IsDcrDceBindingValid: , DcrArmId: ${DCR_DIRECT_ARM_ID}, ` +
        `Message: Required authorization action was not found for tenantId ${TENANT_ID} objectId ${PRINCIPALS.nobody} on resourceId ${DCR_DIRECT_ARM_ID} ` +
        `ConfigurationId: ${DCR_DIRECT_IMMUTABLE_ID}..`,
    )
    // A read role on the workspace is not an ingestion grant.
    const reader = await ingest(harness, [event()], { caller: PRINCIPALS.reader })
    expect(reader.status).toBe(403)
  })

  it('404 InvalidStream for a stream the DCR does not declare (emulator choice)', async () => {
    await expectError(
      await ingest(harness, [event()], { stream: 'Custom-Nope' }),
      404,
      'InvalidStream',
      `Stream 'Custom-Nope' is not declared in data collection rule with immutable Id '${DCR_DIRECT_IMMUTABLE_ID}'. Declared streams: Custom-AppEvents.`,
    )
  })

  it('501 for a DCR whose transformKql the emulator cannot run, and reports it at open', async () => {
    expect(harness.dataPlane.transformProblems).toEqual([
      {
        dcrId: expect.stringContaining('/dataCollectionRules/dcr-bad'),
        message:
          "stream 'Custom-Bad': transformKql uses KQL the emulator does not support: The 'summarize' operator is not supported in transformations (line 1, column 10)",
      },
    ])
    await expectError(
      await ingest(harness, [{ Time: NOW_ISO }], {
        immutableId: DCR_BAD_IMMUTABLE_ID,
        stream: 'Custom-Bad',
      }),
      501,
      'TransformNotSupportedByEmulator',
      /^The local emulator cannot run data collection rule '.*dcr-bad': stream 'Custom-Bad': transformKql uses KQL/,
    )
  })

  it('413 ContentLengthLimitExceeded for a body over 1 MB, compressed or decompressed', async () => {
    const big = JSON.stringify([event({ Message: 'x'.repeat(1_100_000) })])
    await expectError(
      await ingest(harness, big),
      413,
      'ContentLengthLimitExceeded',
      /^Maximum allowed content length: 1048576 bytes \(1 MB\)\. Provided content length: \d+ bytes\.$/,
    )
    const compressed = gzipSync(big)
    expect(compressed.length).toBeLessThan(1_048_576)
    await expectError(
      await ingest(harness, compressed, { headers: { 'content-encoding': 'gzip' } }),
      413,
      'ContentLengthLimitExceeded',
      /^Maximum allowed content length: 1048576 bytes \(1 MB\)\. The decompressed content exceeds the limit/,
    )
  })

  it('413 for a chunked body without Content-Length, read only up to the limit', async () => {
    const chunk = Buffer.alloc(256 * 1024, 'x')
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(chunk)
        controller.close()
      },
    })
    const response = await fetch(
      `${harness.url}/dataCollectionRules/${DCR_DIRECT_IMMUTABLE_ID}/streams/Custom-AppEvents?api-version=2023-01-01`,
      {
        method: 'POST',
        body,
        duplex: 'half',
        headers: { 'content-type': 'application/json' },
      } as RequestInit,
    )
    await expectError(
      response,
      413,
      'ContentLengthLimitExceeded',
      /^Maximum allowed content length: 1048576 bytes \(1 MB\)\./,
    )
  })

  it('500 with no error code and no body for an empty body, as Azure does', async () => {
    for (const body of ['', '   \n']) {
      const response = await ingest(harness, body)
      expect(response.status).toBe(500)
      expect(response.headers.get('x-ms-error-code')).toBeNull()
      expect(response.headers.get('x-ms-request-id')).toMatch(GUID)
      expect(await response.text()).toBe('')
    }
  })

  it('400 InvalidJson for bodies that are not a JSON array of objects', async () => {
    await expectError(
      await ingest(harness, '{"Host":"x"}'),
      400,
      'InvalidJson',
      'The request body must be a JSON array of objects, but it is an object.',
    )
    await expectError(
      await ingest(harness, '[{"Host":"x"}, 5]'),
      400,
      'InvalidJson',
      'The request body must be a JSON array of objects, but element 1 is a number.',
    )
    await expectError(
      await ingest(harness, '[{"Host":'),
      400,
      'InvalidJson',
      /^The request body is not valid JSON: .*Send a JSON array of objects\.$/,
    )
  })

  it('400 for a gzip header on a body that is not gzip, and for other encodings', async () => {
    await expectError(
      await ingest(harness, '[{}]', { headers: { 'content-encoding': 'gzip' } }),
      400,
      'InvalidContentEncoding',
      /^The request body is marked 'Content-Encoding: gzip' but could not be decompressed: /,
    )
    await expectError(
      await ingest(harness, '[{}]', { headers: { 'content-encoding': 'br' } }),
      400,
      'UnsupportedContentEncoding',
      "Content-Encoding 'br' is not supported; send the body as is or with 'Content-Encoding: gzip'.",
    )
  })

  it('429 TooManyRequests with Retry-After once a per-DCR request limit is reached', async () => {
    await admin(harness, 'PUT', 'faults', { limits: { requestsPerMinute: 2 } })
    expect((await ingest(harness, [event()])).status).toBe(204)
    expect((await ingest(harness, [event()])).status).toBe(204)
    const throttled = await ingest(harness, [event()])
    expect(throttled.headers.get('retry-after')).toBe('60')
    await expectError(
      throttled,
      429,
      'TooManyRequests',
      `Rate limit of 2 requests per minute exceeded for data collection rule with immutable Id '${DCR_DIRECT_IMMUTABLE_ID}'. Retry after 60 seconds.`,
    )
    // Limits are per DCR: another DCR is not throttled.
    const other = await ingest(harness, [], {
      immutableId: DCR_RAW_IMMUTABLE_ID,
      stream: 'Custom-Raw',
    })
    expect(other.status).toBe(204)
  })

  it('429 once a per-DCR byte limit is reached', async () => {
    await admin(harness, 'PUT', 'faults', { limits: { bytesPerMinute: 1000 } })
    const big = [event({ Message: 'x'.repeat(1200) })]
    expect((await ingest(harness, big)).status).toBe(204)
    const throttled = await ingest(harness, [event()])
    expect(throttled.status).toBe(429)
    expect(throttled.headers.get('retry-after')).toBe('60')
    expect(((await throttled.json()) as { error: { message: string } }).error.message).toContain(
      'Rate limit of 1000 bytes per minute exceeded',
    )
  })
})

describe('counting-only mode', () => {
  it('validates and counts records and bytes but stores nothing', async () => {
    const counting = await startDataPlaneHarness({ now: () => new Date(NOW), countingOnly: true })
    try {
      const body = JSON.stringify([event(), event()])
      expect((await ingest(counting, body, { gzip: true })).status).toBe(204)
      expect((await ingest(counting, '{}')).status).toBe(400)
      expect((await ingest(counting, [event()], { caller: PRINCIPALS.nobody })).status).toBe(403)
      const counters = (await admin(counting, 'GET', 'counters')).body as {
        countingOnly: boolean
        dcrs: Record<
          string,
          {
            streams: Record<
              string,
              { records: number; uncompressedBytes: number; acceptedRequests: number }
            >
          }
        >
        tables: unknown
      }
      expect(counters.countingOnly).toBe(true)
      expect(counters.dcrs[DCR_DIRECT_IMMUTABLE_ID]?.streams['Custom-AppEvents']).toMatchObject({
        acceptedRequests: 1,
        records: 2,
        uncompressedBytes: Buffer.byteLength(body),
      })
      expect(counters.tables).toEqual({})
      expect(rowsOf((await query(counting, 'AppEvents_CL | count')).body)).toEqual([{ Count: 0 }])
    } finally {
      await counting.dispose()
    }
  })
})
