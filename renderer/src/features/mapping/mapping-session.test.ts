import { describe, expect, it } from 'vitest'
import { errorData } from '../../../../shared/errors/app-error'
import type { FileEntry, PreviewColumn } from '../../../../shared/models/files'
import type { MappingProfile } from '../../../../shared/models/profiles'
import { fileShapes, profileForShape, rowLabel, sessionKey, targetColumns } from './mapping-session'

function file(n: number, signature: string | null, patch: Partial<FileEntry> = {}): FileEntry {
  return {
    id: `f-${String(n).padStart(24, '0')}`,
    name: `f${n}.csv`,
    size: 1,
    origin: 'local',
    addedAt: '',
    detected: null,
    options: {},
    headers: ['a'],
    headerSignature: signature,
    rejection: null,
    profileMatch: null,
    ...patch,
  }
}

function profile(id: string, stream: string, signature: string): MappingProfile {
  return {
    version: 1,
    id,
    name: `profile ${id}`,
    stream,
    headers: ['a'],
    headerSignature: signature,
    mapping: {
      version: 1,
      stream,
      columns: {},
      timePolicy: { column: 'TimeGenerated', outsideWindow: 'send', missing: 'fail' },
      oversizedValue: 'fail',
    },
    fileOptions: {},
    createdAt: '',
    updatedAt: '',
  }
}

describe('mapping sessions', () => {
  it('groups files with the same headers and leaves rejected ones out', () => {
    const shapes = fileShapes([
      file(1, 's1'),
      file(2, 's2'),
      file(3, 's1'),
      file(4, null),
      file(5, 's1', { rejection: errorData('parse/binary-file') }),
    ])
    expect(shapes.map((s) => [s.key, s.files.length])).toEqual([
      ['s1', 2],
      ['s2', 1],
      [file(4, null).id, 1],
    ])
    expect(shapes[0]?.label).toBe('f1.csv and 1 more with the same columns')
  })

  it('gives each file its own shape when its columns are mapped one by one', () => {
    const shapes = fileShapes([file(1, 's1'), file(2, 's2'), file(3, 's1')], new Set(['s1']))
    expect(shapes.map((s) => [s.key, s.signature, s.sameColumns, s.label])).toEqual([
      [`s1#${file(1, 's1').id}`, 's1', 2, 'f1.csv'],
      [`s1#${file(3, 's1').id}`, 's1', 2, 'f3.csv'],
      ['s2', 's2', 1, 'f2.csv'],
    ])
  })

  it('uses the DCR’s columns, or proposes valid ones from the file for a typed target', () => {
    const declared = targetColumns(
      [
        { name: 'Time', type: 'datetime' },
        { name: 'Blob', type: 'binary' },
      ],
      [],
    )
    expect(declared).toEqual({
      columns: [{ name: 'Time', type: 'datetime' }],
      origin: 'stream',
      unsupported: ['Blob'],
    })
    const preview: PreviewColumn[] = [
      { name: 'time', guess: { type: 'datetime', confidence: 1 }, nameIssues: [] },
      { name: 'user name', guess: { type: 'string', confidence: 1 }, nameIssues: ['space'] },
      { name: 'id', guess: { type: 'int', confidence: 1 }, nameIssues: ['reserved'] },
    ]
    expect(targetColumns(null, preview)).toEqual({
      columns: [
        { name: 'time', type: 'datetime' },
        { name: 'user_name', type: 'string' },
        { name: 'id_s', type: 'int' },
      ],
      origin: 'file',
      unsupported: [],
    })
  })

  it('applies a profile for the same headers and stream, and only offers one for another stream', () => {
    const [shape] = fileShapes([file(1, 's1')])
    if (shape === undefined) throw new Error('no shape')
    expect(profileForShape(shape, [profile('p1', 'Custom-A', 's1')], 'Custom-A').apply?.id).toBe(
      'p1',
    )
    const other = profileForShape(shape, [profile('p1', 'Custom-A', 's1')], 'Custom-B')
    expect(other).toMatchObject({ apply: null, offer: { id: 'p1' } })
    expect(profileForShape(shape, [profile('p2', 'Custom-A', 's9')], 'Custom-A')).toEqual({
      apply: null,
      offer: null,
    })
    const [partial] = fileShapes([
      file(1, 's1', {
        profileMatch: { profileId: 'p2', name: 'x', stream: 'Custom-A', score: 0.7 },
      }),
    ])
    if (partial === undefined) throw new Error('no shape')
    expect(profileForShape(partial, [profile('p2', 'Custom-A', 's9')], 'Custom-A').offer?.id).toBe(
      'p2',
    )
  })

  it('keys a draft by stream, columns and headers', () => {
    const [shape] = fileShapes([file(1, 's1')])
    if (shape === undefined) throw new Error('no shape')
    const a = sessionKey('Custom-A', [{ name: 'X', type: 'int' }], shape)
    expect(sessionKey('Custom-A', [{ name: 'X', type: 'long' }], shape)).not.toBe(a)
    expect(sessionKey('Custom-A', [{ name: 'X', type: 'int' }], shape)).toBe(a)
  })

  it('names a row of the combined preview by file and line', () => {
    const parts = [
      { name: 'a.csv', lines: [2, 3, 4] },
      { name: 'b.ndjson', lines: [1, 2] },
    ]
    expect(rowLabel(parts, 1)).toBe('a.csv line 3')
    expect(rowLabel(parts, 4)).toBe('b.ndjson line 2')
    expect(rowLabel(parts, 9)).toBe('row 10')
  })
})
