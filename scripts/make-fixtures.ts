/**
 * Writes the small sample and bad-input files under test/fixtures/ (committed; rerun after
 * changing this script): `npx tsx scripts/make-fixtures.ts`. The 2 MB record and the 100 KB
 * field are made by the corpus test at run time instead, to keep the repository small.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

const root = resolve(__dirname, '..', 'test', 'fixtures')
const bad = join(root, 'bad')
mkdirSync(bad, { recursive: true })

const LEVELS = ['Information', 'Warning', 'Error', 'Verbose']
const HOSTS = ['web-01', 'web-02', 'api-01', 'worker-03']

/** Realistic log records, one per minute from 2024-06-01T10:00:00Z. */
function records(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    time: new Date(Date.UTC(2024, 5, 1, 10, i)).toISOString(),
    level: LEVELS[i % LEVELS.length] as string,
    host: HOSTS[i % HOSTS.length] as string,
    msg:
      i % 5 === 0
        ? `Request ${i} failed: "timeout", retrying`
        : `Request ${i} handled in ${10 + i * 3} ms`,
    status: i % 5 === 0 ? 504 : 200,
    durationMs: 10 + i * 3.5,
    props: { requestId: `req-${1000 + i}`, user: `user${i % 7}`, tags: ['a', `t${i % 3}`] },
  }))
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function toCsv(rows: ReturnType<typeof records>): string {
  const header = 'time,level,host,msg,status,durationMs,props'
  const lines = rows.map((r) =>
    [
      r.time,
      r.level,
      r.host,
      r.msg,
      String(r.status),
      String(r.durationMs),
      JSON.stringify(r.props),
    ]
      .map(csvField)
      .join(','),
  )
  return `${[header, ...lines].join('\r\n')}\r\n`
}

const good = records(20)
const ndjsonLines = good.map((r) => JSON.stringify(r))
writeFileSync(join(root, 'sample.ndjson'), `${ndjsonLines.join('\n')}\n`)
writeFileSync(join(root, 'sample.json'), `${JSON.stringify(good, null, 2)}\n`)
writeFileSync(join(root, 'sample.csv'), toCsv(good))

const three = ndjsonLines.slice(0, 3)
const write = (name: string, content: string | Buffer) => writeFileSync(join(bad, name), content)

write('truncated.json', `[\n${three.join(',\n')},\n{"time":"2024-06-01T10:03:00Z","msg":"cut he`)
write('object-not-array.json', `${JSON.stringify({ records: good.slice(0, 2) }, null, 2)}\n`)
write('trailing-comma.json', `[\n${three.join(',\n')},\n]\n`)
write(
  'broken-line.ndjson',
  `${three[0]}\n${three[1]?.slice(0, 40)}\n${three[2]}\n{"time":"2024-06-01T10:09:00Z","msg":"last",}\n${ndjsonLines[4]}\n`,
)
write(
  'ragged-rows.csv',
  toCsv(good.slice(0, 4))
    .split('\r\n')
    .map((line, i) =>
      i === 2 ? line.split(',').slice(0, 3).join(',') : i === 3 ? `${line},extra` : line,
    )
    .join('\r\n'),
)
write(
  'unbalanced-quotes.csv',
  'time,level,msg\n2024-06-01T10:00:00Z,Information,fine\n2024-06-01T10:01:00Z,Error,"never closed\n2024-06-01T10:02:00Z,Information,lost\n',
)
write(
  'invalid-utf8.ndjson',
  Buffer.concat([
    Buffer.from(`${three[0]}\n{"time":"2024-06-01T10:01:00Z","level":"Warning","msg":"caf`),
    Buffer.from([0xe9, 0x20, 0xff]),
    Buffer.from(`"}\n${three[2]}\n`),
  ]),
)
write(
  'utf16-bom.csv',
  Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from(
      'time,level,msg\r\n2024-06-01T10:00:00Z,Information,naïve café ✓\r\n2024-06-01T10:01:00Z,Error,Ünïcödé\r\n',
      'utf16le',
    ),
  ]),
)
write('empty.csv', '')
write('zero-byte.ndjson.gz', Buffer.alloc(0))
write(
  'truncated.ndjson.gz',
  gzipSync(
    Buffer.from(
      `${records(400)
        .map((r) => JSON.stringify(r))
        .join('\n')}\n`,
    ),
  ).subarray(0, 2000),
)
write(
  'binary-renamed.csv',
  Buffer.concat([
    Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
      0x52,
    ]),
    Buffer.from(Array.from({ length: 240 }, (_, i) => (i * 37) % 256)),
  ]),
)
const depth = 20_000
write(
  'deep-nesting.json',
  `[\n${three[0]},\n{"time":"2024-06-01T10:01:00Z","msg":"deep","props":${'{"d":'.repeat(depth)}1${'}'.repeat(depth)}},\n${three[2]}\n]\n`,
)
write(
  'duplicate-columns.csv',
  'time,msg,msg,level,Level\n2024-06-01T10:00:00Z,first,second,Information,x\n2024-06-01T10:01:00Z,a,b,Error,y\n',
)
write(
  'bad-column-names.csv',
  `time,user name,1st,Type,a.b,${'x'.repeat(50)}\n2024-06-01T10:00:00Z,ann,1,t,ab,long\n2024-06-01T10:01:00Z,bob,2,u,cd,long\n`,
)
console.log(`fixtures written under ${root}`)
