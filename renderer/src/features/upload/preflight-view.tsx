import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components'
import { userMessage } from '../../../../shared/errors/messages'
import { formatCount, plural } from '../../lib/units'
import { causeLabel } from '../failed/failure-causes'
import type { PreflightSummary } from './preflight'

/** What the whole-file check says the upload would do: sent, failed, and the top reasons. */
export function PreflightFacts({ summary }: { readonly summary: PreflightSummary }) {
  const failing = summary.failed > 0
  return (
    <MessageBar
      intent={summary.valid === 0 ? 'error' : failing ? 'warning' : 'success'}
      layout="multiline"
      data-testid="upload-preflight"
      data-valid={summary.valid}
      data-failed={summary.failed}
    >
      <MessageBarBody>
        <MessageBarTitle>
          {formatCount(summary.valid)} of {plural(summary.records, 'record')} would be sent
          {failing ? `, ${formatCount(summary.failed)} would fail` : ''}
        </MessageBarTitle>
        {summary.byCause.length === 0 ? null : (
          <ul aria-label="Why records would fail">
            {summary.byCause.map(({ cause, count }) => (
              <li key={cause}>
                {causeLabel(cause)}: {formatCount(count)}
              </li>
            ))}
            {summary.reasons.map((reason) => (
              <li key={`${reason.column}-${reason.code}`}>
                {reason.column === '' ? '' : `${reason.column}: `}
                {reason.example ?? userMessage(reason.code)} ({formatCount(reason.count)})
              </li>
            ))}
          </ul>
        )}
        {summary.timeWindowFlags > 0
          ? `${plural(summary.timeWindowFlags, 'record')} have a time Azure will replace. `
          : ''}
        {failing ? <Link href="#/map">Review the mapping</Link> : null}
      </MessageBarBody>
    </MessageBar>
  )
}

/** Asks before an upload that the check says would mostly fail. */
export function PreflightConfirm({
  summary,
  onConfirm,
  onCancel,
}: {
  readonly summary: PreflightSummary | null
  readonly onConfirm: () => void
  readonly onCancel: () => void
}) {
  return (
    <Dialog
      modalType="alert"
      open={summary !== null}
      onOpenChange={(_event, data) => {
        if (!data.open) onCancel()
      }}
    >
      <DialogSurface data-testid="upload-preflight-dialog">
        <DialogBody>
          <DialogTitle>
            {summary?.valid === 0
              ? 'No record would be sent'
              : `${formatCount(summary?.failed ?? 0)} of ${formatCount(summary?.records ?? 0)} records would fail`}
          </DialogTitle>
          <DialogContent>
            {summary === null ? null : <PreflightFacts summary={summary} />}
            Failed records are kept for you to fix and retry, but fixing the mapping first is
            usually quicker.
          </DialogContent>
          <DialogActions>
            <Button onClick={onCancel} appearance="primary" data-testid="upload-preflight-back">
              Go back and fix it
            </Button>
            <Button onClick={onConfirm} data-testid="upload-preflight-confirm">
              Upload anyway
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
