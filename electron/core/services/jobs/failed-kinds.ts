import type {
  FailedFilter,
  FailedKindView,
  FailedRecordView,
  FailedSummary,
} from '../../../../shared/models/history'

/** What a failed record is counted and filtered by. */
export type FailedFacts = Pick<
  FailedRecordView,
  'cause' | 'code' | 'column' | 'fileIndex' | 'fileName' | 'message'
>

/**
 * Counts failed records by cause, code and column, and by file, in one pass over the store, so
 * the workbench can group thousands of failures without holding them.
 */
export class FailedTally {
  private readonly kinds = new Map<string, { view: Omit<FailedKindView, 'count'>; count: number }>()
  private readonly files = new Map<number, { name: string; count: number }>()

  add(facts: FailedFacts): void {
    // Parse errors carry a reader code per entry; they group by cause alone.
    const code = facts.cause === 'parse' ? null : facts.code
    const key = JSON.stringify([facts.cause, code, facts.column])
    const kind = this.kinds.get(key)
    if (kind === undefined) {
      this.kinds.set(key, {
        view: { cause: facts.cause, code, column: facts.column, exampleMessage: facts.message },
        count: 1,
      })
    } else kind.count += 1
    const file = this.files.get(facts.fileIndex)
    if (file === undefined) this.files.set(facts.fileIndex, { name: facts.fileName, count: 1 })
    else file.count += 1
  }

  summary(): Pick<FailedSummary, 'kinds' | 'files'> {
    return {
      kinds: [...this.kinds.values()]
        .map(({ view, count }) => ({ ...view, count }))
        .sort((a, b) => b.count - a.count),
      files: [...this.files.entries()]
        .map(([fileIndex, file]) => ({ fileIndex, name: file.name, count: file.count }))
        .sort((a, b) => a.fileIndex - b.fileIndex),
    }
  }
}

/** True when a failed record matches every field the filter gives. */
export function matchesFilter(facts: FailedFacts, filter: FailedFilter): boolean {
  if (filter.cause !== undefined && facts.cause !== filter.cause) return false
  if (filter.code !== undefined && facts.code !== filter.code) return false
  if (filter.column !== undefined && facts.column !== filter.column) return false
  if (filter.fileIndex !== undefined && facts.fileIndex !== filter.fileIndex) return false
  const text = filter.text?.trim().toLowerCase() ?? ''
  return text === '' || facts.message.toLowerCase().includes(text)
}

/** True when the filter narrows anything (an empty one means every record). */
export function isFiltered(filter: FailedFilter): boolean {
  return (
    filter.cause !== undefined ||
    filter.code !== undefined ||
    filter.column !== undefined ||
    filter.fileIndex !== undefined ||
    (filter.text?.trim() ?? '') !== ''
  )
}

/** The filter fields of a request (the rest, such as the upload's id, left out). */
export function filterOf(request: FailedFilter): FailedFilter {
  const { cause, code, column, fileIndex, text } = request
  return { cause, code, column, fileIndex, text }
}
