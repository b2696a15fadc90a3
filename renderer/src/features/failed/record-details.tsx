import {
  Button,
  Card,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { CheckmarkRegular, DismissRegular, EditRegular } from '@fluentui/react-icons'
import type { Dispatch } from 'react'
import type { FailedRecordView } from '../../../../shared/models/history'
import { useApi } from '../../app/api-context'
import { presentError } from '../../components/present-error'
import { useJourneyStyles } from '../files/journey-styles'
import type { EditState, FailedAction } from './failed-state'
import { CAUSES, causeLabel } from './failure-causes'
import { parseEdit, sourceText } from './record-edit'

const useStyles = makeStyles({
  columns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  editor: { fontFamily: tokens.fontFamilyMonospace, minHeight: '180px' },
  label: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontWeight: tokens.fontWeightSemibold },
})

/**
 * One failed record in full: where it came from, the source row, the mapped record, the error,
 * status and request ids; and the inline JSON editor that checks the edit with the upload's
 * rules before saving it for the retry.
 */
export function RecordDetails({
  jobId,
  record,
  edit,
  dispatch,
  onSaved,
  prefillFor,
}: {
  readonly prefillFor: (record: FailedRecordView) => Readonly<Record<string, unknown>> | null
  readonly jobId: string
  readonly record: FailedRecordView | null
  readonly edit: EditState | null
  readonly dispatch: Dispatch<FailedAction>
  readonly onSaved: () => void
}) {
  const styles = useStyles()
  const journey = useJourneyStyles()
  const api = useApi()
  if (record === null) return null
  const editing = edit !== null && edit.recordId === record.id

  const save = async () => {
    if (edit === null) return
    const parsed = parseEdit(edit.text)
    dispatch({ type: 'edit-saving' })
    if (!parsed.ok) return
    const result = await api.invoke('failed:update', {
      jobId,
      recordId: record.id,
      record: parsed.record as Record<string, never>,
    })
    dispatch({ type: 'edit-saved', result })
    if (result.ok && result.value.valid) onSaved()
  }

  const where = `${record.fileName}${record.line === null ? '' : `, line ${record.line}`}`
  return (
    <Card className={journey.card} data-testid="failed-details" data-record-id={record.id}>
      <Subtitle2 as="h2" className={journey.title}>
        {where}
      </Subtitle2>
      <dl className={journey.facts}>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Cause</dt>
          <dd className={journey.factValue}>{causeLabel(record.cause)}</dd>
        </div>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>HTTP status</dt>
          <dd className={journey.factValue}>{record.status ?? '–'}</dd>
        </div>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Code</dt>
          <dd className={`${journey.factValue} ${journey.breakAll}`}>{record.code ?? '–'}</dd>
        </div>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Request ID</dt>
          <dd className={`${journey.mono} ${journey.breakAll}`} data-testid="failed-request-id">
            {record.requestId ?? '–'}
          </dd>
        </div>
        <div className={journey.fact}>
          <dt className={journey.factTerm}>Client request ID</dt>
          <dd className={`${journey.mono} ${journey.breakAll}`}>{record.clientRequestId ?? '–'}</dd>
        </div>
      </dl>
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Error</MessageBarTitle>
          <span data-testid="failed-message">{record.message}</span>
        </MessageBarBody>
      </MessageBar>
      <div className={styles.columns}>
        <section>
          <p className={styles.label}>Source (as in the file)</p>
          <pre
            className={journey.code}
            role="region"
            aria-label="Source record"
            tabIndex={0}
            data-testid="failed-source"
          >
            {sourceText(record.source)}
          </pre>
        </section>
        <section>
          <p className={styles.label}>
            {record.edited !== null ? 'Edited record (sent on retry)' : 'Mapped record (as sent)'}
          </p>
          <pre
            className={journey.code}
            role="region"
            aria-label={record.edited !== null ? 'Edited record' : 'Mapped record'}
            tabIndex={0}
            data-testid="failed-mapped"
          >
            {record.edited !== null
              ? JSON.stringify(record.edited, null, 2)
              : record.mapped === null
                ? '(mapping failed: no record was made)'
                : JSON.stringify(record.mapped, null, 2)}
          </pre>
        </section>
      </div>
      {!editing ? (
        <div className={journey.row}>
          <Button
            icon={<EditRegular />}
            onClick={() => dispatch({ type: 'edit-started', record, prefill: prefillFor(record) })}
            data-testid="failed-edit"
          >
            Edit the record
          </Button>
          {CAUSES[record.cause].editable ? null : (
            <span className={journey.secondary}>
              Editing rarely helps here: {CAUSES[record.cause].advice}
            </span>
          )}
        </div>
      ) : (
        <>
          <Field
            label="The record to send, as JSON (stream column → value)"
            hint="Checked with the upload's rules (column names, types, the time window) when you save."
            validationState={edit.parseError === null ? 'none' : 'error'}
            validationMessage={edit.parseError ?? undefined}
          >
            <Textarea
              textarea={{ className: styles.editor }}
              resize="vertical"
              value={edit.text}
              onChange={(_event, data) => dispatch({ type: 'edit-changed', text: data.value })}
              data-testid="failed-editor"
              spellCheck={false}
            />
          </Field>
          <div className={journey.row}>
            <Button
              appearance="primary"
              icon={<CheckmarkRegular />}
              disabled={edit.saving || edit.parseError !== null}
              onClick={() => void save()}
              data-testid="failed-edit-save"
            >
              {edit.saving ? 'Checking…' : 'Check and save'}
            </Button>
            <Button icon={<DismissRegular />} onClick={() => dispatch({ type: 'edit-closed' })}>
              Close the editor
            </Button>
          </div>
          {edit.error === null
            ? null
            : presentError(edit.error, { title: 'Could not save the edit' })}
          {edit.validation === null ? null : edit.validation.valid ? (
            <MessageBar intent="success" data-testid="failed-edit-valid">
              <MessageBarBody>
                The record passes the checks and is saved; a retry sends it as edited.
              </MessageBarBody>
            </MessageBar>
          ) : (
            <MessageBar intent="error" layout="multiline" data-testid="failed-edit-invalid">
              <MessageBarBody>
                <MessageBarTitle>The record does not pass yet</MessageBarTitle>
                <ul className={journey.list}>
                  {edit.validation.issues.map((issue, index) => (
                    <li key={index}>
                      <strong>{issue.column}</strong>: {issue.reason}
                    </li>
                  ))}
                </ul>
              </MessageBarBody>
            </MessageBar>
          )}
        </>
      )}
    </Card>
  )
}
