import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  type ButtonProps,
} from '@fluentui/react-components'
import type { ReactNode } from 'react'

export interface ConfirmButtonProps {
  /** The button that opens the question (its own props: icon, disabled, test id…). */
  readonly trigger: ButtonProps & { readonly 'data-testid'?: string }
  readonly label: ReactNode
  readonly title: string
  readonly children: ReactNode
  /** The confirming action's label ("Cancel the upload"), never a bare "OK". */
  readonly confirmLabel: string
  /** The label that keeps things as they are ("Keep uploading"). */
  readonly keepLabel: string
  readonly onConfirm: () => void
  readonly testId: string
}

/** A button whose action is asked for once more, in a modal dialog, before it runs. */
export function ConfirmButton({
  trigger,
  label,
  title,
  children,
  confirmLabel,
  keepLabel,
  onConfirm,
  testId,
}: ConfirmButtonProps) {
  return (
    <Dialog modalType="alert">
      <DialogTrigger disableButtonEnhancement>
        <Button {...trigger}>{label}</Button>
      </DialogTrigger>
      <DialogSurface data-testid={testId}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>{children}</DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="primary" onClick={onConfirm} data-testid={`${testId}-confirm`}>
                {confirmLabel}
              </Button>
            </DialogTrigger>
            <DialogTrigger disableButtonEnhancement>
              <Button data-testid={`${testId}-keep`}>{keepLabel}</Button>
            </DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  )
}
