import { compileMapping, type CompiledMapping } from '../../shared/mapping/compile-mapping'
import { parseMapping } from '../../shared/mapping/mapping-schema'

/**
 * Compiles mapping columns for a test, the stream declaring each column as the mapping types
 * it; throws with the problems when the mapping or the compile fails.
 */
export function compileTestMapping(
  columns: Record<string, unknown>,
  timePolicy: object = {},
): CompiledMapping {
  const parsed = parseMapping({ version: 1, stream: 'Custom-X', columns, timePolicy })
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  const types = Object.entries(parsed.mapping.columns).map(([name, rule]) => ({
    name,
    type: rule.type,
  }))
  const compiled = compileMapping(parsed.mapping, types)
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues))
  return compiled.compiled
}
