/**
 * Messages for the desktop experience around uploads: registered files, previews, dry runs,
 * mapping profiles, uploads started from the app, failed records, exports and the verify.
 */
export const FILES_MESSAGES = {
  'files/not-registered':
    'LogDrop does not know that file any more. Add it again (drop it on the window or pick it).',
  'files/paths-unavailable':
    'Files cannot be added by path in the browser. Drop them on the page or use Choose files.',
  'files/pick-unavailable':
    'There is no file dialog in the browser version. Use Choose files or drop the files on the page.',
  'files/not-a-file':
    'That is not a file (it may be a folder). Choose a JSON, NDJSON, CSV or TSV file.',
  'files/unreadable':
    'LogDrop could not open that file. Check that it still exists and that you may read it.',
  'files/unknown-format':
    'LogDrop could not tell what kind of file this is. Choose its format (JSON, NDJSON, CSV or TSV) by hand.',
  'files/plain-log':
    'This looks like a plain text log (one message per line): its first line is a log line, not column names. LogDrop reads JSON, NDJSON (one JSON object per line) and CSV or TSV files with a header row. Convert the log to one of these (for example a structured CSV), or, if it really is CSV, choose the format in the file’s options.',
  'files/no-records': 'LogDrop found no records in the beginning of this file. Check its format.',
  'files/rejected': 'This file cannot be uploaded. The reason is shown beside it.',
  'files/upload-too-large': 'This file is larger than the browser version accepts.',
  'files/upload-failed':
    'The file did not arrive completely. Check that the page is still open and try again.',
  'files/staging-unwritable':
    'LogDrop could not store the file in its data folder. Check free disk space and permissions.',
  'files/bad-name': 'The file name is missing or not valid.',
  'profiles/not-found': 'That mapping profile no longer exists. Refresh the list.',
  'profiles/unreadable': 'A saved mapping profile could not be read and was skipped.',
  'profiles/unwritable':
    'The mapping profile could not be saved. Check disk space and permissions of the data folder.',
  'jobs/not-found': 'That upload is not known any more. Refresh the history.',
  'jobs/not-running': 'That upload is not running.',
  'jobs/already-running': 'That upload is already running.',
  'jobs/not-resumable':
    'That upload cannot be resumed: it finished. Retry its failed records instead.',
  'jobs/file-rejected':
    'One of the files cannot be uploaded (the reason is shown beside it). Remove it or fix its format.',
  'jobs/connection-failed':
    'The connection check before the upload failed, so nothing was sent. The reason is shown with the target.',
  'failed/none': 'This upload has no failed records.',
  'failed/record-not-found': 'That failed record is not in this upload.',
  'failed/edits-unwritable':
    'The edited record could not be saved. Check disk space and permissions of the data folder.',
  'exports/not-found':
    'This download link has expired or was already used. Export the records again.',
  'history/workspace-needed':
    'LogDrop does not know which workspace this upload went to. Enter the workspace ID (its Customer ID) and the table.',
  'history/not-finished':
    'This upload has not finished, so there is nothing to compare yet. Resume it or wait until it ends.',
  'history/query-forbidden':
    'Your account may not query this workspace. Ask for the Log Analytics Reader role on it (or Reader).',
  'history/query-unauthorized':
    'The Log Analytics query API did not accept your sign-in. Sign in again, and check the cloud in Settings.',
  'history/workspace-not-found':
    'No workspace with this ID was found. Check the workspace ID (its Customer ID GUID, not its name).',
  'history/table-not-found':
    'The workspace has no such table yet. A brand-new table can take minutes to appear; check the table name and try again later.',
  'history/query-failed':
    'The Log Analytics query API could not count the rows. Try again in a moment; the details are in the log file.',
  'history/query-unreachable':
    'LogDrop could not reach the Log Analytics query API. Check your network connection, proxy and the cloud in Settings.',
} as const
