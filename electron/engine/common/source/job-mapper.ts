import { AppError } from '../../../../shared/errors/app-error'
import { compileMapping, type CompiledMapping } from '../../../../shared/mapping/compile-mapping'
import { parseMapping } from '../../../../shared/mapping/mapping-schema'
import type { JobDefinition, JobFile } from '../../../../shared/models/upload-job'
import { sendAsIs, type RecordMapper } from './source-types'

/**
 * Validates one of a job's mappings and compiles it against the stream's columns. Throws
 * `upload/mapping-invalid` with every problem listed.
 */
export function compileJobMapping(
  job: Pick<JobDefinition, 'mappings' | 'streamColumns'>,
  index: number,
): CompiledMapping {
  const parsed = parseMapping(job.mappings[index])
  if (!parsed.ok) {
    const detail = parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
    throw new AppError('upload/mapping-invalid', `mapping ${index + 1}: ${detail}`)
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

const cache = new WeakMap<JobDefinition, Map<number, CompiledMapping>>()

/**
 * A file's compiled mapping (compiled once per job and mapping, on each thread); undefined when
 * the file's records are sent as they are.
 */
export function compiledMappingOf(job: JobDefinition, file: JobFile): CompiledMapping | undefined {
  if (file.mapping === null) return undefined
  let compiled = cache.get(job)
  if (compiled === undefined) {
    compiled = new Map()
    cache.set(job, compiled)
  }
  let mapping = compiled.get(file.mapping)
  if (mapping === undefined) {
    mapping = compileJobMapping(job, file.mapping)
    compiled.set(file.mapping, mapping)
  }
  return mapping
}

/** The mapper for one of a job's files. */
export function createMapperForFile(job: JobDefinition, file: JobFile): RecordMapper {
  return compiledMappingOf(job, file)?.map ?? sendAsIs
}
