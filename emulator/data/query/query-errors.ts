import { KqlError, positionOf } from '../kql/kql-error'

/** A Log Analytics query API error answer (OneAPI error shape, reference §6). */
export interface QueryError {
  readonly status: number
  readonly body: { readonly error: Record<string, unknown> }
}

function error(
  status: number,
  code: string,
  message: string,
  correlationId: string,
  innererror?: Record<string, unknown>,
): QueryError {
  return {
    status,
    body: {
      error: { message, code, correlationId, ...(innererror === undefined ? {} : { innererror }) },
    },
  }
}

/** Builders for the query API's errors, with the codes Log Analytics uses. */
export const queryErrors = {
  workspaceNotFound: (correlationId: string): QueryError =>
    error(404, 'WorkspaceNotFoundError', 'The workspace could not be found', correlationId),
  insufficientAccess: (correlationId: string): QueryError =>
    error(
      403,
      'InsufficientAccessError',
      'The provided credentials have insufficient access to perform the requested operation',
      correlationId,
    ),
  badRequest: (correlationId: string, innerCode: string, innerMessage: string): QueryError =>
    error(400, 'BadArgumentError', 'The request had some invalid properties', correlationId, {
      code: innerCode,
      message: innerMessage,
    }),
  internal: (correlationId: string): QueryError =>
    error(
      500,
      'InternalServerError',
      'The local emulator failed to run the query; see its log',
      correlationId,
    ),
  methodNotAllowed: (correlationId: string): QueryError =>
    error(
      405,
      'MethodNotAllowedError',
      'Use GET with ?query= or POST with a JSON body',
      correlationId,
    ),
  /** Maps a KQL problem to the nested BadArgumentError Log Analytics returns. */
  kql: (correlationId: string, text: string, problem: KqlError): QueryError => {
    const at = positionOf(text, problem.offset ?? 0, problem.token ?? '')
    if (problem.kind === 'syntax') {
      return error(
        400,
        'BadArgumentError',
        'The request had some invalid properties',
        correlationId,
        {
          code: 'SyntaxError',
          message: 'A recognition error occurred in the query.',
          innererror: {
            code: 'SYN0002',
            message: `Query could not be parsed at '${at.token}' on line [${at.line},${at.column}]. ${problem.message}.`,
            line: at.line,
            pos: at.column,
            token: at.token,
          },
        },
      )
    }
    const unsupported = problem.kind === 'unsupported'
    return error(
      400,
      'BadArgumentError',
      'The request had some invalid properties',
      correlationId,
      {
        code: 'SemanticError',
        message: 'A semantic error occurred.',
        innererror: {
          code: unsupported ? 'EmulatorUnsupported' : 'SEM0100',
          message: unsupported
            ? `${problem.message}. The local emulator runs the KQL subset described in emulator/data/kql/README.md.`
            : problem.message,
          line: at.line,
          pos: at.column,
        },
      },
    )
  },
}
