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
    return presentError(toErrorData(this.state.error), {
      title: 'This screen stopped working',
      onRetry: () => this.setState({ error: null }),
      testId: 'screen-error',
    })
  }
}
