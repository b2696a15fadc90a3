/**
 * True when any of the texts contains the search, ignoring case and surrounding spaces; an
 * empty search matches everything. Used for subscriptions (name or id) and DCRs.
 */
export function matchesSearch(search: string | undefined, ...texts: readonly string[]): boolean {
  const needle = (search ?? '').trim().toLowerCase()
  if (needle === '') return true
  return texts.some((text) => text.toLowerCase().includes(needle))
}
