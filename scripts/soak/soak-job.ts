import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { FaultSettings } from '../../emulator/data/faults/fault-settings'
import { defaultSeed } from '../../emulator/seed/default-seed'
import { createJob } from '../../electron/engine/main/job-runner'
import type { JobDefinition, UploadOptions } from '../../shared/models/upload-job'
import { soakRule } from './emulator-client'
import type { EmulatorHandle } from './emulator-handle'
import { connectionArgs } from './logdrop-process'
import { SOAK_STREAM, soakMapping, writeSoakMapping } from './soak-data'

/**
 * Two ways the campaign starts an upload of a soak file:
 *
 * - `logdrop upload <file> --mapping …` as a person types it (1 MB requests, default retries);
 * - a job created here with chosen engine options (small requests, so a few megabytes make
 *   hundreds of requests; short retry budgets), then run by `logdrop resume <jobId>`, which
 *   takes the same path as `upload` once the job exists.
 */

/** The faults of the campaign: all at once, with a fixed seed so a run can be repeated. */
export function campaignFaults(limits?: FaultSettings['limits'], seed = 20_240_101): FaultSettings {
  return {
    rate5xx: 0.05,
    rate429: 0.05,
    retryAfterSeconds: 1,
    resetRate: 0.01,
    latencySpikeMs: 500,
    latencySpikeRate: 0.02,
    ...(limits === undefined ? {} : { limits }),
    seed,
  }
}

/** The stream's columns in the default seed (what `logdrop upload` reads from ARM). */
export function soakStreamColumns() {
  for (const rule of defaultSeed().dataCollectionRules) {
    const declaration = rule.properties.streamDeclarations[SOAK_STREAM]
    if (declaration !== undefined) return declaration.columns.map((c) => ({ ...c }))
  }
  throw new Error(`no stream ${SOAK_STREAM} in the default seed`)
}

/** Arguments for `logdrop upload` of a soak file tagged `tag`. */
export async function uploadArgs(
  handle: EmulatorHandle,
  file: string,
  dataDir: string,
  tag: string,
  extra: readonly string[] = [],
  outsideWindow: 'send' | 'fail' = 'send',
): Promise<string[]> {
  await mkdir(dirname(dataDir), { recursive: true })
  const mapping = await writeSoakMapping(
    join(dataDir, '..', `mapping-${tag}.json`),
    tag,
    outsideWindow,
  )
  return [
    'upload',
    file,
    '--stream',
    SOAK_STREAM,
    '--mapping',
    mapping,
    '--json',
    ...connectionArgs(handle.dir, dataDir),
    ...extra,
  ]
}

/** Creates a job over a soak file with engine options of its own; run it with `resumeArgs`. */
export async function createSoakJob(
  handle: EmulatorHandle,
  file: string,
  dataDir: string,
  tag: string,
  options: Partial<UploadOptions>,
  outsideWindow: 'send' | 'fail' = 'send',
): Promise<JobDefinition> {
  const rule = soakRule(handle)
  return createJob(
    {
      files: [file],
      target: {
        endpoint: rule.endpoint,
        dcrImmutableId: rule.immutableId,
        streamName: SOAK_STREAM,
      },
      mapping: soakMapping(tag, outsideWindow),
      streamColumns: soakStreamColumns(),
      caCertPem: handle.caCertPem,
      options,
      label: `soak ${tag}`,
    },
    dataDir,
  )
}

/** Arguments for `logdrop resume <jobId>`. */
export function resumeArgs(
  handle: EmulatorHandle,
  jobId: string,
  dataDir: string,
  extra: readonly string[] = [],
): string[] {
  return ['resume', jobId, '--json', ...connectionArgs(handle.dir, dataDir), ...extra]
}
