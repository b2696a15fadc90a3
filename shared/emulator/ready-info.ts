/**
 * What the emulator and the app agree on: the ready line the emulator prints and writes to
 * `emulator.json`, and where that file is. Both programs import this; neither imports the other.
 */
import { z } from 'zod'

/** Name of the file a running emulator writes into its data dir (mode 0600: it holds secrets). */
export const EMULATOR_INFO_FILE = 'emulator.json'

/**
 * What a running emulator tells other processes: the CLI's single stdout line and
 * `<dataDir>/emulator.json` hold exactly this. Other code (the CLI's `--emulator`, the app's
 * "Local emulator" cloud) reads it with `readEmulatorInfo`.
 */
export const emulatorReadyInfoSchema = z.object({
  event: z.literal('ready'),
  /** `https://localhost:PORT`: every Azure host (login, ARM, ingestion, query) at once. */
  origin: z.string(),
  /** Path of the CA certificate (PEM) that signed the server certificate. */
  caCert: z.string(),
  tenantId: z.string(),
  /** `${origin}/${tenantId}`: the authority for msal / @azure/identity. */
  authority: z.string(),
  /** Public client id for interactive and device code sign-in. */
  publicClientId: z.string(),
  servicePrincipal: z.object({ clientId: z.string(), clientSecret: z.string() }),
  users: z.array(
    z.object({
      objectId: z.string(),
      username: z.string(),
      displayName: z.string(),
      /** Role names the user holds anywhere; empty for the user without rights. */
      roles: z.array(z.string()),
    }),
  ),
  subscriptions: z.array(z.object({ subscriptionId: z.string(), displayName: z.string() })),
  workspaces: z.array(z.object({ id: z.string(), name: z.string(), customerId: z.string() })),
  dcrs: z.array(
    z.object({
      /** ARM resource id. */
      id: z.string(),
      name: z.string(),
      immutableId: z.string(),
      kind: z.string().optional(),
      streams: z.array(z.string()),
      /** The endpoint to upload to: the DCR's own (`kind: Direct`) or its DCE's. */
      ingestionEndpoint: z.string(),
    }),
  ),
  /** Secret for `/_emulator/*` (header `x-emulator-admin-key`); new on every start. */
  adminKey: z.string(),
  dataDir: z.string(),
  pid: z.number(),
})

export type EmulatorReadyInfo = z.infer<typeof emulatorReadyInfoSchema>

/** The emulator's folder inside the LogDrop data folder, where it keeps its data by default. */
export const EMULATOR_DIR_NAME = 'emulator'
