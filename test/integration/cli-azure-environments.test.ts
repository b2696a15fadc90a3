import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliInProcess, type CliRun } from '../helpers/cli-in-process'
import { createRetryJob } from '../../electron/engine/main/failed-retry'
import { createJob, resumeJob, runJob } from '../../electron/engine/main/job-runner'
import type { JobSummary } from '../../shared/models/upload-job'
import {
  APP_EVENTS_STREAM,
  appEventsTarget,
  countRows,
  servicePrincipalTokens,
  startFixture,
  streamEvent,
  writeNdjson,
  type EngineFixture,
} from './engine-helpers'

let fx: EngineFixture
let host: string
beforeAll(async () => {
  fx = await startFixture()
  host = new URL(fx.emulator.origin).host
})
afterAll(async () => {
  await fx?.stop()
})

/** Runs the CLI in this process with the given environment and captures what it prints. */
function logdrop(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  return runCliInProcess(args, env)
}

/** The AppEvents rule as the emulator's ready info names it. */
function appEventsRule() {
  const rule = fx.emulator.readyInfo.dcrs.find((d) => d.streams.includes(APP_EVENTS_STREAM))
  if (rule === undefined) throw new Error('no AppEvents rule')
  return rule
}

describe('the CLI in real Azure environments (the emulator as a custom cloud)', () => {
  it('says an untrusted certificate is a certificate problem naming the host; --ca-file fixes sign-in, ARM and ingestion', async () => {
    const marker = 'cafile'
    const file = join(fx.dir, 'ca.ndjson')
    await writeNdjson(file, 20, (i) => streamEvent(i, marker))
    const rule = appEventsRule()
    const caFile = join(fx.dir, 'emulator-ca.pem')
    await writeFile(caFile, fx.emulator.caCertPem)
    // A service principal from the environment, as DefaultAzureCredential reads it.
    const saved = { ...process.env }
    process.env['AZURE_TENANT_ID'] = fx.emulator.tenantId
    process.env['AZURE_CLIENT_ID'] = fx.emulator.servicePrincipal.clientId
    process.env['AZURE_CLIENT_SECRET'] = fx.emulator.servicePrincipal.clientSecret
    try {
      const env = { AZURE_AUTHORITY_HOST: fx.emulator.origin }
      const args = [
        'upload',
        file,
        '--arm-endpoint',
        fx.emulator.origin,
        '--dcr-resource-id',
        rule.id,
        '--endpoint',
        rule.ingestionEndpoint,
        '--dcr',
        rule.immutableId,
        '--stream',
        APP_EVENTS_STREAM,
        '--data-dir',
        join(fx.dir, 'ca-data'),
        '--json',
      ]

      const untrusted = await logdrop(env, ...args)
      expect(untrusted.code, untrusted.stderr).toBe(1)
      // ARM (the stream's columns) and sign-in both say what is wrong and where.
      expect(untrusted.stderr).toContain(`The secure connection to ${host} was refused`)
      const summary = JSON.parse(untrusted.stdout) as JobSummary
      expect(summary.error?.code).toBe('upload/certificate-untrusted')
      expect(summary.error?.message).toContain(`The secure connection to ${host} was refused`)
      expect(summary.error?.message).toContain('--ca-file')
      expect(summary.error?.message).not.toMatch(/network is back/)
      expect(summary.records).toMatchObject({ accepted: 0, notSent: 20 })

      const trusted = await logdrop(env, ...args, '--ca-file', caFile)
      expect(trusted.code, trusted.stderr).toBe(0)
      // The columns came from the chosen cloud's ARM (the emulator), not management.azure.com.
      expect(trusted.stderr).toMatch(/Mapping by name: Time, Host, Level/)
      expect(JSON.parse(trusted.stdout)).toMatchObject({ records: { accepted: 20, failed: 0 } })
      expect(await countRows(fx.emulator, marker)).toBe(20)
    } finally {
      process.env = saved
    }
  })

  it('stops an upload whose ingestion endpoint is untrusted with the certificate message; resume and a retry with the CA send it', async () => {
    const marker = 'ingestca'
    const file = join(fx.dir, 'ingest-ca.ndjson')
    await writeNdjson(file, 10, (i) => streamEvent(i, marker))
    const dataDir = join(fx.dir, 'ingest-ca-data')
    // Saved without the emulator's CA: Node's roots do not know it.
    const definition = await createJob(
      { files: [file], target: appEventsTarget(fx.emulator) },
      dataDir,
    )
    const options = { dataDir, tokenProvider: servicePrincipalTokens(fx.emulator) }
    const stopped = await (await runJob(definition, options)).result
    expect(stopped.state).toBe('stopped')
    expect(stopped.error?.code).toBe('upload/certificate-untrusted')
    expect(stopped.error?.message).toContain(`The secure connection to ${host} was refused`)
    expect(stopped.records.accepted).toBe(0)

    // Resume sends what was never tried; the records of the refused request are in the failed
    // store, and a retry with the CA sends them.
    const trusted = { ...options, caCertPem: fx.emulator.caCertPem }
    const resumed = await (await resumeJob(definition.jobId, trusted)).result
    expect(resumed.state).toBe('completed-with-failures')
    expect(resumed.failedByCause).toEqual({ network: 10 })
    const retry = await createRetryJob(dataDir, definition.jobId)
    const retried = await (await runJob(retry.definition, trusted)).result
    expect(retried.state).toBe('completed')
    expect(await countRows(fx.emulator, marker)).toBe(10)
  })

  it('exits 1 when no credentials are available before sending (README: an error before sending)', async () => {
    const file = join(fx.dir, 'nocreds.ndjson')
    await writeNdjson(file, 5, (i) => streamEvent(i, 'nocreds'))
    // The emulator's ready info with a secret it does not know.
    const info = JSON.parse(await readFile(join(fx.emulatorDir, 'emulator.json'), 'utf8')) as {
      servicePrincipal: { clientSecret: string }
    }
    info.servicePrincipal.clientSecret = 'not-the-secret'
    const wrongDir = join(fx.dir, 'wrong-emulator')
    await import('node:fs/promises').then((fs) => fs.mkdir(wrongDir, { recursive: true }))
    await writeFile(join(wrongDir, 'emulator.json'), JSON.stringify(info))
    const result = await logdrop(
      {},
      'upload',
      file,
      '--stream',
      APP_EVENTS_STREAM,
      `--emulator=${wrongDir}`,
      '--data-dir',
      join(fx.dir, 'nocreds-data'),
    )
    expect(result.stdout).toMatch(/5 not sent/)
    expect(result.code).toBe(1)
  })
})
