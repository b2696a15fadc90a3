/**
 * Messages for reading source files, mapping records to the stream, and packing requests.
 *
 * These are the general texts per cause; each reported record or file also carries a specific
 * `reason` (which line, which column, which value) built where the problem was found.
 */
export const ENGINE_MESSAGES = {
  'parse/file-unreadable':
    'LogDrop could not read this file. Check that it still exists and that you may read it.',
  'parse/empty-file': 'This file is empty: there is nothing to upload.',
  'parse/binary-file':
    'This file does not look like text (it holds binary data), so it was not read. Choose a JSON, NDJSON, CSV or TSV file.',
  'parse/gzip-empty': 'This compressed file is empty (0 bytes), so it holds no records.',
  'parse/gzip-corrupt':
    'This compressed file is damaged. The records before the damage were read; the rest could not be.',
  'parse/invalid-utf8':
    'Some text is not valid UTF-8. The bad bytes were replaced with the character � and the records are flagged.',
  'parse/record-too-large':
    'A record is far larger than anything the service accepts, so it was skipped without reading it whole.',
  'parse/too-deep': 'A record is nested too deeply to be sent. Flatten it or map fewer levels.',
  'parse/json-object-not-array':
    'This file holds a single JSON object, not an array of records. Put the records in [ ], or choose NDJSON if each line is one record.',
  'parse/json-not-array': 'This file does not start with a JSON array of records.',
  'parse/json-invalid-record': 'A record in this JSON file is not valid JSON and was skipped.',
  'parse/json-not-object': 'An item in the JSON array is not an object, so it is not a record.',
  'parse/json-truncated':
    'This JSON file ends in the middle of a record: it looks cut off. The records before the cut were read.',
  'parse/json-trailing-comma':
    'This JSON file has a comma before its closing bracket. Every record was read; the comma was ignored.',
  'parse/json-missing-comma':
    'A comma is missing between two records of this JSON file. Both records were read anyway.',
  'parse/json-trailing-content':
    'There is more text after the end of the JSON array. It was ignored.',
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
  'mapping/invalid': 'This mapping is not valid. Check the highlighted columns.',
  'mapping/unknown-column':
    'The mapping fills a column that the stream does not declare. The service would drop it silently.',
  'mapping/type-mismatch': 'The mapping gives a column a different type than the stream declares.',
  'mapping/bad-constant': 'A constant in the mapping cannot be converted to its column type.',
  'mapping/coercion-failed':
    'A value could not be converted to its column type, so the record was not sent.',
  'mapping/required-missing': 'A required column has no value, so the record was not sent.',
  'mapping/no-mapped-value':
    'None of the fields the mapping reads has a value in this record, so it was not sent (an empty record is never sent).',
  'mapping/time-outside-window':
    'The record’s time is more than 2 days in the past or 1 day in the future. Azure would replace it with the time of arrival, so the record was not sent (your time policy).',
  'mapping/field-too-large':
    'A value is larger than 64 KB. Log Analytics would cut it short, so the record was not sent.',
  'chunk/record-too-large':
    'A record is larger than one request may carry (about 1 MB), so it was not sent.',
  'chunk/serialize-failed': 'A record could not be turned into JSON, so it was not sent.',
} as const
