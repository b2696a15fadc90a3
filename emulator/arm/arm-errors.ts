import type { ServerResponse } from 'node:http'
import { sendJson, type ExtraHeaders } from '../http/respond'

/** An ARM failure: `{ "error": { "code", "message" } }` with its status (reference §5). */
export interface ArmFailure {
  readonly status: number
  readonly code: string
  readonly message: string
  readonly headers?: ExtraHeaders
}

/** Sends an ARM error body, with `x-ms-failure-cause` as ARM front doors do. */
export function sendArmError(res: ServerResponse, failure: ArmFailure): void {
  sendJson(
    res,
    failure.status,
    { error: { code: failure.code, message: failure.message } },
    { 'x-ms-failure-cause': failure.status >= 500 ? 'service' : 'gateway', ...failure.headers },
  )
}

export function subscriptionNotFound(subscriptionId: string): ArmFailure {
  return {
    status: 404,
    code: 'SubscriptionNotFound',
    message: `The subscription '${subscriptionId}' could not be found.`,
  }
}

export function resourceGroupNotFound(group: string): ArmFailure {
  return {
    status: 404,
    code: 'ResourceGroupNotFound',
    message: `Resource group '${group}' could not be found.`,
  }
}

export function resourceNotFound(type: string, name: string, group: string): ArmFailure {
  return {
    status: 404,
    code: 'ResourceNotFound',
    message: `The Resource '${type}/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  }
}

export function authorizationFailed(
  client: string,
  objectId: string,
  action: string,
  scope: string,
): ArmFailure {
  return {
    status: 403,
    code: 'AuthorizationFailed',
    message: `The client '${client}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  }
}

export const missingApiVersion: ArmFailure = {
  status: 400,
  code: 'MissingApiVersionParameter',
  message: 'The api-version query parameter (?api-version=) is required for all requests.',
}

export function invalidApiVersion(version: string): ArmFailure {
  return {
    status: 400,
    code: 'InvalidApiVersionParameter',
    message: `The api-version '${version}' is invalid. The supported versions are dates like '2023-03-11' or '2024-03-11-preview'.`,
  }
}

export function noRoute(method: string, path: string): ArmFailure {
  return {
    status: 404,
    code: 'NoRegisteredProviderFound',
    message: `The emulator does not serve ${method} ${path}. It emulates subscriptions, resource groups, data collection rules and endpoints, Log Analytics workspaces and tables.`,
  }
}

export function readOnly(method: string): ArmFailure {
  return {
    status: 405,
    code: 'MethodNotAllowed',
    message: `The emulator's Azure Resource Manager is read-only: ${method} is not supported.`,
    headers: { Allow: 'GET' },
  }
}
