import type { FileEntry, PreviewColumn } from '../../../../shared/models/files'
import type { MappingProfile } from '../../../../shared/models/profiles'
import type { StreamColumn as DeclaredColumn } from '../../../../shared/models/target'
import { suggestColumnName } from '../../../../shared/mapping/column-names'
import type { StreamColumn } from '../../../../shared/mapping/mapping-schema'
import { asColumnType } from './mapping-draft'

/**
 * What a mapping is made for: one "shape" of file (files whose headers match share a mapping)
 * and the stream's columns. Pure helpers the provider and the screens share.
 */

/**
 * Files with the same headers (order and case ignored): one mapping serves them all, unless the
 * person maps them one by one (then each file is its own shape).
 */
export interface FileShape {
  readonly key: string
  /** The header signature the files share (the key, unless the shape was split per file). */
  readonly signature: string
  /** How many usable files have this signature (more than `files` when split). */
  readonly sameColumns: number
  readonly files: readonly FileEntry[]
  readonly headers: readonly string[]
  /** `sample.csv`, or `sample.csv and 2 more`. */
  readonly label: string
}

/**
 * Groups the usable files by header signature, in the order they were added; signatures in
 * `separate` get one shape per file (keyed `signature#fileId`), so each has its own mapping.
 */
export function fileShapes(
  entries: readonly FileEntry[],
  separate: ReadonlySet<string> = new Set(),
): FileShape[] {
  const shapes = new Map<string, FileEntry[]>()
  for (const entry of entries) {
    if (entry.rejection !== null) continue
    const key = entry.headerSignature ?? entry.id
    const list = shapes.get(key) ?? []
    list.push(entry)
    shapes.set(key, list)
  }
  return [...shapes.entries()].flatMap(([key, files]): FileShape[] => {
    const first = files[0] as FileEntry
    if (separate.has(key) && files.length > 1) {
      return files.map((file) => ({
        key: `${key}#${file.id}`,
        signature: key,
        sameColumns: files.length,
        files: [file],
        headers: file.headers,
        label: file.name,
      }))
    }
    return [
      {
        key,
        signature: key,
        sameColumns: files.length,
        files,
        headers: first.headers,
        label:
          files.length === 1
            ? first.name
            : `${first.name} and ${files.length - 1} more with the same columns`,
      },
    ]
  })
}

/** The columns a mapping is checked against, and where they came from. */
export interface TargetColumns {
  readonly columns: readonly StreamColumn[]
  /**
   * `stream`: the DCR's declaration (from discovery). `file`: assumed from the file, because a
   * target typed by hand comes without its columns; the person must check them.
   */
  readonly origin: 'stream' | 'file'
  /** Declared columns of a type LogDrop does not know (left out). */
  readonly unsupported: readonly string[]
}

/** The stream's declared columns, or (manual target) columns proposed from the file. */
export function targetColumns(
  declared: readonly DeclaredColumn[] | null,
  previewColumns: readonly PreviewColumn[],
): TargetColumns {
  if (declared !== null && declared.length > 0) {
    const columns: StreamColumn[] = []
    const unsupported: string[] = []
    for (const column of declared) {
      const type = asColumnType(column.type)
      if (type === null) unsupported.push(column.name)
      else columns.push({ name: column.name, type })
    }
    return { columns, origin: 'stream', unsupported }
  }
  const seen = new Set<string>()
  const columns: StreamColumn[] = []
  for (const column of previewColumns) {
    const name = column.nameIssues.length > 0 ? suggestColumnName(column.name) : column.name
    if (seen.has(name.toLowerCase())) continue
    seen.add(name.toLowerCase())
    columns.push({ name, type: column.guess.type })
  }
  return { columns, origin: 'file', unsupported: [] }
}

/** Identifies a draft: a new stream, new columns or new headers start a new one. */
export function sessionKey(
  stream: string,
  columns: readonly StreamColumn[],
  shape: FileShape,
): string {
  return JSON.stringify([stream, columns.map((c) => `${c.name}:${c.type}`), shape.key])
}

/**
 * The profile to apply on open: the file's exact header match (score 1), when it was saved for
 * this stream. A profile for another stream is offered, not applied.
 */
export function profileForShape(
  shape: FileShape,
  profiles: readonly MappingProfile[],
  stream: string,
): { readonly apply: MappingProfile | null; readonly offer: MappingProfile | null } {
  const match = shape.files.map((file) => file.profileMatch).find((m) => m !== null) ?? null
  const exact = profiles.find(
    (profile) =>
      profile.headerSignature === shape.signature ||
      (match !== null && match.score === 1 && profile.id === match.profileId),
  )
  if (exact === undefined) {
    const partial = match === null ? undefined : profiles.find((p) => p.id === match.profileId)
    return { apply: null, offer: partial ?? null }
  }
  return exact.stream === stream ? { apply: exact, offer: null } : { apply: null, offer: exact }
}

/** Where a row of the combined preview comes from: the file's name and the record's line. */
export function rowSource(
  parts: ReadonlyArray<{ readonly name: string; readonly lines: readonly number[] }>,
  row: number,
): { readonly name: string; readonly line: number } | null {
  let rest = row
  for (const part of parts) {
    if (rest < part.lines.length) return { name: part.name, line: part.lines[rest] ?? rest + 1 }
    rest -= part.lines.length
  }
  return null
}

/** `events.csv line 8` for a row of the combined preview (`row 8` if unknown). */
export function rowLabel(
  parts: ReadonlyArray<{ readonly name: string; readonly lines: readonly number[] }>,
  row: number,
): string {
  const source = rowSource(parts, row)
  return source === null ? `row ${row + 1}` : `${source.name} line ${source.line}`
}
