import { describe, expect, it } from 'vitest'
import {
  EMPTY_MANUAL_FORM,
  initialManualForm,
  manualFormReducer,
  manualValidation,
  visibleIssues,
  type ManualFormAction,
  type ManualFormState,
} from './manual-form'

const defaults = {
  endpoint: 'https://dce-x.westeurope-1.ingest.monitor.azure.com',
  dcrImmutableId: 'dcr-cb800baa5db0f56db1fcdb705db87261',
  streamName: 'Custom-AppEvents',
  fromEnvironment: ['AZURE_DCE_ENDPOINT', 'AZURE_DCR_RULE_ID', 'AZURE_DCR_STREAM_NAME'],
}

function run(actions: readonly ManualFormAction[], from: ManualFormState = EMPTY_MANUAL_FORM) {
  return actions.reduce(manualFormReducer, from)
}

describe('manual target form', () => {
  it('prefills from the environment until the person types', () => {
    const prefilled = run([{ type: 'defaults-loaded', defaults }])
    expect(prefilled.draft.streamName).toBe('Custom-AppEvents')
    expect(prefilled.prefilledFrom).toContain('AZURE_DCR_RULE_ID')
    const v = manualValidation(prefilled)
    expect(v.valid && v.target.endpoint).toBe(defaults.endpoint)

    const typed = run([
      { type: 'edited', field: 'streamName', value: 'Custom-Mine' },
      { type: 'defaults-loaded', defaults },
    ])
    expect(typed.draft.streamName).toBe('Custom-Mine')
    expect(typed.draft.endpoint).toBe('')
  })

  it('shows a problem once the person filled in and left the field, and all after submitting', () => {
    const typing = run([{ type: 'edited', field: 'dcrImmutableId', value: '/subscriptions/abc' }])
    expect(visibleIssues(typing)).toEqual({})
    const left = run([{ type: 'left', field: 'dcrImmutableId' }], typing)
    expect(visibleIssues(left).dcrImmutableId).toMatch(/immutable ID/)
    expect(visibleIssues(left).endpoint).toBeUndefined()
    // Leaving a field empty is not an error yet; submitting makes it one.
    const leftEmpty = run([{ type: 'left', field: 'endpoint' }], left)
    expect(visibleIssues(leftEmpty).endpoint).toBeUndefined()
    const submitted = run([{ type: 'submitted' }], left)
    expect(Object.keys(visibleIssues(submitted)).sort()).toEqual([
      'dcrImmutableId',
      'endpoint',
      'streamName',
    ])
  })

  it('accepts a valid target, normalising it, and gives advice that does not block', () => {
    const form = run([
      { type: 'edited', field: 'endpoint', value: ' https://Example.ingest.monitor.azure.com/ ' },
      { type: 'edited', field: 'dcrImmutableId', value: 'DCR-CB800BAA5DB0F56DB1FCDB705DB87261' },
      { type: 'edited', field: 'streamName', value: 'Custom-AppEvents_CL' },
      { type: 'submitted' },
    ])
    const v = manualValidation(form)
    expect(v.valid).toBe(true)
    if (!v.valid) return
    expect(v.target).toEqual({
      endpoint: 'https://example.ingest.monitor.azure.com',
      dcrImmutableId: 'dcr-cb800baa5db0f56db1fcdb705db87261',
      streamName: 'Custom-AppEvents_CL',
    })
    expect(v.hints.join(' ')).toMatch(/output stream/)
    expect(visibleIssues(form)).toEqual({})
  })

  it('starts from a target chosen by hand earlier, with nothing marked', () => {
    const form = initialManualForm({
      endpoint: defaults.endpoint,
      dcrImmutableId: defaults.dcrImmutableId,
      streamName: 'Custom-X',
    })
    expect(form.draft.streamName).toBe('Custom-X')
    expect(form.edited).toBe(true)
    expect(form.submitted).toBe(false)
    // A later prefill does not overwrite it.
    expect(manualFormReducer(form, { type: 'defaults-loaded', defaults }).draft.streamName).toBe(
      'Custom-X',
    )
    expect(initialManualForm(null)).toBe(EMPTY_MANUAL_FORM)
  })
})
