/**
 * Preparing speed on one thread: the direct writer against JSON.parse + map + JSON.stringify
 * (what a prepare helper did for every record before), on the benchmark's NDJSON and mapping.
 *
 *   npx tsx scripts/measure-direct.ts [size=40MB]
 *
 * Both write into 1 MiB blocks' packed output as the helpers do. Prints MB/s of input for each,
 * median and best of the rounds. Run it when the machine is otherwise idle.
 */
import { join, resolve } from 'node:path'
import { readFile } from 'node:fs/promises'
import { compileMapping } from '../shared/mapping/compile-mapping'
import { parseMapping } from '../shared/mapping/mapping-schema'
import { DirectWriter, FAIL } from '../electron/engine/helpers/direct/direct-writer'
import { PackedOutput } from '../electron/engine/helpers/packed-output'
import { BENCH_MAPPING } from './bench/benchmark-mapping'
import { ensureBenchFile } from './bench/generate-data'

const ROUNDS = 9
const BLOCK_BYTES = 1024 * 1024

/** Calls `line` for every line of every 1 MiB block, with the block's output. */
function eachLine(
  bytes: Buffer,
  line: (start: number, end: number, out: PackedOutput) => void,
): void {
  for (let block = 0; block < bytes.length;) {
    const cut = bytes.indexOf(10, Math.min(block + BLOCK_BYTES, bytes.length - 1))
    const blockEnd = cut === -1 ? bytes.length : cut + 1
    const out = new PackedOutput(blockEnd - block + 1024)
    for (let start = block; start < blockEnd;) {
      const newline = bytes.indexOf(10, start)
      const end = newline === -1 || newline >= blockEnd ? blockEnd : newline
      if (end > start) line(start, end, out)
      start = end + 1
    }
    out.take()
    block = blockEnd
  }
}

function rate(bytes: number, run: () => void): { median: number; best: number } {
  const rates: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now()
    run()
    rates.push(bytes / 1e6 / ((performance.now() - start) / 1000))
  }
  rates.sort((a, b) => a - b)
  return { median: rates[Math.floor(ROUNDS / 2)] as number, best: rates[ROUNDS - 1] as number }
}

async function main(): Promise<void> {
  const sizeMb = Number((process.argv[2] ?? '40MB').replace(/mb$/i, ''))
  const dir = join(resolve(__dirname, '..'), '.bench-data')
  const file = await ensureBenchFile(dir, 'ndjson', 'source', sizeMb * 1e6)
  const bytes = await readFile(file.path)
  const parsed = parseMapping(BENCH_MAPPING)
  if (!parsed.ok) throw new Error('the bench mapping is invalid')
  const columns = Object.entries(parsed.mapping.columns).map(([name, rule]) => ({
    name,
    type: rule.type,
  }))
  const compiled = compileMapping(parsed.mapping, columns)
  if (!compiled.ok || compiled.compiled.direct === undefined) {
    throw new Error('the bench mapping has no direct form')
  }
  const { map, direct } = compiled.compiled
  const writer = new DirectWriter(direct, 1_000_000)
  const now = Date.now()
  let left = 0
  const directRate = rate(bytes.length, () =>
    eachLine(bytes, (start, end, out) => {
      if (writer.write(bytes, start, end, now, out) === FAIL) left++
    }),
  )
  const parsedRate = rate(bytes.length, () =>
    eachLine(bytes, (start, end, out) => {
      const record = JSON.parse(bytes.toString('utf8', start, end)) as Record<string, unknown>
      const mapped = map(record, now)
      if (mapped.ok) out.write(JSON.stringify(mapped.record))
    }),
  )
  const mb = (value: number): string => `${value.toFixed(1)} MB/s`
  console.log(`${(bytes.length / 1e6).toFixed(0)} MB of NDJSON, ${ROUNDS} rounds (median, best):`)
  console.log(`  direct writer:                  ${mb(directRate.median)}, ${mb(directRate.best)}`)
  console.log(`  JSON.parse + map + stringify:   ${mb(parsedRate.median)}, ${mb(parsedRate.best)}`)
  console.log(`  ratio (median): ${(directRate.median / parsedRate.median).toFixed(2)}×`)
  if (left > 0) console.log(`  records the writer left to the parser: ${left / ROUNDS}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
