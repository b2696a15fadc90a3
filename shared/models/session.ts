import { z } from 'zod'
import { mappingSchema } from '../mapping/mapping-schema'
import { fileIdSchema, fileOptionsSchema } from './files'
import { ingestionTargetSchema } from './manual-target'

/**
 * What a person was doing, kept on the main side so a page reload or a host restart picks up
 * where they were: the chosen target, the mapping edits and the upload on the Upload screen.
 * The files themselves are kept by the files service (it alone knows their paths). Never a
 * secret: no token, no key, no path.
 */

/** An upload's id (as `jobs:start` answers it). */
const sessionJobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'not a job id')

/** The chosen target without what discovery can tell again (columns are fetched on restore). */
export const savedTargetSchema = z
  .object({
    target: ingestionTargetSchema,
    label: z.string().trim().min(1).max(300),
    source: z.enum(['discovered', 'manual']),
    dcrId: z.string().max(1024).nullable(),
  })
  .strict()
export type SavedTarget = z.output<typeof savedTargetSchema>

/**
 * A mapping the person edited, for one shape of file. `key` says what it was made for (stream,
 * stream columns and source headers); a mapping whose key no longer fits is not reused.
 */
export const savedMappingSchema = z
  .object({ key: z.string().min(1).max(20_000), mapping: mappingSchema })
  .strict()
export type SavedMapping = z.output<typeof savedMappingSchema>

/** Shape key (header signature or file id) → the edited mapping. */
const savedMappingsSchema = z.record(z.string().min(1).max(2000), savedMappingSchema)

/** What the renderer reads on connect and writes as the person works. */
export const sessionStateSchema = z
  .object({
    target: savedTargetSchema.nullable(),
    mappings: savedMappingsSchema,
    /** The upload the Upload screen shows (null: none). */
    uploadJobId: sessionJobIdSchema.nullable(),
  })
  .strict()
export type SessionState = z.output<typeof sessionStateSchema>

/** A change to the session: each field given replaces the saved one. */
export const sessionPatchSchema = z
  .object({
    target: savedTargetSchema.nullable().optional(),
    mappings: savedMappingsSchema.optional(),
    uploadJobId: sessionJobIdSchema.nullable().optional(),
  })
  .strict()
export type SessionPatch = z.output<typeof sessionPatchSchema>

export const EMPTY_SESSION: SessionState = { target: null, mappings: {}, uploadJobId: null }

/** A registered file as the main side keeps it across restarts (its path stays on this side). */
export const savedFileSchema = z
  .object({
    id: fileIdSchema,
    path: z.string().min(1).max(4096),
    origin: z.enum(['local', 'uploaded']),
    name: z.string().min(1).max(1000),
    options: fileOptionsSchema,
  })
  .strict()
export type SavedFile = z.output<typeof savedFileSchema>
