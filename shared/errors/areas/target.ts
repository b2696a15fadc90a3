/** Messages for discovery (subscriptions, DCRs, DCEs) and the connection check. */
export const TARGET_MESSAGES = {
  'target/arm-forbidden':
    'Your account may not read these Azure resources. Ask for the Reader role, or enter the endpoint, DCR immutable ID and stream by hand.',
  'target/arm-unauthorized':
    'Azure Resource Manager did not accept your sign-in. Sign in again, and check the cloud in Settings.',
  'target/arm-failed':
    'Azure Resource Manager could not list the resources. Try again in a moment; the details are in the log file.',
  'target/arm-unreachable':
    'LogDrop could not reach Azure Resource Manager. Check your network connection, proxy and the cloud in Settings.',
  'target/dcr-not-found':
    'That data collection rule no longer exists or you cannot see it. Refresh the list.',
  'target/no-endpoint':
    'This data collection rule has no ingestion endpoint: it is not of kind Direct and has no data collection endpoint. Associate a data collection endpoint with it, or recreate it with kind Direct.',
  'target/dce-unreadable':
    'The data collection endpoint of this rule could not be read, so its ingestion URL is unknown. Ask for Reader access to the endpoint, or enter the URL by hand.',
  'target/table-unreadable':
    'The destination table schema could not be read (Reader access on the workspace is needed). Uploads still work.',
  'target/invalid-manual': 'Check the highlighted fields of the target.',
  'target/unauthorized':
    'The ingestion endpoint did not accept your sign-in (401). Sign in again. If it keeps happening, check that the cloud in Settings matches the endpoint.',
  'target/wrong-audience':
    'The ingestion endpoint refused the token because it was issued for another service (InvalidAudience). Check that the cloud in Settings matches the endpoint.',
  'target/forbidden':
    'Your account is signed in but may not send data to this data collection rule. It needs the Monitoring Metrics Publisher role on this DCR (or its resource group or subscription). A new role assignment can take up to 30 minutes to apply.',
  'target/not-found':
    'No data collection rule with this immutable ID was found at this endpoint. Check the DCR immutable ID (dcr-…) and that the endpoint is the one for this DCR (its own endpoint or its data collection endpoint).',
  'target/stream-not-found':
    'The data collection rule has no input stream with this name. Use the stream name from the DCR (Custom-…), not the table name (…_CL).',
  'target/bad-request':
    'The ingestion endpoint rejected the check request. The details are in the log file.',
  'target/throttled': 'The ingestion endpoint is busy (429). Wait a moment and check again.',
  'target/service-error':
    'The ingestion endpoint answered with a server error. Try again in a moment.',
  'target/unreachable':
    'LogDrop could not reach the ingestion endpoint. Check the endpoint URL, your network connection, proxy and firewall.',
  'target/tls':
    'The secure connection to the ingestion endpoint failed: its certificate is not trusted. A proxy that inspects HTTPS traffic needs its certificate installed; for the local emulator, start it and choose the Local emulator cloud.',
  'target/timeout':
    'The ingestion endpoint did not answer in time. Check your network connection and try again.',
  'target/recent-unreadable':
    'The list of recent targets could not be read; it starts again empty.',
} as const
