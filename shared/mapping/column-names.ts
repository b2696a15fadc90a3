/**
 * Log Analytics column-name rules (reference §2.2): a name starts with a letter, holds only
 * letters, digits and `_`, has at most 45 characters, and is not reserved. Reserved names are
 * compared without regard to case, since a table cannot hold two columns that differ only in case.
 */

/** Longest column name Log Analytics accepts. */
export const MAX_COLUMN_NAME_LENGTH = 45

/** Names Log Analytics keeps for itself. */
export const RESERVED_COLUMN_NAMES = [
  '_ResourceId',
  'id',
  '_SubscriptionId',
  'TenantId',
  'Type',
  'UniqueId',
  'Title',
] as const

const RESERVED = new Set(RESERVED_COLUMN_NAMES.map((name) => name.toLowerCase()))

/** Every rule a name breaks, in words; empty when the name is valid. */
export function checkColumnName(name: string): string[] {
  const reasons: string[] = []
  if (name.length === 0) return ['The name is empty.']
  if (!/^[A-Za-z]/.test(name)) reasons.push('It must start with a letter.')
  const bad = [...new Set(name.replace(/[A-Za-z0-9_]/g, ''))]
  if (bad.length > 0) {
    const shown = bad.map((ch) => (ch === ' ' ? 'space' : `"${ch}"`)).join(', ')
    reasons.push(`Only letters, digits and _ are allowed (found ${shown}).`)
  }
  if (name.length > MAX_COLUMN_NAME_LENGTH) {
    reasons.push(`It has ${name.length} characters; at most ${MAX_COLUMN_NAME_LENGTH} are allowed.`)
  }
  if (RESERVED.has(name.toLowerCase())) reasons.push(`${name} is a reserved name.`)
  return reasons
}

/**
 * A valid name close to the given one (for proposing table columns from file headers):
 * other characters become `_`, a leading non-letter gets a `c` in front, reserved names get a
 * `_s` suffix, and long names are cut to 45 characters.
 */
export function suggestColumnName(name: string): string {
  let fixed = name
    .trim()
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
  if (fixed === '') fixed = 'Column'
  if (!/^[A-Za-z]/.test(fixed)) fixed = `c${fixed}`
  if (RESERVED.has(fixed.toLowerCase())) fixed = `${fixed}_s`
  return fixed.slice(0, MAX_COLUMN_NAME_LENGTH)
}
