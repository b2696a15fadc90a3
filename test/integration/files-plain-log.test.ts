import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppContext, type AppContext } from '../../electron/core/app-context'
import { dispatchInvoke } from '../../electron/core/ipc/dispatch'
import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../shared/ipc/contract'
import type { Result } from '../../shared/util/result'

/*
 * A raw log file is not taken for a two-column CSV. The lines are OpenSSH syslog lines in the
 * form of loghub's Linux sample (https://github.com/logpai/loghub, Linux/Linux_2k.log): their
 * `;` made the delimiter sniffing read them as semicolon CSV.
 */

const SYSLOG = [
  'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4',
  'Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown',
  'Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root',
  'Jun 15 04:06:18 combo su(pam_unix)[21416]: session opened for user cyrus by (uid=0)',
].join('\n')

let dir: string
let ctx: AppContext

async function ok<C extends InvokeChannel>(
  channel: C,
  payload?: InvokeRequest<C>,
): Promise<InvokeResponse<C>> {
  const result = (await dispatchInvoke(
    ctx.handlers,
    channel,
    payload,
    { clientId: 't' },
    ctx.logger,
  )) as Result<InvokeResponse<C>>
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}`)
  return result.value
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-plain-log-'))
  ctx = await createAppContext({
    host: 'electron',
    dataDir: join(dir, 'data'),
    version: 'test',
    env: {},
  })
})

afterAll(async () => {
  await ctx.shutdown()
  await rm(dir, { recursive: true, force: true })
})

describe('a raw .log file', () => {
  it('is refused as a plain text log, saying what LogDrop reads', async () => {
    const path = join(dir, 'Linux_2k.log')
    await writeFile(path, `${SYSLOG}\n`)
    const [entry] = await ok('files:add', { paths: [path] })
    expect(entry?.rejection?.code).toBe('files/plain-log')
    expect(entry?.rejection?.message).toMatch(/plain text log.*JSON, NDJSON .* CSV or TSV/)
  })

  it('is read as CSV when the person chooses that format', async () => {
    const path = join(dir, 'chosen.log')
    await writeFile(path, `${SYSLOG}\n`)
    const [entry] = await ok('files:add', { paths: [path] })
    const chosen = await ok('files:set-options', {
      fileId: entry?.id ?? '',
      options: { format: 'csv', delimiter: ';' },
    })
    expect(chosen.rejection).toBeNull()
  })

  it('still accepts a real table with a header row, whatever its name', async () => {
    const path = join(dir, 'export.log')
    await writeFile(path, 'time;level;message\n2026-01-01T00:00:00Z;info;started\n')
    const [entry] = await ok('files:add', { paths: [path] })
    expect(entry?.rejection).toBeNull()
    expect(entry?.headers).toEqual(['time', 'level', 'message'])
  })
})
