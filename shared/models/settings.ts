import { z } from 'zod'

/** Where sign-in, ARM, ingestion and query calls go. */
export const CLOUD_IDS = [
  'AzurePublic',
  'AzureUSGovernment',
  'AzureChina',
  'LocalEmulator',
] as const
export type CloudId = (typeof CLOUD_IDS)[number]

export const THEMES = ['system', 'light', 'dark', 'high-contrast'] as const
export type ThemeChoice = (typeof THEMES)[number]

/** User settings, validated whenever they arrive from the renderer or from disk. */
export const settingsSchema = z.object({
  cloud: z.enum(CLOUD_IDS),
  /** Entra tenant: a GUID, a domain, or `organizations` / `common`. */
  tenant: z
    .string()
    .trim()
    .min(1)
    .max(256)
    .regex(/^[A-Za-z0-9.-]+$/, 'A tenant is a GUID, a domain name, organizations or common.'),
  /** Application (client) id of the public client used for interactive sign-in. */
  clientId: z.uuid(),
  /** Requests in flight per upload. */
  concurrency: z.number().int().min(1).max(64),
  /** gzip level; `auto` adapts while uploading. */
  gzipLevel: z.union([z.literal('auto'), z.number().int().min(1).max(9)]),
  theme: z.enum(THEMES),
  /**
   * A PEM bundle of extra CA certificates trusted for sign-in, ARM and ingestion (a proxy that
   * inspects HTTPS, a private endpoint), added to the system's roots; '' for none.
   */
  caFile: z.string().trim().max(4096),
})

export type Settings = Readonly<z.infer<typeof settingsSchema>>

/** A partial update; every field is validated like a whole. */
export const settingsPatchSchema = settingsSchema.partial()
export type SettingsPatch = Readonly<z.infer<typeof settingsPatchSchema>>

/**
 * Defaults. The client id is the well-known Azure CLI public client, which works in every
 * tenant without an app registration; organisations that block it set their own.
 */
export const DEFAULT_SETTINGS: Settings = {
  cloud: 'AzurePublic',
  tenant: 'organizations',
  clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  concurrency: 8,
  gzipLevel: 'auto',
  theme: 'system',
  caFile: '',
}
