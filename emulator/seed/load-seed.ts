import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { seedSchema } from './seed-schema'
import type { EmulatorSeed } from './seed-types'

/** A seed that could not be read or does not describe a consistent world. */
export class SeedError extends Error {
  override readonly name = 'SeedError'
}

/** Validates an already-parsed seed value; throws `SeedError` listing every problem. */
export function parseSeed(value: unknown, source = 'seed'): EmulatorSeed {
  const result = seedSchema.safeParse(value)
  if (!result.success) {
    throw new SeedError(`${source} is not a valid emulator seed:\n${z.prettifyError(result.error)}`)
  }
  return result.data
}

/** Reads and validates a seed JSON file (`--seed FILE`). */
export async function loadSeedFile(path: string): Promise<EmulatorSeed> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new SeedError(`Cannot read seed file ${path}: ${(error as Error).message}`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new SeedError(`Seed file ${path} is not JSON: ${(error as Error).message}`)
  }
  return parseSeed(value, path)
}

/** Replaces every `{origin}` in the seed's strings with the running server's origin. */
export function resolveSeedOrigin(seed: EmulatorSeed, origin: string): EmulatorSeed {
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replaceAll('{origin}', origin)
    if (Array.isArray(value)) return value.map(replace)
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]))
    }
    return value
  }
  return replace(seed) as EmulatorSeed
}
