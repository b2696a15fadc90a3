import {
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Text,
} from '@fluentui/react-components'
import { CheckmarkRegular } from '@fluentui/react-icons'
import { manualValidation, visibleIssues, type ManualField } from './manual-form'
import { chosenFromManual, sameTarget } from './target-store'
import { useChosenTarget } from './target-store-provider'
import { useTargetStyles } from './target-styles'
import type { ManualFormValue } from './use-manual-form'

const FIELDS: ReadonlyArray<{
  readonly field: ManualField
  readonly label: string
  readonly hint: string
  readonly placeholder: string
}> = [
  {
    field: 'endpoint',
    label: 'Logs ingestion endpoint',
    hint: 'The data collection endpoint’s logs ingestion URL, or the DCR’s own endpoint (kind Direct).',
    placeholder: 'https://my-dce-abcd.westeurope-1.ingest.monitor.azure.com',
  },
  {
    field: 'dcrImmutableId',
    label: 'DCR immutable ID',
    hint: 'dcr- and 32 hex digits: the immutableId in the rule’s JSON view (not its resource ID).',
    placeholder: 'dcr-00000000000000000000000000000000',
  },
  {
    field: 'streamName',
    label: 'Stream name',
    hint: 'The rule’s input stream, such as Custom-AppEvents (not the _CL table).',
    placeholder: 'Custom-AppEvents',
  },
]

/**
 * "Enter manually": for people without ARM read access. Validated as they go with the same
 * rules the main side applies; a valid entry becomes the chosen target.
 */
export function ManualPanel({ manual }: { readonly manual: ManualFormValue }) {
  const styles = useTargetStyles()
  const { chosen, choose } = useChosenTarget()
  const { form } = manual
  const issues = visibleIssues(form)
  const validation = manualValidation(form)
  const isChosen =
    validation.valid && chosen !== null && sameTarget(chosen.target, validation.target)

  return (
    <Card className={styles.card} data-testid="manual-card">
      <CardHeader
        header={
          <Subtitle2 as="h2" className={styles.title}>
            Enter the target
          </Subtitle2>
        }
        description={
          <Text size={200}>
            For when your account may not read the rule in Azure: ask its owner for these three
            values.
          </Text>
        }
      />
      {form.prefilledFrom.length === 0 ? null : (
        <Text size={200} data-testid="manual-prefilled">
          Prefilled from {form.prefilledFrom.join(', ')}.
        </Text>
      )}
      <form
        className={styles.stack}
        noValidate
        aria-label="Target entered manually"
        onSubmit={(event) => {
          event.preventDefault()
          manual.submit()
          if (validation.valid) {
            choose(chosenFromManual(validation.target))
            return
          }
          const first = event.currentTarget
          requestAnimationFrame(() =>
            first.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
          )
        }}
        data-testid="manual-form"
      >
        {FIELDS.map(({ field, label, hint, placeholder }) => {
          const issue = issues[field]
          return (
            <Field
              key={field}
              label={label}
              hint={hint}
              required
              {...(issue === undefined
                ? {}
                : { validationState: 'error' as const, validationMessage: issue })}
            >
              <Input
                value={form.draft[field]}
                placeholder={placeholder}
                spellCheck={false}
                autoComplete="off"
                onChange={(_event, data) => manual.edit(field, data.value)}
                onBlur={() => manual.leave(field)}
                data-testid={`manual-${field}`}
              />
            </Field>
          )
        })}
        {validation.hints.length === 0 ? null : (
          <MessageBar intent="info" layout="multiline" data-testid="manual-hints">
            <MessageBarBody>{validation.hints.join(' ')}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.row}>
          <Button
            type="submit"
            appearance="primary"
            icon={<CheckmarkRegular />}
            data-testid="manual-use"
          >
            Use this target
          </Button>
          {isChosen ? <Text data-testid="manual-chosen">This is the chosen target.</Text> : null}
        </div>
      </form>
    </Card>
  )
}
