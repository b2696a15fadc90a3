/**
 * A source record as plain JSON values, safe for structured clone and for JSON frames: bigint
 * becomes its digits as text, anything JSON cannot carry is dropped.
 */
export function toJsonSafe(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  try {
    return JSON.parse(
      JSON.stringify(record, (_key, value: unknown) =>
        typeof value === 'bigint' ? value.toString() : value,
      ),
    ) as Record<string, unknown>
  } catch {
    return { _unreadable: 'This record could not be shown.' }
  }
}
