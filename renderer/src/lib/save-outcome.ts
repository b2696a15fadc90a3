import type { SaveOutcome } from '../../../shared/models/history'

/**
 * Finishes an export: in the browser host the main side answers with a one-time download
 * address relative to the page's secret base, which is fetched through a temporary link (so
 * the browser saves it as a download); in Electron the file is already saved. Returns what to
 * tell the person.
 */
export function finishSave(outcome: SaveOutcome, baseUri: string = document.baseURI): string {
  switch (outcome.kind) {
    case 'cancelled':
      return 'Nothing was saved.'
    case 'saved':
      return `Saved ${outcome.fileName}${recordsNote(outcome.records)}.`
    case 'download': {
      const link = document.createElement('a')
      link.href = downloadUrl(outcome.url, baseUri)
      link.download = outcome.fileName
      link.rel = 'noopener'
      document.body.append(link)
      link.click()
      link.remove()
      return `Downloading ${outcome.fileName}${recordsNote(outcome.records)}.`
    }
  }
}

/** The absolute address of a download, kept under the page's base (never another origin). */
export function downloadUrl(relative: string, baseUri: string): string {
  const base = new URL(baseUri)
  const url = new URL(relative, base)
  if (url.origin !== base.origin) throw new Error(`download outside the app: ${relative}`)
  return url.toString()
}

function recordsNote(records: number | undefined): string {
  return records === undefined ? '' : ` (${records} ${records === 1 ? 'record' : 'records'})`
}
