import type { ServerResponse } from 'node:http'
import { sendJson } from '../http/respond'
import { sendArmError } from './arm-errors'

/** The path ARM serves its cloud's endpoints on, without authentication. */
export const CLOUD_METADATA_PATH = '/metadata/endpoints'

/** The original single-object format (what `msrestazure` and `az cloud register` ask for). */
const LEGACY_VERSION = '2015-01-01'
/** Later versions answer a list of clouds with named endpoints (management.azure.com does). */
const LIST_VERSIONS = ['2018-01-01', '2019-05-01', '2020-06-01', '2022-09-01']

/** The resources the emulator issues tokens for, as the metadata names them. */
const ARM_AUDIENCES = ['https://management.core.windows.net/', 'https://management.azure.com/']
const GRAPH_LEGACY = 'https://graph.windows.net/'

/**
 * `GET /metadata/endpoints?api-version=…`: the ARM metadata document, so clients that discover a
 * custom cloud from its ARM endpoint (`az cloud register --endpoint-resource-manager`,
 * `Connect-AzAccount` environments) find the emulator's login endpoint and audiences. Every
 * endpoint is the emulator's origin; resource ids stay Azure's, as the token service knows them.
 */
export function handleCloudMetadata(
  res: ServerResponse,
  origin: string,
  apiVersion: string | null,
): void {
  if (apiVersion === null || apiVersion === '') {
    return sendArmError(res, {
      status: 400,
      code: 'MissingApiVersionParameter',
      message: 'The api-version query parameter (?api-version=) is required for all requests.',
    })
  }
  const base = `${origin}/`
  const authentication = { loginEndpoint: base, audiences: ARM_AUDIENCES }
  if (apiVersion === LEGACY_VERSION) {
    return sendJson(res, 200, {
      galleryEndpoint: base,
      graphEndpoint: GRAPH_LEGACY,
      portalEndpoint: base,
      authentication,
    })
  }
  if (!LIST_VERSIONS.includes(apiVersion)) {
    return sendArmError(res, {
      status: 400,
      code: 'InvalidApiVersionParameter',
      message: `The api-version '${apiVersion}' is invalid. The supported versions are '${[LEGACY_VERSION, ...LIST_VERSIONS].join(',')}'.`,
    })
  }
  sendJson(res, 200, [
    {
      name: 'LogDropEmulator',
      resourceManager: base,
      portal: base,
      gallery: base,
      authentication: { ...authentication, tenant: 'common', identityProvider: 'AAD' },
      graph: GRAPH_LEGACY,
      graphAudience: GRAPH_LEGACY,
      microsoftGraphResourceId: 'https://graph.microsoft.com/',
      logAnalyticsResourceId: 'https://api.loganalytics.io',
      suffixes: {},
    },
  ])
}
