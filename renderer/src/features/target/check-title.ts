import type { ConnectionCheck } from '../../../../shared/models/target'

type NotReady = Extract<ConnectionCheck, { readonly ready: false }>

/** A short title for a refused connection check, by HTTP status (the advice comes with it). */
export function notReadyTitle(result: Pick<NotReady, 'httpStatus'>): string {
  switch (result.httpStatus) {
    case 401:
      return 'Sign-in not accepted (401)'
    case 403:
      return 'Not allowed to send (403)'
    case 404:
      return 'Not found (404)'
    case 429:
      return 'Busy (429)'
    case null:
      return 'Could not reach the endpoint'
    default:
      return result.httpStatus >= 500
        ? `The service failed (${result.httpStatus})`
        : `Refused (${result.httpStatus})`
  }
}
