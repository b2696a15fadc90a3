import { z } from 'zod'

const rate = z.number().min(0).max(1)
const millis = z.number().int().min(0).max(600_000)

/**
 * Fault injection settings accepted by `PUT|POST /_emulator/faults` (and seed options).
 * Rates are probabilities per ingestion request; `seed` makes the draws reproducible.
 */
export const faultSettingsSchema = z
  .object({
    latencyMs: millis.optional(),
    latencySpikeMs: millis.optional(),
    latencySpikeRate: rate.optional(),
    rate429: rate.optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    rate5xx: rate.optional(),
    resetRate: rate.optional(),
    failAfterN: z
      .object({
        count: z.number().int().min(0),
        status: z.number().int().min(400).max(599),
      })
      .strict()
      .optional(),
    limits: z
      .object({
        requestsPerMinute: z.number().int().positive().optional(),
        bytesPerMinute: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    seed: z.number().int().optional(),
  })
  .strict()

/** Validated fault settings. */
export type FaultSettings = z.infer<typeof faultSettingsSchema>
