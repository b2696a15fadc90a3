import { expect } from 'vitest'
import {
  compileMapping,
  type CompiledMapping,
  type MapResult,
} from '../../shared/mapping/compile-mapping'
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

/**
 * Asserts that a direct writer's record is exactly what the map function and JSON.stringify
 * make of the same source: mapped without failing, the same JSON and the same dropped fields,
 * and inside the time window (the writers leave other records to the map function).
 */
export function expectSameAsMapped(
  input: unknown,
  written: { readonly json?: string | undefined; readonly dropped: number },
  mapped: MapResult,
): void {
  expect({ input, ok: mapped.ok }).toEqual({ input, ok: true })
  if (!mapped.ok) return
  expect({ input, ...written }).toEqual({
    input,
    json: JSON.stringify(mapped.record),
    dropped: mapped.droppedFields,
  })
  expect(mapped.timeOutsideWindow).toBeUndefined()
}
