import {
  Toast,
  ToastBody,
  ToastTitle,
  Toaster,
  useId,
  useToastController,
} from '@fluentui/react-components'
import { createContext, use, useCallback, useEffect, useMemo, type ReactNode } from 'react'
import { useApi } from './api-context'

export type NoticeLevel = 'info' | 'warning' | 'error' | 'success'

type Notify = (level: NoticeLevel, title: string, body?: string) => void

const NoticeContext = createContext<Notify | null>(null)

const TITLES: Readonly<Record<'info' | 'warning' | 'error', string>> = {
  info: 'For your information',
  warning: 'Warning',
  error: 'Something went wrong',
}

/**
 * Short-lived messages in a corner: `app:notice` events from the main side (background
 * failures) and confirmations from places with no room for a MessageBar.
 */
export function NoticesProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi()
  const toasterId = useId('notices')
  const { dispatchToast } = useToastController(toasterId)

  const notify = useCallback<Notify>(
    (level, title, body) =>
      dispatchToast(
        <Toast data-testid="notice">
          <ToastTitle>{title}</ToastTitle>
          {body === undefined ? null : <ToastBody>{body}</ToastBody>}
        </Toast>,
        { intent: level, timeout: level === 'error' ? 10_000 : 5_000 },
      ),
    [dispatchToast],
  )

  useEffect(
    () => api.on('app:notice', (notice) => notify(notice.level, TITLES[notice.level], notice.text)),
    [api, notify],
  )

  const value = useMemo(() => notify, [notify])
  return (
    <NoticeContext value={value}>
      {children}
      <Toaster toasterId={toasterId} position="bottom-end" pauseOnHover pauseOnWindowBlur />
    </NoticeContext>
  )
}

/** Shows a toast notice. */
export function useNotify(): Notify {
  const notify = use(NoticeContext)
  if (notify === null) throw new Error('useNotify() needs a <NoticesProvider> above it')
  return notify
}
