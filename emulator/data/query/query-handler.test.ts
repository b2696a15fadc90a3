import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  PRINCIPALS,
  WORKSPACE_ID,
  ingest,
  query,
  rowsOf,
  startDataPlaneHarness,
  type DataPlaneHarness,
} from '../../../test/helpers/data-plane-harness'

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0)
const MINUTE = 60_000
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

let harness: DataPlaneHarness

/** 3 batches of 2,000 rows: minute i gets Host h<i % 7>, Level i % 5. */
const TOTAL = 6000

beforeAll(async () => {
  harness = await startDataPlaneHarness({ now: () => new Date(NOW) })
  for (let batch = 0; batch < 3; batch++) {
    const records = Array.from({ length: 2000 }, (_, j) => {
      const i = batch * 2000 + j
      return {
        Time: new Date(NOW - i * 10_000).toISOString(),
        Host: `h${i % 7}`,
        Level: i % 5,
        Props: { i },
        Message: i % 2 === 0 ? 'even error' : 'odd warning',
      }
    })
    const response = await ingest(harness, records, { gzip: true })
    expect(response.status).toBe(204)
  }
})

afterAll(async () => {
  await harness.dispose()
})

describe('query API', () => {
  it('answers in the Log Analytics shape with typed columns', async () => {
    const result = await query(
      harness,
      'AppEvents_CL | where Props.i == 3 | project TimeGenerated, Host, Level, Props, Ok',
    )
    expect(result.status).toBe(200)
    expect(result.body).toEqual({
      tables: [
        {
          name: 'PrimaryResult',
          columns: [
            { name: 'TimeGenerated', type: 'datetime' },
            { name: 'Host', type: 'string' },
            { name: 'Level', type: 'int' },
            { name: 'Props', type: 'dynamic' },
            { name: 'Ok', type: 'bool' },
          ],
          rows: [[new Date(NOW - 30_000).toISOString(), 'h3', 3, '{"i":3}', null]],
        },
      ],
    })
  })

  it('counts, filters, summarizes and orders over every stored row', async () => {
    expect(rowsOf((await query(harness, 'AppEvents_CL | count')).body)).toEqual([{ Count: TOTAL }])
    expect(
      rowsOf((await query(harness, "AppEvents_CL | where Message has 'error' | count")).body),
    ).toEqual([{ Count: TOTAL / 2 }])
    const byLevel = await query(
      harness,
      'AppEvents_CL | summarize count() by Level | order by Level asc',
    )
    expect(rowsOf(byLevel.body)).toEqual(
      [0, 1, 2, 3, 4].map((Level) => ({ Level, count_: TOTAL / 5 })),
    )
    const recent = await query(
      harness,
      'AppEvents_CL | where TimeGenerated > ago(1m) | order by TimeGenerated asc | project Host',
    )
    expect(rowsOf(recent.body)).toEqual(
      ['h5', 'h4', 'h3', 'h2', 'h1', 'h0'].map((Host) => ({ Host })),
    )
    const top = await query(harness, 'AppEvents_CL | take 3 | project Host')
    expect(rowsOf(top.body)).toEqual([{ Host: 'h0' }, { Host: 'h1' }, { Host: 'h2' }])
  })

  it('restricts TimeGenerated with a body timespan, as a duration or start/end', async () => {
    const lastTenMinutes = await query(harness, 'AppEvents_CL | count', { timespan: 'PT10M' })
    expect(rowsOf(lastTenMinutes.body)).toEqual([{ Count: 61 }])
    const start = new Date(NOW - 2 * MINUTE).toISOString()
    const end = new Date(NOW - MINUTE).toISOString()
    const window = await query(harness, 'AppEvents_CL | count', { timespan: `${start}/${end}` })
    expect(rowsOf(window.body)).toEqual([{ Count: 7 }])
  })

  it('accepts GET with ?query= and ?timespan=', async () => {
    const url = new URL(`${harness.url}/v1/workspaces/${WORKSPACE_ID}/query`)
    url.searchParams.set('query', 'AppEvents_CL | summarize dcount(Host)')
    url.searchParams.set('timespan', 'P1D')
    const response = await fetch(url, { headers: { 'x-test-caller': PRINCIPALS.reader } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { tables: Array<{ rows: unknown[][] }> }
    expect(body.tables[0]?.rows).toEqual([[7]])
  })

  it('404 WorkspaceNotFoundError for an unknown workspace', async () => {
    const result = await query(harness, 'AppEvents_CL | count', {
      workspaceId: '99999999-9999-4999-8999-999999999999',
    })
    expect(result.status).toBe(404)
    expect(result.body.error).toEqual({
      message: 'The workspace could not be found',
      code: 'WorkspaceNotFoundError',
      correlationId: expect.stringMatching(GUID),
    })
  })

  it('403 InsufficientAccessError without Reader or Log Analytics Reader on the workspace', async () => {
    for (const caller of [PRINCIPALS.nobody, PRINCIPALS.servicePrincipal]) {
      const result = await query(harness, 'AppEvents_CL | count', { caller })
      expect(result.status).toBe(403)
      expect(result.body.error).toMatchObject({
        code: 'InsufficientAccessError',
        message:
          'The provided credentials have insufficient access to perform the requested operation',
      })
    }
    expect(
      (await query(harness, 'AppEvents_CL | count', { caller: PRINCIPALS.reader })).status,
    ).toBe(200)
  })

  it('400 BadArgumentError with a SyntaxError inner error for a query that does not parse', async () => {
    const result = await query(harness, 'AppEvents_CL | where Level >')
    expect(result.status).toBe(400)
    expect(result.body.error).toEqual({
      message: 'The request had some invalid properties',
      code: 'BadArgumentError',
      correlationId: expect.stringMatching(GUID),
      innererror: {
        code: 'SyntaxError',
        message: 'A recognition error occurred in the query.',
        innererror: {
          code: 'SYN0002',
          message:
            "Query could not be parsed at '<EOF>' on line [1,29]. Expected an expression but found end of query.",
          line: 1,
          pos: 29,
          token: '<EOF>',
        },
      },
    })
  })

  it('400 with a SemanticError for unknown tables and columns, and for unsupported KQL', async () => {
    const table = await query(harness, 'Nope_CL | count')
    expect(table.status).toBe(400)
    expect(table.body.error?.innererror).toMatchObject({
      code: 'SemanticError',
      innererror: {
        code: 'SEM0100',
        message: "Failed to resolve table or column expression named 'Nope_CL'",
      },
    })
    const column = await query(harness, 'AppEvents_CL | where Nope == 1')
    expect(column.body.error?.innererror).toMatchObject({
      innererror: { message: "'where' operator: Failed to resolve scalar expression named 'Nope'" },
    })
    const join = await query(harness, 'AppEvents_CL | join (DCRLogErrors) on Type')
    expect(join.status).toBe(400)
    expect(join.body.error?.innererror).toMatchObject({
      code: 'SemanticError',
      innererror: {
        code: 'EmulatorUnsupported',
        message: expect.stringContaining("The 'join' operator is not supported"),
      },
    })
  })

  it('400 for a missing query or an invalid timespan', async () => {
    const missing = await query(harness, '  ')
    expect(missing.status).toBe(400)
    expect(missing.body.error).toMatchObject({
      code: 'BadArgumentError',
      innererror: { code: 'QueryValidationError', message: 'Query is required' },
    })
    const badSpan = await query(harness, 'AppEvents_CL | count', { timespan: 'yesterday' })
    expect(badSpan.status).toBe(400)
    expect(badSpan.body.error?.innererror).toMatchObject({ code: 'InvalidTimespan' })
  })
})
