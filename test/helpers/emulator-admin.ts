import { fetch } from 'undici'
import { createTrustingDispatcher } from '../../electron/core/emulator-client/trust'
import type { FaultSettings } from '../../emulator/data/faults/fault-settings'
import type { RunningEmulator } from '../../emulator/start-emulator'
import { readFile } from 'node:fs/promises'

/**
 * The emulator's admin API (`/_emulator/*`, with its admin key) for end-to-end tests: fault
 * injection (e.g. latency, so an upload has a middle) and the ingestion counters.
 */
export async function setEmulatorFaults(
  emulator: RunningEmulator,
  faults: FaultSettings,
): Promise<void> {
  const dispatcher = createTrustingDispatcher(await readFile(emulator.caCertPath, 'utf8'))
  const response = await fetch(`${emulator.origin}/_emulator/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-emulator-admin-key': emulator.adminKey },
    body: JSON.stringify(faults),
    dispatcher,
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`PUT /_emulator/faults answered ${response.status}: ${text}`)
}
