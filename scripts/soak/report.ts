import type { AppOutcome, CliOutcome } from './scenarios/bad-input'
import type {
  ClockSkewRun,
  DiskFullResult,
  EmulatorAwayResult,
  EmulatorGoneResult,
  ExpiredTokenResult,
  Skipped,
  UnwritableResult,
} from './scenarios/conditions'
import type { CrashResult } from './scenarios/crash'
import type { FaultsResult } from './scenarios/faults'
import type { Reconciliation } from './reconcile'
import type { SoakFile } from './soak-data'

/** Everything one soak run measured, for docs/reliability.md. */
export interface SoakResults {
  readonly command: string
  readonly startedAt: string
  readonly durationMs: number
  readonly machine: string
  readonly sizeBytes: number
  readonly file: SoakFile
  readonly faults?: FaultsResult & { readonly bytesPerMinute: number }
  readonly crash?: CrashResult
  readonly conditions?: {
    readonly file: SoakFile
    readonly unwritable: UnwritableResult | Skipped
    readonly diskFull: DiskFullResult | Skipped
    readonly away: EmulatorAwayResult
    readonly gone: EmulatorGoneResult
    readonly expired: ExpiredTokenResult & { readonly lifetimeSeconds: number }
    readonly skew: readonly ClockSkewRun[]
  }
  readonly badInput?: { readonly cli: readonly CliOutcome[]; readonly app: readonly AppOutcome[] }
  /** Invariants that did not hold (empty when the run passed). */
  readonly problems: readonly string[]
}

const n = (value: number) => value.toLocaleString('en-US')
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`
const verdict = (ok: boolean) => (ok ? 'yes' : '**NO**')
const plural = (count: number, noun: string) => `${n(count)} ${noun}${count === 1 ? '' : 's'}`

function isSkipped(value: unknown): value is Skipped {
  return typeof value === 'object' && value !== null && 'skipped' in value
}

function reconRow(label: string, r: Reconciliation, extra = ''): string {
  const causes = Object.entries(r.failed.byCause)
    .map(([cause, count]) => `${cause} ${n(count)}`)
    .join(', ')
  return `| ${label} | ${n(r.records)} | ${n(r.table.distinct)} | ${n(r.failed.records)}${causes === '' ? '' : ` (${causes})`} | ${r.lost} | ${n(r.duplicates)}${extra} | ${verdict(r.exact)} |`
}

function faultsSection(f: NonNullable<SoakResults['faults']>): string[] {
  const faults = f.counters.faults
  return [
    '## Faults, all at once',
    '',
    `\`logdrop upload\` of the whole file (1 MB requests, ${f.summary.requests.sent} requests in ${(f.exit.ms / 1000).toFixed(0)} s) while the emulator injected, with a fixed seed:`,
    '',
    '| Fault | Setting | Injected (emulator counters) |',
    '|---|---|---|',
    `| 5xx (503 ServiceUnavailable) | 5 % of requests | ${n(faults['status5xx'] ?? 0)} |`,
    `| 429 with Retry-After: 1 | 5 % of requests | ${n(faults['status429'] ?? 0)} |`,
    `| Connection reset (no answer) | 1 % of requests | ${n(faults['reset'] ?? 0)} |`,
    `| Latency spike of 500 ms | 2 % of requests | ${n(faults['latencySpike'] ?? 0)} |`,
    `| Per-DCR rate limit (429 with Retry-After) | ${mb(f.bytesPerMinute)} per minute | ${n(f.counters.throttled)} |`,
    '',
    `Ingestion requests answered: ${Object.entries(f.counters.byStatus)
      .map(([status, count]) => `${status}: ${n(count)}`)
      .join(', ')}. The engine retried ${n(f.summary.requests.retries)} times ` +
      `(${n(f.summary.requests.throttled)} after a 429) and reports ${n(f.summary.duplicatesPossible.records)} records ` +
      `that could have been stored twice (retries after a reset); the table shows ${n(f.reconciliation.duplicates)}.`,
    '',
  ]
}

function crashSection(c: CrashResult): string[] {
  const lines = [
    '## Crash recovery',
    '',
    `The same file uploaded again; the uploading process was killed with SIGKILL ${c.kills.length} times at random moments ` +
      `(between 0.5 and 4 s after each run's first request, seeded) and resumed with \`logdrop resume\` each time; ` +
      'the emulator answered slowly during the kills so requests were in flight, then at full speed for the last run.',
    '',
    '| Kill | Run | After first request | In flight: requests | In flight: records | Acknowledged so far |',
    '|---|---|---|---|---|---|',
    ...c.kills.map(
      (k) =>
        `| ${k.kill} | ${k.run} | ${(k.afterFirstRequestMs / 1000).toFixed(1)} s | ${k.inFlight.requests} | ${n(k.inFlight.records)} | ${n(k.acknowledged)} |`,
    ),
    '',
    `Kills survived: **${c.kills.length}**. Duplicates in the table: **${n(c.reconciliation.duplicates)}** records, ` +
      `at most the ${n(c.inFlightRecords)} records (${c.inFlightRequests} requests) in flight at the kills ` +
      `(${verdict(c.reconciliation.duplicates <= c.inFlightRecords)}); the engine's own count, in the last summary, is ` +
      `${n(c.summary.duplicatesPossible.records)} records in ${c.summary.duplicatesPossible.requests} requests.`,
    '',
    'Why so many: a request the service has fully received is stored even if the sender dies before the answer ' +
      '(the emulator, like Azure, does not know the client is gone), and the ledger only learns of it from the answer. ' +
      'So every request in flight at a kill is sent again on resume; acknowledged requests never are. ' +
      'With 1 MB requests and 4 in flight, each kill can duplicate up to about 18,000 records; ' +
      'LogDrop reports that figure (`duplicatesPossible`) in the summary of the resumed run.',
    '',
  ]
  return lines
}

function exitText(code: number | null): string {
  return code === null ? 'killed' : `exit ${code}`
}

function conditionsSection(c: NonNullable<SoakResults['conditions']>): string[] {
  const rows: string[] = []
  const u = c.unwritable
  rows.push(
    isSkipped(u)
      ? `| Unwritable data folder | skipped: ${u.skipped} | | |`
      : `| Unwritable data folder — ${u.how} | refused before sending, ${exitText(u.exit.code)}, \`${u.error?.code ?? '?'}\` | “${u.error?.message ?? ''}” | ${u.rows} rows sent, nothing to lose |`,
  )
  const d = c.diskFull
  rows.push(
    isSkipped(d)
      ? `| Disk full mid-upload | skipped: ${d.skipped} | | |`
      : `| Disk full mid-upload — ${d.how} | stops (${exitText(d.stopped.code)}, \`${d.stoppedSummary.error?.code ?? '?'}\`); after freeing space \`logdrop resume\` finishes (${exitText(d.resumed.code)}) | “${d.stoppedSummary.error?.message ?? ''}” | lost ${d.reconciliation.lost}, duplicates ${d.reconciliation.duplicates} ≤ ${d.inFlight.records} in flight |`,
  )
  rows.push(
    `| Emulator away ${(c.away.downMs / 1000).toFixed(0)} s and back (same port and data) | retries with backoff (${c.away.networkRetriesLogged} network retries logged) and finishes: ${exitText(c.away.exit.code)}, ${c.away.summary.state} | verbose log: \`request attempt … "outcome":"network" … "action":"retry"\` | lost ${c.away.reconciliation.lost}, duplicates ${c.away.reconciliation.duplicates} ≤ ${c.away.summary.duplicatesPossible.records} possible |`,
  )
  const g = c.gone
  rows.push(
    `| Emulator away longer than the retry budget | stops (${exitText(g.stopped.code)}, \`${g.stoppedSummary.error?.code ?? '?'}\`, ${n(g.stoppedSummary.failedByCause.network ?? 0)} records kept as \`network\`); \`logdrop resume <job>\` sends the rest (${exitText(g.resumed.code)}), \`logdrop failed retry <job> --cause network\` the refused ones (${exitText(g.retried.code)}) | “${g.stoppedSummary.error?.message ?? ''}” | lost ${g.reconciliation.lost}, duplicates ${g.reconciliation.duplicates} |`,
  )
  const e = c.expired
  rows.push(
    `| Token expires mid-upload (lifetime ${e.lifetimeSeconds} s, emulator clock +${(e.jumpMs / 60_000).toFixed(0)} min) | ${plural(e.refused401, 'request')} answered 401 \`ExpiredAuthenticationToken\`; one token refresh each, then accepted: ${exitText(e.exit.code)}, ${e.summary.state} | verbose log: \`"code":"ExpiredAuthenticationToken" … "action":"refresh-token"\` (${plural(e.expiredLogged, 'line')}) | lost ${e.reconciliation.lost}, duplicates ${e.reconciliation.duplicates} |`,
  )
  for (const s of c.skew) {
    const mappingLine = /Mapping:[^\n]*/.exec(s.text)?.[0] ?? ''
    const [outcome, message] =
      s.kind === 'records-outside-send'
        ? [
            `${n(s.summary.timeWindowFlags)} records flagged and sent; the service replaced ${n(s.replaced)} TimeGenerated values with the time of arrival`,
            mappingLine,
          ]
        : s.kind === 'records-outside-fail'
          ? [
              `${n(s.summary.failedByCause.validation ?? 0)} records kept out as \`validation\` (retry them with another policy), ${exitText(s.exit.code)}`,
              s.failed.exampleByCause.validation ?? '',
            ]
          : [
              `LogDrop flags ${n(s.summary.timeWindowFlags)} (it checks its own clock); the service replaced ${n(s.replaced)} TimeGenerated values; tokens keep working`,
              'none: a skewed clock is not visible to LogDrop',
            ]
    rows.push(
      `| ${s.label} | ${outcome} | “${message.trim()}” | lost ${s.reconciliation.lost}, duplicates ${s.reconciliation.duplicates} |`,
    )
  }
  return [
    '## Conditions',
    '',
    `Each on a ${mb(c.file.bytes)} file of ${n(c.file.records)} records (${c.file.broken.length + c.file.invalid.length} bad on purpose), in requests of 32 KB (about ${n(Math.ceil(c.file.bytes / 32_768))} of them).`,
    '',
    '| Condition | Defined behaviour (observed) | Message | Records |',
    '|---|---|---|---|',
    ...rows,
    '',
  ]
}

function badInputSection(b: NonNullable<SoakResults['badInput']>): string[] {
  const cli = b.cli.map((o) => {
    const failures = o.failures
      .slice(0, 2)
      .map((f) => `${f.cause}${f.code === undefined ? '' : ` \`${f.code}\``}: ${f.message}`)
      .join('<br>')
    const stopped =
      o.error === undefined ? '' : ` — stopped: \`${o.error.code}\` ${o.error.detail ?? ''}`
    return `| ${o.file} | ${exitText(o.exit.code)} | ${o.state} | ${o.rows} of ${o.read} | ${failures === '' ? '—' : failures}${stopped} | ${o.warnings.slice(0, 2).join('<br>') || '—'} | ${o.stackTrace ? '**yes**' : 'no'} |`
  })
  const app = b.app.map((o) => {
    const added = o.added.ok
      ? `${o.added.detected ?? 'ok'}`
      : `rejected \`${o.added.code ?? ''}\`: ${o.added.rejection ?? ''}`
    const preview = o.preview.ok
      ? `${o.preview.records} records${o.preview.problems !== undefined && o.preview.problems.length > 0 ? `; ${[...new Set(o.preview.problems)].map((p) => `\`${p}\``).join(', ')}` : ''}`
      : `\`${o.preview.code ?? ''}\``
    const dry = o.dryRun.ok
      ? `${o.dryRun.valid} valid, ${o.dryRun.failed} failed`
      : `\`${o.dryRun.code ?? ''}\``
    return `| ${o.file} | ${added} | ${preview} | ${dry} |`
  })
  return [
    '## Bad input',
    '',
    `${b.cli.length} files (test/fixtures/bad/ and a generated 2 MB record and 100 KB field), each through ` +
      '`logdrop upload --json` against the emulator; rows counted with the query API.',
    '',
    '| File | Exit | State | Rows landed / read | Failed records (first two) | Warnings | Stack trace |',
    '|---|---|---|---|---|---|---|',
    ...cli,
    '',
    'The same files through the app’s services (`files:add`, `files:preview`, `mapping:dry-run`, via the contract):',
    '',
    '| File | files:add | files:preview | mapping:dry-run |',
    '|---|---|---|---|',
    ...app,
    '',
  ]
}

/** docs/reliability.md for one soak run. */
export function renderReport(r: SoakResults): string {
  const lines: string[] = [
    '# Reliability',
    '',
    `Figures of the last soak run: \`${r.command}\` on ${r.startedAt.slice(0, 10)} (${r.machine}), ` +
      `${mb(r.sizeBytes)} of generated NDJSON, ${(r.durationMs / 60_000).toFixed(1)} minutes. ` +
      '`npm run soak` alone uploads **1 GB**; `--size` changes it (this run used a smaller size to fit in about ten minutes here). ' +
      'Everything runs against the local emulator (`emulator/`) in its own process; the uploads are the real CLI (`logdrop`) as child processes.',
    '',
    'Every input record carries a sequence number (mapped to `Bytes`). After each run the table is counted with the query API ' +
      '(`summarize count(), dcount(Bytes), min(Bytes), max(Bytes)`) and compared with the failed store, record by record: ' +
      'a record is either in the table or in the failed store, never both, never neither.',
    '',
    r.problems.length === 0
      ? '**Result: every invariant held.**'
      : `**Result: ${r.problems.length} invariant(s) did not hold:** ${r.problems.join('; ')}`,
    '',
    '## Records',
    '',
    `Source: ${mb(r.file.bytes)}, ${n(r.file.records)} records, of which ${r.file.broken.length} broken JSON lines and ${r.file.invalid.length} records that fail validation (on purpose).`,
    '',
    '| Run | Input records | In the table | In the failed store | Lost | Duplicates | Exact |',
    '|---|---|---|---|---|---|---|',
  ]
  if (r.faults !== undefined) lines.push(reconRow('Faults', r.faults.reconciliation))
  if (r.crash !== undefined) {
    lines.push(
      reconRow(
        `${r.crash.kills.length} kills + resumes`,
        r.crash.reconciliation,
        ` (≤ ${n(r.crash.inFlightRecords)} in flight)`,
      ),
    )
  }
  if (r.conditions !== undefined) {
    const c = r.conditions
    if (!isSkipped(c.diskFull))
      lines.push(reconRow('Disk full, then resume', c.diskFull.reconciliation))
    lines.push(reconRow('Emulator away and back', c.away.reconciliation))
    lines.push(reconRow('Emulator gone, resume + retry', c.gone.reconciliation))
    lines.push(reconRow('Token expired mid-upload', c.expired.reconciliation))
    for (const s of c.skew) lines.push(reconRow(s.label, s.reconciliation))
  }
  lines.push('')
  if (r.faults !== undefined) lines.push(...faultsSection(r.faults))
  if (r.crash !== undefined) lines.push(...crashSection(r.crash))
  if (r.conditions !== undefined) lines.push(...conditionsSection(r.conditions))
  if (r.badInput !== undefined) lines.push(...badInputSection(r.badInput))
  lines.push(
    '## Security checks',
    '',
    'Run by `npm test` (`test/integration/security-*.test.ts`):',
    '',
    '- No access token, refresh token, id token, client secret or authorization code (the values actually issued in the run, captured from msal’s cache as it is written and from the sign-in page) appears in any log line, journal, failed-record export, file of the data folder, event or contract answer of a sign-in plus an upload with failures; nor does anything shaped like a JWT.',
    '- The browser host refuses requests and sockets without its secret, with a foreign Host or Origin, and from non-loopback addresses; no route (renderer files, uploads, exports) serves a file outside the built renderer, however the path is encoded.',
    '- Every contract channel answers a junk payload with `ipc/invalid-payload` and changes nothing; unknown channels answer `ipc/unknown-channel`.',
    '- The emulator’s admin endpoints answer 401 without their key or with a wrong one.',
    '- The renderer has no Node (`typeof require`, `process`, `module` are `undefined`): `test/e2e/electron.spec.ts` (runs where an Electron binary is installed).',
    '',
    '## Dependency audit',
    '',
    '`npm audit --omit=dev` could not run on the machine that produced these figures: the advisory endpoint ' +
      '(`POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk`) answers `405 Method Not Allowed` there, ' +
      'so no audit result is claimed. Run it where the registry is reachable:',
    '',
    '```sh',
    'npm audit --omit=dev --audit-level=high',
    '```',
    '',
    'Any high or critical advisory in a production dependency must be fixed or explained here.',
    '',
    '## Reproduce',
    '',
    '```sh',
    'npm run soak                      # 1 GB (the data is generated once and cached in .bench-data/)',
    `${r.command.padEnd(33)} # this run`,
    'npm run soak -- --help            # phases, kills, seed',
    '```',
    '',
  )
  return `${lines.join('\n')}\n`
}
