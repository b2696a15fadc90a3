/** The name of an ARM resource: the last segment of its id (`…/dataCollectionEndpoints/dce-x` → `dce-x`). */
export function resourceName(resourceId: string): string {
  const parts = resourceId.split('/').filter((part) => part !== '')
  return parts.at(-1) ?? resourceId
}
