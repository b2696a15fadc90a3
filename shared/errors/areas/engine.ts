/**
 * Messages for reading source files, mapping records to the stream, and packing requests.
 *
 * These are the general texts per cause; each reported record or file also carries a specific
 * `reason` (which line, which column, which value) built where the problem was found.
 */
export const ENGINE_MESSAGES = {
  'parse/file-unreadable':
    'LogDrop could not read this file. Check that it still exists and that you may read it.',
  'parse/file-missing':
    'This file does not exist (any more). It may have been moved, renamed or deleted.',
  'parse/file-is-folder': 'This is a folder, not a file. Choose the files inside it.',
  'parse/file-not-regular':
    'This is not a regular file (a pipe, socket or device), so it cannot be read to an end. Save its data to a file first.',
  'parse/file-symlink-loop':
    'This path is a symbolic link that leads back to itself (a loop), so there is no file to read.',
  'parse/file-permission': 'You may not read this file. Check its permissions.',
  'parse/file-changed':
    'This file changed while it was being read (it shrank, grew or was replaced). What was read is kept; upload it again once it stops changing.',
  'parse/no-records':
    'This file holds no records (for example only a header row, or an empty array), so nothing was sent from it.',
  'parse/nul-bytes':
    'A record holds NUL (zero) bytes, as a crash or a disk fault leaves behind, so it was not sent. The records around it were.',
  'parse/empty-file': 'This file is empty: there is nothing to upload.',
  'parse/binary-file':
    'This file does not look like text (it holds binary data), so it was not read. Choose a JSON, NDJSON, CSV or TSV file.',
  'parse/gzip-empty': 'This compressed file is empty (0 bytes), so it holds no records.',
  'parse/gzip-corrupt':
    'This compressed file is damaged. The records before the damage were read; the rest could not be.',
  'parse/invalid-utf8':
    'Some text is not valid UTF-8. The bad bytes were replaced with the character � and the records are flagged. If the file is in another encoding (often Windows-1252 / Latin-1), choose it in the file’s options (CLI: --encoding) and upload it again.',
  'parse/record-too-large':
    'A record is far larger than anything the service accepts, so it was skipped without reading it whole.',
  'parse/too-deep': 'A record is nested too deeply to be sent. Flatten it or map fewer levels.',
  'parse/number-out-of-range':
    'A number is too large or too small to be stored as a number (beyond about ±1.8e308, or so small it would become 0), so the record was not sent rather than changed.',
  'parse/json-object-not-array':
    'This file holds a single JSON object, not an array of records. Put the records in [ ], or choose NDJSON if each line is one record.',
  'parse/json-not-array': 'This file does not start with a JSON array of records.',
  'parse/json-invalid-record': 'A record in this JSON file is not valid JSON and was skipped.',
  'parse/json-not-object': 'An item in the JSON array is not an object, so it is not a record.',
  'parse/json-truncated':
    'This JSON file ends in the middle of a record: it looks cut off. The records before the cut were read.',
  'parse/json-trailing-comma':
    'This JSON file has a comma before its closing bracket. Every record was read; the comma was ignored.',
  'parse/json-trailing-content':
    'There is more text after the end of the JSON array, so it was not read. A JSON file holds one array.',
  'parse/ndjson-invalid-line': 'A line of this NDJSON file is not valid JSON and was skipped.',
  'parse/ndjson-not-object':
    'A line of this NDJSON file is not a JSON object, so it is not a record.',
  'parse/csv-ragged-row':
    'A row has a different number of fields than the header, so it was not sent (its values could land in the wrong columns).',
  'parse/csv-unclosed-quote':
    'A quoted field is never closed, so the rest of the file from that point could not be read.',
  'parse/csv-invalid-row': 'A row of this CSV file could not be read and was skipped.',
  'parse/csv-duplicate-header':
    'Some column names appear more than once in the header. They were renamed (Name, Name_2) so no value is lost.',
  'parse/csv-empty-header':
    'Some columns have no name in the header. They were named after their position.',
  'parse/csv-blank-row':
    'Some rows have only empty fields. They hold no value, so they were skipped (and counted).',
  'mapping/invalid': 'This mapping is not valid. Check the highlighted columns.',
  'mapping/unknown-column':
    'The mapping fills a column that the stream does not declare. The service would drop it silently.',
  'mapping/type-mismatch': 'The mapping gives a column a different type than the stream declares.',
  'mapping/bad-constant': 'A constant in the mapping cannot be converted to its column type.',
  'mapping/coercion-failed':
    'A value could not be converted to its column type, so the record was not sent.',
  'mapping/required-missing': 'A required column has no value, so the record was not sent.',
  'mapping/time-outside-window':
    'The record’s time is more than 2 days in the past or 1 day in the future. Azure would replace it with the time of arrival, so the record was not sent (your time policy).',
  'mapping/field-too-large':
    'A value is larger than 64 KB. Log Analytics would cut it short, so the record was not sent.',
  'chunk/record-too-large':
    'A record is larger than one request may carry (about 1 MB), so it was not sent.',
  'chunk/serialize-failed': 'A record could not be turned into JSON, so it was not sent.',
} as const
