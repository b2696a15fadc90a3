import type { StreamNaming } from './target'

const PREFIX = /^(Custom|Microsoft)-/

/**
 * Spells out the input stream, output stream and table of a data flow.
 *
 * A flow without `outputStream` writes to the stream of the same name (Azure's rule), so the
 * table is the output stream without its `Custom-` or `Microsoft-` prefix:
 * `Custom-AppEvents` → `Custom-AppEvents_CL` → `AppEvents_CL`.
 */
export function streamNaming(inputStream: string, outputStream?: string | null): StreamNaming {
  const output =
    outputStream === undefined || outputStream === null || outputStream === ''
      ? inputStream
      : outputStream
  return { inputStream, outputStream: output, table: output.replace(PREFIX, '') }
}
