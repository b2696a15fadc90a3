import { Component, type ErrorInfo, type ReactNode } from 'react'
import { toErrorData } from '../../../shared/errors/app-error'
import { presentError } from '../components/present-error'

interface Props {
  readonly children: ReactNode
}

interface State {
  readonly error: unknown
}

/**
 * Catches a render failure in one screen so the rest of the shell (nav, header) stays usable.
 * The shell keys it by screen, so moving to another screen starts afresh.
 */
export class ScreenErrorBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: unknown): State {
    return { error }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('LogDrop screen failed to render', error, info.componentStack)
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children
    const data = toErrorData(this.state.error)
    // A render failure stays in this window (no log file has it): the details are shown here.
    const shown =
      data.code === 'internal/bug'
        ? {
            ...data,
            message:
              'Something went wrong on this screen. The technical details below say what; include them when you report it.',
          }
        : data
    return presentError(shown, {
      title: 'This screen stopped working',
      onRetry: () => this.setState({ error: null }),
      testId: 'screen-error',
    })
  }
}
