import { describe, expect, it } from 'vitest'
import type { DryRunResult } from '../../../../shared/models/files'
import { needsConfirmation, preflightSummary } from './preflight'

function check(patch: Partial<DryRunResult>): DryRunResult {
  return {
    fileId: 'f-000000000000000000000001',
    records: 0,
    valid: 0,
    failed: 0,
    failedByCause: {},
    failedByColumn: [],
    parseErrors: { count: 0, examples: [] },
    oversize: { count: 0, examples: [] },
    timeWindowFlags: 0,
    droppedFields: { total: 0, byField: [] },
    requests: 0,
    jsonBytes: 0,
    rawBytes: 0,
    durationMs: 0,
    cancelled: false,
    ...patch,
  }
}

describe('the pre-upload summary', () => {
  it('sums the files, and the reasons by column with an example, commonest first', () => {
    const summary = preflightSummary([
      check({
        records: 10,
        valid: 4,
        failed: 6,
        failedByCause: { validation: 5, parse: 1 },
        failedByColumn: [
          {
            column: 'TimeGenerated',
            code: 'mapping/coercion-failed',
            count: 5,
            examples: [{ line: 2, reason: 'TimeGenerated: not a date', value: 'x' }],
          },
        ],
      }),
      check({
        records: 5,
        valid: 5,
        failedByCause: { validation: 2 },
        failedByColumn: [
          { column: 'Level', code: 'mapping/coercion-failed', count: 2, examples: [] },
          { column: 'TimeGenerated', code: 'mapping/coercion-failed', count: 1, examples: [] },
        ],
      }),
    ])
    expect(summary).toMatchObject({ records: 15, valid: 9, failed: 6 })
    expect(summary.byCause).toEqual([
      { cause: 'validation', count: 7 },
      { cause: 'parse', count: 1 },
    ])
    expect(summary.reasons[0]).toEqual({
      column: 'TimeGenerated',
      code: 'mapping/coercion-failed',
      count: 6,
      example: 'TimeGenerated: not a date',
    })
    expect(summary.reasons[1]).toMatchObject({ column: 'Level', count: 2, example: null })
  })

  it('asks for confirmation when most records, or all, would fail', () => {
    expect(needsConfirmation(preflightSummary([check({ records: 10, valid: 4, failed: 6 })]))).toBe(
      true,
    )
    expect(needsConfirmation(preflightSummary([check({ records: 0 })]))).toBe(true)
    expect(needsConfirmation(preflightSummary([check({ records: 10, valid: 6, failed: 4 })]))).toBe(
      false,
    )
  })
})
