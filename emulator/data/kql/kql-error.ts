/** Why a KQL text could not be run. */
export type KqlErrorKind = 'syntax' | 'semantic' | 'unsupported'

/** Where in the KQL text a problem was found (1-based line and column). */
export interface KqlPosition {
  readonly line: number
  readonly column: number
  readonly token: string
}

/**
 * A problem with a KQL text, raised by the tokenizer, parser or compiler.
 *
 * `unsupported` marks valid KQL that the emulator does not implement, so callers can say so
 * instead of running something else. `offset` points into the text when known.
 */
export class KqlError extends Error {
  override readonly name = 'KqlError'

  constructor(
    readonly kind: KqlErrorKind,
    message: string,
    readonly offset?: number,
    readonly token?: string,
  ) {
    super(message)
  }
}

/** Computes the 1-based line and column of an offset in a text. */
export function positionOf(text: string, offset: number, token = ''): KqlPosition {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1, token }
}
