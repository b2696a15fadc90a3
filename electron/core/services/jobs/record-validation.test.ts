import { describe, expect, it } from 'vitest'
import type { StreamColumn } from '../../../../shared/mapping/mapping-schema'
import { validateEditedRecord } from './record-validation'

const columns: StreamColumn[] = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'Level', type: 'int' },
  { name: 'Big', type: 'long' },
  { name: 'Message', type: 'string' },
]
const NOW = Date.parse('2025-06-01T12:00:00Z')

describe('an edited failed record', () => {
  it('is coerced to the stream types when valid', () => {
    expect(
      validateEditedRecord(
        {
          TimeGenerated: '2025-06-01T11:00:00+01:00',
          Level: '3',
          Big: '9007199254740993',
          Message: 42,
        },
        columns,
        undefined,
        NOW,
      ),
    ).toEqual({
      valid: true,
      record: {
        TimeGenerated: '2025-06-01T10:00:00.000Z',
        Level: 3,
        Big: '9007199254740993',
        Message: '42',
      },
    })
  })

  it('lists unknown columns and values that do not fit, with the column and reason', () => {
    const result = validateEditedRecord(
      { level: 1, Level: 'x', Message: 'm' },
      columns,
      undefined,
      NOW,
    )
    expect(result.valid).toBe(false)
    if (result.valid) return
    expect(result.issues.map((i) => [i.column, i.code])).toEqual([
      ['level', 'mapping/unknown-column'],
      ['Level', 'mapping/coercion-failed'],
    ])
    expect(result.issues[0]?.reason).toMatch(/has Level/)
  })

  it('applies the upload time policy', () => {
    const policy = {
      column: 'TimeGenerated',
      outsideWindow: 'fail' as const,
      missing: 'fail' as const,
    }
    const old = validateEditedRecord(
      { TimeGenerated: '2020-01-01T00:00:00Z' },
      columns,
      policy,
      NOW,
    )
    expect(old.valid === false && old.issues[0]?.code).toBe('mapping/time-outside-window')
    const missing = validateEditedRecord({ Message: 'no time' }, columns, policy, NOW)
    expect(missing.valid === false && missing.issues[0]?.code).toBe('mapping/required-missing')
    expect(validateEditedRecord({ Message: 'no time' }, columns, undefined, NOW).valid).toBe(true)
  })
})
