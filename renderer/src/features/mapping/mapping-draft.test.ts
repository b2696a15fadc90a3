import { describe, expect, it } from 'vitest'
import type { StreamColumn } from '../../../../shared/mapping/mapping-schema'
import {
  draftFromMapping,
  draftFromSuggestions,
  fieldPathText,
  pickTimeColumn,
  sameRule,
  toMapping,
  type MappingDraft,
} from './mapping-draft'
import { nestedPaths } from './source-paths'

/** The emulator's AppEvents stream (emulator/seed/default-seed.ts). */
const APP_EVENTS: StreamColumn[] = [
  { name: 'Time', type: 'datetime' },
  { name: 'Host', type: 'string' },
  { name: 'Level', type: 'int' },
  { name: 'Bytes', type: 'long' },
  { name: 'DurationMs', type: 'real' },
  { name: 'Success', type: 'boolean' },
  { name: 'Properties', type: 'dynamic' },
  { name: 'Message', type: 'string' },
]

const SAMPLES = [
  {
    timestamp: '2024-06-01T10:00:00.000Z',
    host: 'web-01',
    level: '3',
    msg: 'started',
    duration_ms: '10.5',
    props: { user: 'u0', tags: ['a'] },
  },
  {
    timestamp: '2024-06-01T10:01:00.000Z',
    host: 'web-02',
    level: '4',
    msg: 'stopped',
    duration_ms: '12',
    props: { user: 'u1', tags: ['b'] },
  },
]
const HEADERS = ['timestamp', 'host', 'level', 'msg', 'duration_ms', 'props']

function draft(): MappingDraft {
  return draftFromSuggestions({
    stream: 'Custom-AppEvents',
    columns: APP_EVENTS,
    sources: [...HEADERS, ...nestedPaths(SAMPLES)],
    samples: SAMPLES,
    transforms: ['source | extend TimeGenerated = todatetime(Time)'],
  })
}

describe('draftFromSuggestions', () => {
  it('matches by name, case, normalised name and synonym, and leaves the rest empty', () => {
    const rows = Object.fromEntries(draft().columns.map((row) => [row.column, row]))
    expect(rows['Host']?.source).toEqual({ kind: 'field', path: 'host' })
    expect(rows['Host']?.suggestion?.match).toBe('case-insensitive')
    expect(rows['DurationMs']?.source).toEqual({ kind: 'field', path: 'duration_ms' })
    expect(rows['DurationMs']?.suggestion?.match).toBe('normalised')
    expect(rows['Time']?.source).toEqual({ kind: 'field', path: 'timestamp' })
    expect(rows['Time']?.suggestion?.match).toBe('synonym')
    expect(rows['Message']?.source).toEqual({ kind: 'field', path: 'msg' })
    expect(rows['Bytes']?.source).toEqual({ kind: 'none' })
    expect(rows['Bytes']?.suggestion).toBeNull()
    // `props` is too far from `Properties` for a fuzzy match: the person picks it.
    expect(rows['Properties']?.source).toEqual({ kind: 'none' })
    expect(draft().columns.every((row) => row.origin === 'auto')).toBe(true)
  })

  it('checks the time on the column the transform turns into TimeGenerated', () => {
    expect(draft().timePolicy).toEqual({ column: 'Time', outsideWindow: 'send', missing: 'fail' })
  })
})

describe('pickTimeColumn', () => {
  it('prefers TimeGenerated, then the transform, then the first datetime column', () => {
    const withTg: StreamColumn[] = [
      { name: 'Stamp', type: 'datetime' },
      { name: 'TimeGenerated', type: 'datetime' },
    ]
    expect(pickTimeColumn(withTg)).toBe('TimeGenerated')
    const two: StreamColumn[] = [
      { name: 'Created', type: 'datetime' },
      { name: 'Timestamp', type: 'datetime' },
    ]
    expect(pickTimeColumn(two, ['source | extend TimeGenerated = todatetime(Timestamp)'])).toBe(
      'Timestamp',
    )
    expect(pickTimeColumn(two)).toBe('Created')
    expect(pickTimeColumn([{ name: 'Message', type: 'string' }])).toBe('TimeGenerated')
  })
})

describe('toMapping', () => {
  it('writes the shared mapping JSON, keeping "Leave empty" rows as none', () => {
    const result = toMapping(draft())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const filled = Object.entries(result.mapping.columns)
      .filter(([, rule]) => rule.source.kind !== 'none')
      .map(([column]) => column)
    expect(filled).toEqual(['Time', 'Host', 'Level', 'DurationMs', 'Message'])
    const empty = draft().columns.filter((row) => row.source.kind === 'none')
    expect(empty.length).toBeGreaterThan(0)
    for (const row of empty) {
      expect(result.mapping.columns[row.column]).toEqual({
        source: { kind: 'none' },
        type: row.type,
      })
    }
    expect(result.mapping.columns['Time']).toEqual({
      source: { kind: 'field', path: 'timestamp' },
      type: 'datetime',
    })
    expect(result.mapping.stream).toBe('Custom-AppEvents')
  })

  it('types constants per column and refuses an empty one or a bad path', () => {
    const base = draft()
    const withConstants: MappingDraft = {
      ...base,
      columns: base.columns.map((row) =>
        row.column === 'Properties'
          ? { ...row, source: { kind: 'constant', text: '{"env":"test"}' } }
          : row.column === 'Bytes'
            ? { ...row, source: { kind: 'constant', text: '42' } }
            : row,
      ),
    }
    const ok = toMapping(withConstants)
    expect(ok.ok && ok.mapping.columns['Properties']?.source).toEqual({
      kind: 'constant',
      value: { env: 'test' },
    })
    expect(ok.ok && ok.mapping.columns['Bytes']?.source).toEqual({ kind: 'constant', value: '42' })

    const broken: MappingDraft = {
      ...base,
      columns: base.columns.map((row) =>
        row.column === 'Bytes'
          ? { ...row, source: { kind: 'constant', text: ' ' } }
          : row.column === 'Host'
            ? { ...row, source: { kind: 'field', path: 'a..b' } }
            : row,
      ),
    }
    const result = toMapping(broken)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((issue) => issue.path).sort()).toEqual(['Bytes', 'Host'])
  })

  it('reports a bad date pattern against its column', () => {
    const base = draft()
    const bad: MappingDraft = {
      ...base,
      columns: base.columns.map((row) =>
        row.column === 'Time' ? { ...row, format: { date: 'qq/zz' } } : row,
      ),
    }
    const result = toMapping(bad)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues[0]?.path).toBe('Time')
  })
})

describe('draftFromMapping', () => {
  it('lays a profile over the automatic draft and names columns it cannot use', () => {
    const profile = toMapping(draft())
    if (!profile.ok) throw new Error('draft must compile')
    const mapping = {
      ...profile.mapping,
      columns: {
        ...profile.mapping.columns,
        Bytes: { source: { kind: 'constant' as const, value: 7 }, type: 'long' as const },
        Gone: { source: { kind: 'now' as const }, type: 'datetime' as const },
        Host: { source: { kind: 'field' as const, path: ['host.name'] }, type: 'string' as const },
      },
    }
    const { draft: applied, ignored } = draftFromMapping(mapping, draft())
    expect(ignored).toEqual(['Gone'])
    const rows = Object.fromEntries(applied.columns.map((row) => [row.column, row]))
    expect(rows['Bytes']).toMatchObject({
      source: { kind: 'constant', text: '7' },
      origin: 'profile',
    })
    expect(rows['Host']?.source).toEqual({ kind: 'field', path: '["host.name"]' })
    // Left empty when the profile was saved: it stays empty, not filled by a suggestion.
    expect(rows['Success']).toMatchObject({ source: { kind: 'none' }, origin: 'profile' })
    const { draft: again } = draftFromMapping(profile.mapping, {
      ...draft(),
      columns: draft().columns.map((row) =>
        row.column === 'Success' ? { ...row, source: { kind: 'field', path: 'ok' } } : row,
      ),
    })
    expect(again.columns.find((row) => row.column === 'Success')?.source).toEqual({ kind: 'none' })
  })
})

describe('sameRule', () => {
  it('compares how two rows fill their column', () => {
    const [row] = draft().columns
    if (row === undefined) throw new Error('no row')
    expect(sameRule(row, { ...row, origin: 'profile' })).toBe(true)
    expect(sameRule(row, { ...row, format: { date: 'iso' } })).toBe(false)
    expect(sameRule(row, { ...row, required: true })).toBe(false)
    expect(sameRule(row, { ...row, source: { kind: 'now' } })).toBe(false)
  })
})

describe('paths', () => {
  it('offers nested JSON paths and quotes keys with dots', () => {
    expect(nestedPaths(SAMPLES)).toEqual(['props.user', 'props.tags', 'props.tags[0]'])
    expect(fieldPathText('a.b')).toBe('["a.b"]')
    expect(fieldPathText('plain')).toBe('plain')
  })
})
