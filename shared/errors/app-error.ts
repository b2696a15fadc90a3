import { userMessage, type AppErrorCode } from './messages'

export type { AppErrorCode } from './messages'

/**
 * An expected failure as plain, structured-clone-safe data.
 *
 * `message` is for people and comes from one table (messages.ts); `detail` is for logs and
 * must never hold a secret.
 */
export interface AppErrorData {
  readonly code: AppErrorCode
  readonly message: string
  readonly detail?: string
  readonly retryable: boolean
}

/** An expected failure (bad input, network, service error), as opposed to a bug. */
export class AppError extends Error {
  override readonly name = 'AppError'
  readonly code: AppErrorCode
  readonly retryable: boolean
  /** Replaces the table's user-facing message when the situation needs a more specific one. */
  readonly userText: string | undefined

  constructor(
    code: AppErrorCode,
    detail: string,
    options?: { cause?: unknown; retryable?: boolean; userText?: string },
  ) {
    super(detail, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.retryable = options?.retryable ?? false
    this.userText = options?.userText
  }
}

/** True for AppError, also across realms (worker threads, bundles) where instanceof fails. */
export function isAppError(error: unknown): error is AppError {
  return (
    error instanceof AppError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { name?: unknown }).name === 'AppError' &&
      typeof (error as { code?: unknown }).code === 'string')
  )
}

/** Turns any thrown value into AppErrorData; anything that is not an AppError is a bug. */
export function toErrorData(error: unknown): AppErrorData {
  if (isAppError(error)) {
    return {
      code: error.code,
      message: error.userText ?? userMessage(error.code),
      detail: error.message,
      retryable: error.retryable,
    }
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return { code: 'internal/bug', message: userMessage('internal/bug'), detail, retryable: false }
}

/** Builds AppErrorData directly, for places that report without throwing. */
export function errorData(
  code: AppErrorCode,
  detail?: string,
  options?: { retryable?: boolean; userText?: string },
): AppErrorData {
  return {
    code,
    message: options?.userText ?? userMessage(code),
    ...(detail === undefined ? {} : { detail }),
    retryable: options?.retryable ?? false,
  }
}
