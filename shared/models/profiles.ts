import { z } from 'zod'
import { mappingSchema, type Mapping } from '../mapping/mapping-schema'
import { fileOptionsSchema, type FileOptions } from './files'

/**
 * Mapping profiles: a mapping remembered with the file shape it was made for, so a file with the
 * same headers gets it again automatically. Kept as JSON files in `<dataDir>/profiles/`.
 */

/** `p-` and 16 hex digits. */
export const profileIdSchema = z.string().regex(/^p-[0-9a-f]{16}$/, 'not a profile id')

/** A saved profile. */
export interface MappingProfile {
  readonly version: 1
  readonly id: string
  readonly name: string
  /** The DCR stream the mapping fills, e.g. `Custom-AppEvents`. */
  readonly stream: string
  /** The source headers the mapping was made for (as in the file). */
  readonly headers: readonly string[]
  /** Signature of `headers` (order and case ignored); equal signatures match exactly. */
  readonly headerSignature: string
  readonly mapping: Mapping
  /** Format and delimiter overrides to apply with it ({} when none). */
  readonly fileOptions: FileOptions
  readonly createdAt: string
  readonly updatedAt: string
}

/**
 * `profiles:save`: a new profile (no `id`) or a replacement (with `id`). The headers come from
 * `fileId` (a registered file) or are given; one of the two is required.
 */
export const profileSaveSchema = z
  .object({
    id: profileIdSchema.optional(),
    name: z.string().trim().min(1).max(200),
    mapping: mappingSchema,
    fileId: z
      .string()
      .regex(/^f-[0-9a-f]{24}$/)
      .optional(),
    headers: z.array(z.string().max(1000)).max(5000).optional(),
    fileOptions: fileOptionsSchema.optional(),
  })
  .strict()
  .refine((v) => v.fileId !== undefined || v.headers !== undefined, {
    message: 'give fileId or headers',
    path: ['headers'],
  })

/** A profile that fits a file's headers, best first. */
export interface ProfileMatch {
  readonly profile: MappingProfile
  /** 1: the same headers; otherwise the share of headers in common (at least 0.6). */
  readonly score: number
  /** Headers the profile expects that the file lacks. */
  readonly missingHeaders: readonly string[]
  /** Headers of the file the profile does not know. */
  readonly extraHeaders: readonly string[]
  /** Stream columns whose mapped source field is missing from the file. */
  readonly unmappedColumns: readonly string[]
}
