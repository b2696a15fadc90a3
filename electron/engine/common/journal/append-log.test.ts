import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppendLog, readLogLines } from './append-log'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-append-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function lines(path: string) {
  const out: unknown[] = []
  for await (const line of readLogLines(path)) out.push(line.ok ? line.value : 'UNREADABLE')
  return out
}

describe('AppendLog', () => {
  it('appends lines that are on disk at once (no buffering to lose on a kill)', async () => {
    const path = join(dir, 'a.ndjson')
    const log = await AppendLog.open(path)
    log.append(JSON.stringify({ n: 1 }))
    log.appendMany([JSON.stringify({ n: 2 }), JSON.stringify({ n: 3 })])
    // Read back before sync/close: the kernel already has it.
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n')
    log.sync()
    log.close()
  })

  it('cuts a torn last line before appending, so the next line starts clean', async () => {
    const path = join(dir, 'torn.ndjson')
    await writeFile(path, '{"n":1}\n{"n":2}\n{"n":3,"half')
    expect(await lines(path)).toEqual([{ n: 1 }, { n: 2 }, 'UNREADABLE'])
    const log = await AppendLog.open(path)
    log.append('{"n":4}')
    log.close()
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":4}\n')
  })

  it('keeps a complete last entry that only lost its newline', async () => {
    const path = join(dir, 'complete.ndjson')
    await writeFile(path, '{"n":1}\n{"n":2}')
    const log = await AppendLog.open(path)
    log.append('{"n":3}')
    log.close()
    expect(await lines(path)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
  })

  it('handles a file that is one torn line, and a torn line longer than the read block', async () => {
    const path = join(dir, 'long.ndjson')
    await writeFile(path, `{"big":"${'x'.repeat(200_000)}`)
    let log = await AppendLog.open(path)
    log.append('{"n":1}')
    log.close()
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n')
    await appendFile(path, `{"big":"${'y'.repeat(150_000)}`)
    log = await AppendLog.open(path)
    log.close()
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n')
  })

  it('reads a missing file as empty and keeps multi-byte characters whole', async () => {
    expect(await lines(join(dir, 'missing.ndjson'))).toEqual([])
    const path = join(dir, 'utf8.ndjson')
    const text = 'é✓😀'.repeat(100_000)
    await writeFile(path, `${JSON.stringify({ text })}\n`)
    expect(await lines(path)).toEqual([{ text }])
  })
})
