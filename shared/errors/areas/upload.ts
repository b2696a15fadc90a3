/** Messages for uploads: jobs, the journal, the failed-record store and the CLI. */
export const UPLOAD_MESSAGES = {
  'upload/invalid-job':
    'The upload settings are not valid. Check the endpoint, the rule, the stream and the files.',
  'upload/file-unreadable':
    'LogDrop could not read a source file. Check that it still exists and that you may read it.',
  'upload/source-changed':
    'A source file changed after this upload started, so it cannot be resumed safely. Start a new upload with the file as it is now.',
  'upload/job-not-found': 'That upload is not in the data folder any more.',
  'upload/job-running': 'That upload is already running.',
  'upload/job-finished': 'That upload already finished; there is nothing left to resume.',
  'upload/journal-unwritable':
    'LogDrop could not write the upload journal: the data folder cannot be written. Check disk space and permissions, then resume the upload; nothing already sent is lost.',
  'upload/token-unavailable':
    'LogDrop could not get a sign-in token for the upload. Sign in again, then resume the upload.',
  'upload/auth-rejected':
    'Azure refused the sign-in token, so the upload stopped. Sign in again, then resume the upload and retry its failed records; nothing is lost.',
  'upload/forbidden':
    'This account may not send data to the data collection rule, so the upload stopped. Ask for the Monitoring Metrics Publisher role on the rule (it can take up to 30 minutes to apply), then resume the upload and retry its failed records.',
  'upload/not-found':
    'The data collection rule or the stream was not found, so the upload stopped. Check the endpoint, the rule’s immutable id and the stream name.',
  'upload/network-unreachable':
    'The ingestion endpoint could not be reached, so the upload stopped. When the network is back, resume the upload and retry its failed records; nothing is lost.',
  'upload/certificate-untrusted':
    'The secure connection was refused because the server’s certificate is not trusted, so the upload stopped. This is a certificate problem, not an outage: add the CA certificate of your proxy or private endpoint (--ca-file, or the CA setting in the app), then resume the upload; nothing is lost.',
  'upload/worker-crashed':
    'The upload stopped unexpectedly. Resume it to continue where it stopped; the details are in the log file.',
  'upload/nothing-to-retry': 'There are no failed records to retry in that upload.',
  'upload/retry-already-accepted':
    'Every selected failed record was already accepted by an earlier retry, so nothing was sent. Sending them again would put them in the table twice.',
  'upload/export-failed': 'The failed records could not be exported. Check the destination folder.',
  'upload/mapping-invalid': 'The mapping file is not valid. Fix it or upload without a mapping.',
  'upload/bad-arguments': 'The command line is not complete. Run logdrop --help for the options.',
  'upload/emulator-not-found':
    'No local emulator was found. Start it with npm run emulator, or pass its data folder.',
  'upload/credential-failed':
    'Could not get Azure credentials. Sign in with az login, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.',
} as const
