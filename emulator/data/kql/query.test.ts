import { describe, expect, it } from 'vitest'
import { KqlError } from './kql-error'
import type { Row, Schema } from './kql-types'
import { compileQuery, createResultCollector, type ResponseTable } from './query'

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0)
const HOUR = 3_600_000

const SCHEMA: Schema = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Host', type: 'string' },
  { name: 'Level', type: 'int' },
  { name: 'DurationMs', type: 'real' },
  { name: 'Ok', type: 'bool' },
  { name: 'Props', type: 'dynamic' },
  { name: '_TimeReceived', type: 'datetime', hidden: true },
]

const ROWS: Row[] = [
  {
    TimeGenerated: NOW - 1 * HOUR,
    Host: 'web-1',
    Level: 3,
    DurationMs: 12.5,
    Ok: true,
    Props: { region: 'eu', n: 1 },
    _TimeReceived: NOW,
  },
  {
    TimeGenerated: NOW - 2 * HOUR,
    Host: 'web-2',
    Level: 1,
    DurationMs: 250,
    Ok: false,
    Props: { region: 'us', n: 2 },
    _TimeReceived: NOW,
  },
  {
    TimeGenerated: NOW - 26 * HOUR,
    Host: 'db-1',
    Level: 3,
    DurationMs: null,
    Ok: null,
    Props: null,
    _TimeReceived: NOW,
  },
  {
    TimeGenerated: NOW - 30 * 60_000,
    Host: 'Web-3 frontend',
    Level: 2,
    DurationMs: 80,
    Ok: true,
    Props: { region: 'eu', n: 3 },
    _TimeReceived: NOW,
  },
]

function run(text: string, rows: Row[] = ROWS): ResponseTable {
  const compiled = compileQuery(text, (name) => (name === 'T' ? SCHEMA : undefined), NOW)
  const collector = createResultCollector(compiled.pipeline.schema, 1000)
  const sink = compiled.pipeline.link(collector.sink)
  for (const row of rows) if (!sink.push({ ...row })) break
  sink.end()
  return collector.table
}

function column(table: ResponseTable, name: string): unknown[] {
  const index = table.columns.findIndex((c) => c.name === name)
  return table.rows.map((row) => row[index])
}

function errorOf(text: string): KqlError {
  try {
    run(text)
  } catch (error) {
    if (error instanceof KqlError) return error
    throw error
  }
  throw new Error(`expected '${text}' to fail`)
}

describe('query evaluation', () => {
  it('returns every visible column in the response shape, hiding _TimeReceived', () => {
    const table = run('T | take 1')
    expect(table.name).toBe('PrimaryResult')
    expect(table.columns).toEqual([
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Host', type: 'string' },
      { name: 'Level', type: 'int' },
      { name: 'DurationMs', type: 'real' },
      { name: 'Ok', type: 'bool' },
      { name: 'Props', type: 'dynamic' },
    ])
    expect(table.rows).toEqual([
      ['2024-05-01T11:00:00.000Z', 'web-1', 3, 12.5, true, '{"region":"eu","n":1}'],
    ])
    expect(run('T | project _TimeReceived | take 1').rows).toEqual([['2024-05-01T12:00:00.000Z']])
  })

  it('filters with comparisons, string operators and and/or', () => {
    expect(column(run('T | where Level == 3'), 'Host')).toEqual(['web-1', 'db-1'])
    expect(column(run('T | where Level != 3 and DurationMs < 100'), 'Host')).toEqual([
      'Web-3 frontend',
    ])
    expect(column(run("T | where Host contains 'WEB' or Level >= 3"), 'Host')).toEqual([
      'web-1',
      'web-2',
      'db-1',
      'Web-3 frontend',
    ])
    expect(column(run("T | where Host has 'frontend'"), 'Host')).toEqual(['Web-3 frontend'])
    expect(column(run("T | where Host has 'front'"), 'Host')).toEqual([])
    expect(column(run("T | where Host startswith 'web'"), 'Host')).toEqual([
      'web-1',
      'web-2',
      'Web-3 frontend',
    ])
    expect(column(run("T | where Host startswith_cs 'web'"), 'Host')).toEqual(['web-1', 'web-2'])
    expect(column(run("T | where Host =~ 'WEB-1'"), 'Host')).toEqual(['web-1'])
    expect(column(run("T | where Host in ('db-1', 'web-2')"), 'Host')).toEqual(['web-2', 'db-1'])
    expect(column(run('T | where Level between (2 .. 3)'), 'Host')).toEqual([
      'web-1',
      'db-1',
      'Web-3 frontend',
    ])
    expect(column(run('T | where not(Ok)'), 'Host')).toEqual(['web-2'])
    expect(column(run('T | where isnull(DurationMs)'), 'Host')).toEqual(['db-1'])
  })

  it('treats comparisons with null as false', () => {
    expect(column(run('T | where DurationMs > 0'), 'Host')).toEqual([
      'web-1',
      'web-2',
      'Web-3 frontend',
    ])
    expect(column(run('T | where DurationMs != 250'), 'Host')).toEqual(['web-1', 'Web-3 frontend'])
  })

  it('supports ago(), now(), datetime literals and timespan arithmetic', () => {
    expect(column(run('T | where TimeGenerated > ago(90m)'), 'Host')).toEqual([
      'web-1',
      'Web-3 frontend',
    ])
    expect(column(run('T | where TimeGenerated < now(-1d)'), 'Host')).toEqual(['db-1'])
    expect(
      column(
        run('T | where TimeGenerated >= datetime(2024-05-01T10:00:00Z) | project Host'),
        'Host',
      ),
    ).toEqual(['web-1', 'web-2', 'Web-3 frontend'])
    const ages = run('T | extend Age = now() - TimeGenerated | project Age | take 2')
    expect(ages.columns).toEqual([{ name: 'Age', type: 'timespan' }])
    expect(ages.rows).toEqual([['01:00:00'], ['02:00:00']])
  })

  it('reads dynamic properties and compares them with scalars', () => {
    expect(column(run("T | where Props.region == 'eu'"), 'Host')).toEqual([
      'web-1',
      'Web-3 frontend',
    ])
    expect(column(run("T | where Props['n'] >= 2"), 'Host')).toEqual(['web-2', 'Web-3 frontend'])
    const extended = run(
      'T | extend Region = tostring(Props.region), N = toint(Props.n) | project Region, N | take 1',
    )
    expect(extended.columns).toEqual([
      { name: 'Region', type: 'string' },
      { name: 'N', type: 'int' },
    ])
    expect(extended.rows).toEqual([['eu', 1]])
  })

  it('counts, takes and projects', () => {
    expect(run('T | count').rows).toEqual([[4]])
    expect(run('T | count').columns).toEqual([{ name: 'Count', type: 'long' }])
    expect(run('T | limit 2 | project Host, L2 = Level * 2').rows).toEqual([
      ['web-1', 6],
      ['web-2', 2],
    ])
  })

  it('summarizes with count, sum, min, max, avg and dcount by columns and bins', () => {
    const byLevel = run('T | summarize count() by Level | order by Level asc')
    expect(byLevel.columns).toEqual([
      { name: 'Level', type: 'int' },
      { name: 'count_', type: 'long' },
    ])
    expect(byLevel.rows).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ])
    const totals = run(
      'T | summarize n = count(), total = sum(Level), lo = min(DurationMs), hi = max(DurationMs), mean = avg(Level), hosts = dcount(Host)',
    )
    expect(totals.rows).toEqual([[4, 9, 12.5, 250, 2.25, 4]])
    const binned = run(
      'T | summarize count() by bin(TimeGenerated, 1d) | order by TimeGenerated asc',
    )
    expect(binned.columns[0]).toEqual({ name: 'TimeGenerated', type: 'datetime' })
    expect(binned.rows).toEqual([
      ['2024-04-30T00:00:00.000Z', 1],
      ['2024-05-01T00:00:00.000Z', 3],
    ])
    expect(run('T | where Level > 99 | summarize count()').rows).toEqual([[0]])
    expect(run('T | where Level > 99 | summarize count() by Host').rows).toEqual([])
  })

  it('sorts ascending and descending with nulls placed as Kusto does', () => {
    expect(column(run('T | order by DurationMs desc'), 'DurationMs')).toEqual([250, 80, 12.5, null])
    expect(column(run('T | sort by DurationMs asc'), 'DurationMs')).toEqual([null, 12.5, 80, 250])
    expect(column(run('T | sort by Level asc, Host desc'), 'Host')).toEqual([
      'web-2',
      'Web-3 frontend',
      'web-1',
      'db-1',
    ])
    expect(column(run('T | top 1 by DurationMs'), 'Host')).toEqual(['web-2'])
  })

  it('keeps top and order-by-take results exact and stable over many rows', () => {
    const many: Row[] = Array.from({ length: 5000 }, (_, i) => ({
      TimeGenerated: NOW - i,
      Host: `h${i}`,
      Level: (i * 7919) % 13,
      DurationMs: i % 3 === 0 ? null : i,
    }))
    const stable = [...many].sort((a, b) => (b.Level as number) - (a.Level as number))
    const expected = stable.slice(0, 25).map((r) => r.Host)
    expect(column(run('T | top 25 by Level desc', many), 'Host')).toEqual(expected)
    expect(column(run('T | order by Level desc | take 25', many), 'Host')).toEqual(expected)
    expect(column(run('T | top 3 by DurationMs asc', many), 'DurationMs')).toEqual([
      null,
      null,
      null,
    ])
  })

  it('renames, removes and de-duplicates columns', () => {
    const renamed = run(
      'T | project-rename Server = Host | project-away Props, Ok, DurationMs | take 1',
    )
    expect(renamed.columns.map((c) => c.name)).toEqual(['TimeGenerated', 'Server', 'Level'])
    expect(run('T | distinct Level | order by Level asc').rows).toEqual([[1], [2], [3]])
  })

  it('stops reading once take has enough rows', () => {
    let pulled = 0
    const compiled = compileQuery('T | take 2', () => SCHEMA, NOW)
    const collector = createResultCollector(compiled.pipeline.schema, 1000)
    const sink = compiled.pipeline.link(collector.sink)
    for (const row of ROWS) {
      pulled++
      if (!sink.push(row)) break
    }
    sink.end()
    expect(pulled).toBe(2)
    expect(collector.table.rows).toHaveLength(2)
  })

  it('reports semantic errors for unknown names and type mismatches', () => {
    expect(errorOf('Nope | take 1')).toMatchObject({
      kind: 'semantic',
      message: "Failed to resolve table or column expression named 'Nope'",
    })
    expect(errorOf('T | where Missing == 1')).toMatchObject({
      kind: 'semantic',
      message: "'where' operator: Failed to resolve scalar expression named 'Missing'",
    })
    expect(errorOf('T | where Host > 5').message).toContain(
      'Cannot compare values of types string and long',
    )
    expect(errorOf('T | where Level').message).toContain('the predicate must be bool')
    expect(errorOf('T | extend x = Host.a').message).toContain(
      'property access needs a dynamic value',
    )
    expect(errorOf('T | take Level').message).toContain('constant')
  })

  it('reports functions and aggregations it does not implement as unsupported', () => {
    expect(errorOf('T | extend x = geo_distance_2points(1, 2, 3, 4)')).toMatchObject({
      kind: 'unsupported',
    })
    expect(errorOf('T | summarize percentile(Level, 50)')).toMatchObject({ kind: 'unsupported' })
  })
})
