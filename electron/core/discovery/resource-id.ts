/** The parts of an ARM resource id that discovery needs. */
export interface ResourceIdParts {
  readonly subscriptionId: string
  readonly resourceGroup: string
  readonly name: string
}

/**
 * Splits `/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}`.
 *
 * ARM ids are case-insensitive in their fixed segments (`resourcegroups` also appears); null
 * when the id is not of that shape.
 */
export function parseResourceId(id: string): ResourceIdParts | null {
  const match =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/[^/]+\/([^/]+)$/i.exec(
      id.trim(),
    )
  if (match === null) return null
  const [, subscriptionId, resourceGroup, name] = match
  if (subscriptionId === undefined || resourceGroup === undefined || name === undefined) {
    return null
  }
  return {
    subscriptionId: decodeURIComponent(subscriptionId),
    resourceGroup: decodeURIComponent(resourceGroup),
    name: decodeURIComponent(name),
  }
}
