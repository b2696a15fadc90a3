import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/models/settings'
import {
  checkDraft,
  draftFromSettings,
  isDraftDirty,
  mergeIncoming,
  settingsPatch,
} from './settings-form'

const draft = draftFromSettings(DEFAULT_SETTINGS)

describe('checkDraft', () => {
  it('accepts the defaults and turns text back into numbers', () => {
    expect(checkDraft(draft)).toEqual({ ok: true, settings: DEFAULT_SETTINGS })
    const tuned = checkDraft({ ...draft, concurrency: ' 12 ', gzipLevel: '9' })
    expect(tuned.ok && tuned.settings).toMatchObject({ concurrency: 12, gzipLevel: 9 })
  })

  it('trims the tenant like the main side does', () => {
    const check = checkDraft({ ...draft, tenant: '  contoso.onmicrosoft.com ' })
    expect(check.ok && check.settings.tenant).toBe('contoso.onmicrosoft.com')
  })

  it('names every failing field with a hint saying what is valid', () => {
    const check = checkDraft({
      ...draft,
      tenant: 'contoso tenant!',
      clientId: 'not-a-guid',
      concurrency: '0',
      gzipLevel: '12',
    })
    expect(check.ok).toBe(false)
    expect(!check.ok && check.fieldErrors).toEqual({
      tenant: expect.stringMatching(/^Enter a tenant ID/),
      clientId: expect.stringMatching(/GUID/),
      concurrency: 'Enter a whole number from 1 to 64.',
      gzipLevel: 'Pick auto or a level from 1 to 9.',
    })
  })

  it('rejects an empty or fractional concurrency', () => {
    for (const concurrency of ['', '   ', '2.5', 'six', '65']) {
      const check = checkDraft({ ...draft, concurrency })
      expect(!check.ok && Object.keys(check.fieldErrors)).toEqual(['concurrency'])
    }
  })
})

describe('settingsPatch and isDraftDirty', () => {
  it('sends only the fields that changed', () => {
    const next: Settings = { ...DEFAULT_SETTINGS, theme: 'dark', concurrency: 3 }
    expect(settingsPatch(DEFAULT_SETTINGS, next)).toEqual({ theme: 'dark', concurrency: 3 })
    expect(settingsPatch(DEFAULT_SETTINGS, DEFAULT_SETTINGS)).toEqual({})
  })

  it('is dirty only when a value differs from the saved one', () => {
    expect(isDraftDirty(draft, DEFAULT_SETTINGS)).toBe(false)
    expect(isDraftDirty({ ...draft, tenant: 'common' }, DEFAULT_SETTINGS)).toBe(true)
  })
})

describe('mergeIncoming', () => {
  it('takes new values for untouched fields and keeps the user edits', () => {
    const edited = { ...draft, tenant: 'contoso.com' }
    const incoming: Settings = { ...DEFAULT_SETTINGS, theme: 'dark', tenant: 'common' }
    expect(mergeIncoming(edited, DEFAULT_SETTINGS, incoming)).toEqual({
      ...draft,
      theme: 'dark',
      tenant: 'contoso.com',
    })
  })
})
