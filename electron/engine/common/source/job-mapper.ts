import { AppError } from '../../../../shared/errors/app-error'
import { compileMapping, type CompiledMapping } from '../../../../shared/mapping/compile-mapping'
import { parseMapping } from '../../../../shared/mapping/mapping-schema'
import type { JobDefinition, JobFile } from '../../../../shared/models/upload-job'
import { sendAsIs, type RecordMapper } from './source-types'

/**
 * Validates a job's mapping and compiles it against the stream's columns; undefined when the
 * job sends records as they are. Throws `upload/mapping-invalid` with every problem listed.
 */
export function compileJobMapping(
  job: Pick<JobDefinition, 'mapping' | 'streamColumns'>,
): CompiledMapping | undefined {
  if (job.mapping === null || job.mapping === undefined) return undefined
  const parsed = parseMapping(job.mapping)
  if (!parsed.ok) {
    const detail = parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
    throw new AppError('upload/mapping-invalid', detail)
  }
  const columns =
    job.streamColumns ??
    // Without the stream's declaration, the mapping's own column types are the best we know.
    Object.entries(parsed.mapping.columns).map(([name, rule]) => ({ name, type: rule.type }))
  const compiled = compileMapping(parsed.mapping, columns)
  if (!compiled.ok) {
    throw new AppError(
      'upload/mapping-invalid',
      compiled.issues.map((issue) => `${issue.column}: ${issue.message}`).join('; '),
    )
  }
  return compiled.compiled
}

const cache = new WeakMap<JobDefinition, RecordMapper>()

/** The mapper for a job's files (compiled once per job). */
export function createMapperForJob(job: JobDefinition, _file: JobFile): RecordMapper {
  const cached = cache.get(job)
  if (cached !== undefined) return cached
  const mapper = compileJobMapping(job)?.map ?? sendAsIs
  cache.set(job, mapper)
  return mapper
}
