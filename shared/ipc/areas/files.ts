import { z } from 'zod'
import { mappingSchema } from '../../mapping/mapping-schema'
import {
  fileIdSchema,
  fileOptionsSchema,
  streamColumnSchema,
  type DryRunResult,
  type FileEntry,
  type FilePreview,
  type MappingSuggestResult,
} from '../../models/files'
import type { SaveOutcome } from '../../models/history'
import { profileIdSchema, profileSaveSchema } from '../../models/profiles'
import type { MappingProfile, ProfileMatch } from '../../models/profiles'
import { defineEvent, defineInvoke } from '../define'

/**
 * Source files, previews, mapping help and mapping profiles.
 *
 * Files: the renderer never reads a path and the main side opens only files the person dropped,
 * picked or uploaded in this session (an allow-list of `fileId`s; unknown ids fail with
 * `files/not-registered`).
 * - Electron: get real paths with the preload's `pathForFile(file)` for dropped files and call
 *   `files:add { paths }`; or call `files:pick` (native open dialog). `files:add` is refused in
 *   the browser host (`files/paths-unavailable`): a web page never has real paths.
 * - Browser host: upload each dropped or `<input type=file>` file with
 *   `PUT <base>/files?name=<encoded name>` (`<base>` is the page's secret URL, e.g.
 *   `fetch(new URL('files?name=' + encodeURIComponent(f.name), document.baseURI), { method: 'PUT', body: f })`);
 *   the body streams to disk (tens of GB are fine) and the answer is JSON `Result<FileEntry>`
 *   (HTTP 200 with `{ ok: true, value }`, or 4xx/5xx with `{ ok: false, error }`). Use
 *   XMLHttpRequest when upload progress is wanted. `files:pick` fails with
 *   `files/pick-unavailable` there.
 * Every entry says what was detected (format, gzip, encoding, delimiter, headers) or why it was
 * rejected; `files:set-options` overrides format or delimiter and re-reads the head.
 *
 * Mapping: the rules are pure (`shared/mapping/`): validate previews in the renderer with
 * `compileMapping` on `files:preview` records. `mapping:suggest` auto-matches, and
 * `mapping:dry-run` maps the whole file on the main side (in a worker) without sending.
 * A mapping file (the CLI's `--mapping` format) is loaded by the renderer itself
 * (`await file.text()` then `parseMapping(JSON.parse(text))`) and saved with `mapping:export`.
 *
 * Profiles: saved mappings tied to a header signature; a file whose headers match gets
 * `profileMatch` on its entry, and `profiles:match` lists every candidate.
 */
export const FILES_INVOKE = {
  /** Electron only: registers dropped files by real path; answers one entry per path. */
  'files:add': defineInvoke<readonly FileEntry[]>()(
    z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }).strict(),
  ),
  /** Electron only: the native open dialog; registers what was picked ([] when cancelled). */
  'files:pick': defineInvoke<readonly FileEntry[]>()(
    z.object({ multiple: z.boolean().optional() }).strict().optional(),
  ),
  /** Every registered file, in the order added. */
  'files:list': defineInvoke<readonly FileEntry[]>()(z.undefined()),
  /**
   * Forgets a file (an uploaded copy is deleted unless an upload still needs it for resume).
   * `removed` is false when the id was unknown.
   */
  'files:remove': defineInvoke<{ readonly removed: boolean }>()(
    z.object({ fileId: fileIdSchema }).strict(),
  ),
  /** Forces format and/or delimiter (absent fields go back to detection); re-reads the head. */
  'files:set-options': defineInvoke<FileEntry>()(
    z.object({ fileId: fileIdSchema, options: fileOptionsSchema }).strict(),
  ),
  /** The first records (default 1000, at most 1000) with inferred column types and problems. */
  'files:preview': defineInvoke<FilePreview>()(
    z
      .object({ fileId: fileIdSchema, limit: z.number().int().min(1).max(1000).optional() })
      .strict(),
  ),
  /**
   * Auto-match: for each stream column, a source column with a confidence (exact,
   * case-insensitive, normalised, synonym, fuzzy), judged on the first 1000 records; plus a
   * draft mapping for `stream` with date formats inferred from the samples.
   */
  'mapping:suggest': defineInvoke<MappingSuggestResult>()(
    z
      .object({
        fileId: fileIdSchema,
        stream: z.string().min(1).max(200),
        streamColumns: z.array(streamColumnSchema).min(1).max(1000),
      })
      .strict(),
  ),
  /**
   * Maps the WHOLE file without sending: counts of valid and failed records, failures by column
   * and reason (the `top` most frequent, default 20), time-window flags, dropped source fields,
   * requests. Runs in a worker; progress arrives as `mapping:dry-run-progress`. A second dry run
   * of the same file stops the first (which answers with `cancelled: true`).
   */
  'mapping:dry-run': defineInvoke<DryRunResult>()(
    z
      .object({
        fileId: fileIdSchema,
        mapping: mappingSchema,
        streamColumns: z.array(streamColumnSchema).max(1000).optional(),
        top: z.number().int().min(1).max(200).optional(),
      })
      .strict(),
  ),
  /** Stops a running dry run of a file; `cancelled` is false when none ran. */
  'mapping:dry-run-cancel': defineInvoke<{ readonly cancelled: boolean }>()(
    z.object({ fileId: fileIdSchema }).strict(),
  ),
  /**
   * Saves a mapping as a file in the CLI's `--mapping` format: a save dialog in Electron, a
   * one-time download in the browser host.
   */
  'mapping:export': defineInvoke<SaveOutcome>()(
    z
      .object({
        mapping: mappingSchema,
        fileName: z
          .string()
          .max(200)
          .regex(/^[^/\\:*?"<>|]+$/, 'not a file name')
          .optional(),
      })
      .strict(),
  ),
  /** Saved profiles, most recently updated first. */
  'profiles:list': defineInvoke<readonly MappingProfile[]>()(z.undefined()),
  /** Creates (no id) or replaces (id) a profile; headers from `fileId` or given. */
  'profiles:save': defineInvoke<MappingProfile>()(profileSaveSchema),
  /** `deleted` is false when no such profile existed. */
  'profiles:delete': defineInvoke<{ readonly deleted: boolean }>()(
    z.object({ id: profileIdSchema }).strict(),
  ),
  /** Profiles that fit a file's headers, best first (exact signature 1, partial ≥ 0.6). */
  'profiles:match': defineInvoke<readonly ProfileMatch[]>()(
    z.object({ fileId: fileIdSchema }).strict(),
  ),
} as const

/** File and mapping events. */
export const FILES_EVENTS = {
  /** About five a second while a dry run reads a file. */
  'mapping:dry-run-progress': defineEvent<{
    readonly fileId: string
    readonly bytesRead: number
    readonly bytesTotal: number
    readonly records: number
  }>(),
} as const
