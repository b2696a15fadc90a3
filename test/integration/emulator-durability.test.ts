import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTrustingDispatcher } from '../../electron/core/emulator-client/trust'
import type { EmulatorReadyInfo } from '../../shared/emulator/ready-info'
import {
  emulatorToken,
  startEmulatorProcess,
  type EmulatorProcess,
} from '../helpers/emulator-process'

const STREAM = 'Custom-AppEvents'
const TABLE = 'AppEvents_CL'

function records(marker: string, count: number): Array<Record<string, unknown>> {
  const time = new Date(Date.now() - 60_000).toISOString()
  return Array.from({ length: count }, (_, i) => ({
    Time: time,
    Host: `host-${i}`,
    Level: i % 5,
    Message: `${marker} ${i}`,
  }))
}

/** POSTs one request to the AppEvents stream and answers the status. */
async function ingest(running: EmulatorProcess, ca: string, body: unknown): Promise<number> {
  const dcr = running.info.dcrs.find((d) => d.streams.includes(STREAM))
  if (dcr === undefined) throw new Error('the default seed has no DCR for AppEvents')
  const token = await emulatorToken(running.info, ca, 'https://monitor.azure.com//.default')
  const dispatcher = createTrustingDispatcher(ca)
  try {
    const response = await fetch(
      `${dcr.ingestionEndpoint}/dataCollectionRules/${dcr.immutableId}/streams/${STREAM}?api-version=2023-01-01`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        dispatcher,
      },
    )
    await response.arrayBuffer()
    return response.status
  } finally {
    await dispatcher.close()
  }
}

/** Rows with the marker in AppEvents_CL, summed over every workspace, through the query API. */
async function countRows(info: EmulatorReadyInfo, ca: string, marker: string): Promise<number> {
  const token = await emulatorToken(info, ca, 'https://api.loganalytics.io/.default')
  const dispatcher = createTrustingDispatcher(ca)
  let total = 0
  try {
    for (const workspace of info.workspaces) {
      const response = await fetch(`${info.origin}/v1/workspaces/${workspace.customerId}/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: `${TABLE} | where Message has '${marker}' | count` }),
        dispatcher,
      })
      const body = (await response.json()) as { tables?: Array<{ rows: unknown[][] }> }
      // A workspace without the table answers 400; it holds none of the rows.
      if (response.status === 200) total += Number(body.tables?.[0]?.rows[0]?.[0] ?? 0)
    }
  } finally {
    await dispatcher.close()
  }
  return total
}

describe('emulator durability: an acknowledged row survives SIGKILL', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logdrop-emulator-durable-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('kills the emulator right after each 204 and finds every acknowledged row on restart', async () => {
    let acknowledged = 0
    for (let round = 0; round < 3; round++) {
      const running = await startEmulatorProcess(['--port', '0', '--data-dir', dir])
      const ca = await readFile(running.info.caCert, 'utf8')
      const status = await ingest(running, ca, records(`durable${round}`, 50))
      // No grace period: the kill follows the acknowledgement at once.
      running.child.kill('SIGKILL')
      expect(status).toBe(204)
      acknowledged += 50
      expect(await running.exited).toBeNull()
    }
    const restarted = await startEmulatorProcess(['--port', '0', '--data-dir', dir])
    try {
      const ca = await readFile(restarted.info.caCert, 'utf8')
      for (let round = 0; round < 3; round++) {
        expect(await countRows(restarted.info, ca, `durable${round}`)).toBe(50)
      }
      expect(acknowledged).toBe(150)
    } finally {
      restarted.child.kill('SIGTERM')
      expect(await restarted.exited).toBe(0)
    }
  })
})
