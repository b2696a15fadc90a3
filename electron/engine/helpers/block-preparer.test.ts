import { describe, expect, it } from 'vitest'
import { DEFAULT_UPLOAD_OPTIONS, type JobDefinition } from '../../../shared/models/upload-job'
import { createBlockPreparer } from './block-preparer'
import type { PreparedBlock } from './prepare-block'

const NOW = Date.parse('2025-06-01T12:00:00Z')

/** Maps `field` (of the file's own shape) to the stream's Message column. */
function mapping(field: string) {
  return {
    version: 1,
    stream: 'Custom-X',
    columns: {
      TimeGenerated: { source: { kind: 'field', path: 't' }, type: 'datetime' },
      Message: { source: { kind: 'field', path: field }, type: 'string' },
    },
  }
}

/** One upload: two files with their own mappings, and one sent as it is. */
const job: JobDefinition = {
  version: 2,
  jobId: 'job-1',
  createdAt: '2025-06-01T00:00:00.000Z',
  files: [
    { path: '/data/web.ndjson', size: 1, mtimeMs: 0, mapping: 0 },
    { path: '/data/api.ndjson', size: 1, mtimeMs: 0, mapping: 1 },
    { path: '/data/retry.ndjson', size: 1, mtimeMs: 0, mapping: null },
  ],
  target: { endpoint: 'https://dce.example', dcrImmutableId: 'dcr-1', streamName: 'Custom-X' },
  mappings: [mapping('msg'), mapping('detail')],
  streamColumns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Message', type: 'string' },
  ],
  options: DEFAULT_UPLOAD_OPTIONS,
}

function records(block: PreparedBlock): unknown[] {
  const out: unknown[] = []
  let start = 0
  for (const end of block.ends) {
    out.push(JSON.parse(Buffer.from(block.data.subarray(start, end)).toString()))
    start = end
  }
  return out
}

function prepareLine(fileIndex: number, line: string): Promise<PreparedBlock> {
  return createBlockPreparer(job)({
    fileIndex,
    bytes: Buffer.from(`${line}\n`),
    format: { kind: 'ndjson' },
    firstLine: 1,
    firstOffset: 0,
    nowMs: NOW,
  })
}

async function prepare(fileIndex: number, line: string): Promise<unknown[]> {
  return records(await prepareLine(fileIndex, line))
}

describe('a prepare helper of one upload', () => {
  it("maps each file's blocks with that file's mapping", async () => {
    const line = '{"t":"2025-06-01T11:00:00Z","msg":"from msg","detail":"from detail"}'
    expect(await prepare(0, line)).toEqual([
      { TimeGenerated: '2025-06-01T11:00:00.000Z', Message: 'from msg' },
    ])
    expect(await prepare(1, line)).toEqual([
      { TimeGenerated: '2025-06-01T11:00:00.000Z', Message: 'from detail' },
    ])
  })

  it('sends a file without a mapping as it is, long integers keeping their digits', async () => {
    const block = await prepareLine(2, '{"Message":"as is","n":9007199254740993}')
    expect(block.ends).toHaveLength(1)
    expect(Buffer.from(block.data.subarray(0, block.ends[0])).toString()).toBe(
      '{"Message":"as is","n":9007199254740993}',
    )
  })
})
