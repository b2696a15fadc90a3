import { describe, expect, it } from 'vitest'
import { failedLine, SOURCE_TOO_DEEP } from './failed-store'

const INFO = {
  jobId: 'j',
  file: '/data/deep.json',
  fileIndex: 0,
  ordinal: 3,
  line: 4,
  cause: 'validation',
  message: 'Properties: nested too deeply',
  time: '2025-01-01T00:00:00Z',
} as const

describe('failedLine', () => {
  it('keeps the failure of a record too deeply nested to serialise, without its source', () => {
    let deep: unknown = 'leaf'
    for (let i = 0; i < 200_000; i++) deep = { d: deep }
    const line = JSON.parse(failedLine(INFO, { props: deep })) as Record<string, unknown>
    expect(line['id']).toBe('0:3')
    expect(line['message']).toBe(INFO.message)
    expect(line['source']).toBe(SOURCE_TOO_DEEP)
  })

  it('stores an ordinary source record as it is', () => {
    const line = JSON.parse(failedLine(INFO, { Level: 'x' })) as Record<string, unknown>
    expect(line['source']).toEqual({ Level: 'x' })
  })
})
