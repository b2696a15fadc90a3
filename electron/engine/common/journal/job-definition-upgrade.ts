import { JOB_DEFINITION_VERSION, jobDefinitionSchema } from '../../../../shared/models/upload-job'

/**
 * Reads any `job.json` version into the current definition. Version 1 (until the one-job
 * upload) had one `mapping` for every file, `premapped` files sent as they are, and the target's
 * stream as `stream`. The result is not saved here: job-store writes it back once.
 */
export function upgradeJobDefinition(
  raw: unknown,
): ReturnType<typeof jobDefinitionSchema.safeParse> {
  if (!isV1(raw)) return jobDefinitionSchema.safeParse(raw)
  const { mapping, files, target, ...rest } = raw
  const hasMapping = mapping !== null && mapping !== undefined
  return jobDefinitionSchema.safeParse({
    ...rest,
    version: JOB_DEFINITION_VERSION,
    mappings: hasMapping ? [mapping] : [],
    files: files.map(({ premapped, ...file }) => ({
      ...file,
      mapping: hasMapping && premapped !== true ? 0 : null,
    })),
    target: renameStream(target),
  })
}

interface V1Definition {
  readonly version: 1
  readonly mapping?: unknown
  readonly files: ReadonlyArray<Record<string, unknown> & { premapped?: unknown }>
  readonly target: unknown
  readonly [key: string]: unknown
}

function isV1(raw: unknown): raw is V1Definition {
  if (typeof raw !== 'object' || raw === null) return false
  const { version, files } = raw as { version?: unknown; files?: unknown }
  return version === 1 && Array.isArray(files)
}

function renameStream(target: unknown): unknown {
  if (typeof target !== 'object' || target === null || !('stream' in target)) return target
  const { stream, ...rest } = target
  return { ...rest, streamName: stream }
}

/** True when a definition read from disk is older than the current version. */
export function isOutdated(raw: unknown): boolean {
  return isV1(raw)
}
