import {
  settingsSchema,
  type CloudId,
  type Settings,
  type SettingsPatch,
  type ThemeChoice,
} from '../../../../shared/models/settings'

/** The Settings form's values as the inputs hold them (text until validated). */
export interface SettingsDraft {
  readonly cloud: CloudId
  readonly tenant: string
  readonly clientId: string
  readonly concurrency: string
  /** `auto` or a level `1`…`9`. */
  readonly gzipLevel: string
  readonly theme: ThemeChoice
}

export type SettingsField = keyof SettingsDraft

/** One message per field that does not pass the schema. */
export type FieldErrors = Readonly<Partial<Record<SettingsField, string>>>

export const SETTINGS_FIELDS: readonly SettingsField[] = [
  'cloud',
  'tenant',
  'clientId',
  'concurrency',
  'gzipLevel',
  'theme',
]

/**
 * What to tell the user when a field fails the schema. The schema decides validity; these say
 * what a valid value looks like, which zod's generic messages ("Invalid UUID") do not.
 */
const FIELD_HINTS: Readonly<Record<SettingsField, string>> = {
  cloud: 'Pick one of the listed clouds.',
  tenant: 'Enter a tenant ID (a GUID), a domain such as contoso.com, organizations or common.',
  clientId:
    'Enter an application (client) ID: a GUID such as 04b07795-8ddb-461a-bbee-02f9e1bf7b46.',
  concurrency: 'Enter a whole number from 1 to 64.',
  gzipLevel: 'Pick auto or a level from 1 to 9.',
  theme: 'Pick one of the listed themes.',
}

/** Form values for saved settings. */
export function draftFromSettings(settings: Settings): SettingsDraft {
  return {
    cloud: settings.cloud,
    tenant: settings.tenant,
    clientId: settings.clientId,
    concurrency: String(settings.concurrency),
    gzipLevel: String(settings.gzipLevel),
    theme: settings.theme,
  }
}

export type DraftCheck =
  | { readonly ok: true; readonly settings: Settings }
  | { readonly ok: false; readonly fieldErrors: FieldErrors }

/** Validates form values with the same zod schema the main side uses. */
export function checkDraft(draft: SettingsDraft): DraftCheck {
  const candidate = {
    ...draft,
    concurrency: toNumber(draft.concurrency),
    gzipLevel: draft.gzipLevel === 'auto' ? 'auto' : toNumber(draft.gzipLevel),
  }
  const parsed = settingsSchema.safeParse(candidate)
  if (parsed.success) return { ok: true, settings: parsed.data }
  const fieldErrors: Partial<Record<SettingsField, string>> = {}
  for (const issue of parsed.error.issues) {
    const field = issue.path[0]
    if (typeof field === 'string' && isSettingsField(field)) fieldErrors[field] = FIELD_HINTS[field]
  }
  return { ok: false, fieldErrors }
}

/** Only the fields that differ, so a save never overwrites a change made elsewhere. */
export function settingsPatch(saved: Settings, next: Settings): SettingsPatch {
  const patch: Record<string, unknown> = {}
  for (const field of SETTINGS_FIELDS) {
    if (saved[field] !== next[field]) patch[field] = next[field]
  }
  return patch
}

/** True when the form holds something other than the saved values. */
export function isDraftDirty(draft: SettingsDraft, saved: Settings): boolean {
  const clean = draftFromSettings(saved)
  return SETTINGS_FIELDS.some((field) => draft[field] !== clean[field])
}

/**
 * Brings newly arrived settings into the form without losing edits: a field the user has not
 * touched (still equal to the old saved value) takes the new value; an edited one stays.
 */
export function mergeIncoming(
  draft: SettingsDraft,
  oldSaved: Settings,
  incoming: Settings,
): SettingsDraft {
  const before = draftFromSettings(oldSaved)
  const after = draftFromSettings(incoming)
  const merged: Record<string, string> = {}
  for (const field of SETTINGS_FIELDS) {
    merged[field] = draft[field] === before[field] ? after[field] : draft[field]
  }
  return merged as unknown as SettingsDraft
}

function toNumber(text: string): number {
  const trimmed = text.trim()
  return trimmed === '' ? Number.NaN : Number(trimmed)
}

function isSettingsField(value: string): value is SettingsField {
  return (SETTINGS_FIELDS as readonly string[]).includes(value)
}
