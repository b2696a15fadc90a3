import { certificateProblemText } from '../../shared/errors/certificate-errors'
import { toErrorData } from '../../shared/errors/app-error'
import type { StreamColumn } from '../../shared/mapping/mapping-schema'
import { findCertificateProblem } from '../core/auth/certificate-probe'
import { createArmClients } from '../core/discovery/arm-clients'
import { readStreamColumns } from '../core/discovery/dcrs'
import type { Connection } from './credentials'

/** The stream's columns, or why they could not be read (said, and the upload goes on). */
export type StreamColumnsRead =
  | { readonly ok: true; readonly columns: StreamColumn[] | undefined; readonly notes: string[] }
  | { readonly ok: false; readonly problem: string }

/**
 * Reads the columns a DCR declares for the stream through the chosen cloud's ARM endpoint (the
 * app's reader, `core/discovery`), trusting the connection's extra CA.
 */
export async function streamColumnsFor(
  connection: Connection,
  dcrResourceId: string,
  stream: string,
): Promise<StreamColumnsRead> {
  const clients = createArmClients(
    { endpoints: connection.cloud, extraCaPem: connection.extraCaPem },
    () => connection.credential,
  )
  try {
    const read = await readStreamColumns(clients, dcrResourceId, stream)
    if (read === undefined) {
      return { ok: true, columns: undefined, notes: [`the rule declares no stream ${stream}`] }
    }
    return {
      ok: true,
      columns: read.columns,
      notes: read.unknownTypes.map(
        (column) =>
          `column ${column.name} has a type LogDrop does not know (${column.type}); it is left out`,
      ),
    }
  } catch (error) {
    const problem = await findCertificateProblem(
      error,
      [connection.cloud.armEndpoint, connection.cloud.authorityHost],
      connection.extraCaPem,
    )
    if (problem !== undefined) {
      return { ok: false, problem: certificateProblemText(problem.host, problem.code) }
    }
    const data = toErrorData(error)
    return { ok: false, problem: `${data.message} (${data.detail ?? data.code})` }
  }
}
