import { z } from 'zod'
import { accountIdSchema } from '../../models/auth'
import { ingestionTargetSchema, manualTargetDraftSchema } from '../../models/manual-target'
import type { ManualTargetValidation } from '../../models/manual-target'
import type {
  ConnectionCheck,
  DcrDetail,
  DcrSummary,
  DceSummary,
  ManualTargetDefaults,
  RecentTarget,
  SubscriptionList,
} from '../../models/target'
import { defineInvoke } from '../define'

const subscriptionIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F-]{36}$/, 'not a subscription id')

/** An ARM resource id of a data collection rule. */
const dcrIdSchema = z
  .string()
  .max(1024)
  .regex(
    /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Insights\/dataCollectionRules\/[^/]+$/i,
    'not a data collection rule id',
  )

/** Optional on discovery requests: which account to use (default: the active one). */
const accountField = { accountId: accountIdSchema.optional() }

/**
 * Picking where logs go: discovery through ARM, manual entry, recent targets, and the connection
 * check run before an upload. Each request uses the active account unless `accountId` is given.
 */
export const TARGET_INVOKE = {
  /**
   * Subscriptions across every tenant the account can reach; `search` filters by name or id.
   * A tenant that fails is listed in `tenantFailures` and does not hide the others.
   */
  'target:list-subscriptions': defineInvoke<SubscriptionList>()(
    z
      .object({ search: z.string().max(200).optional(), ...accountField })
      .strict()
      .optional(),
  ),
  /** DCRs of a subscription (every page), with streams, columns and the resolved endpoint. */
  'target:list-dcrs': defineInvoke<{ readonly dcrs: readonly DcrSummary[] }>()(
    z
      .object({
        subscriptionId: subscriptionIdSchema,
        search: z.string().max(200).optional(),
        ...accountField,
      })
      .strict(),
  ),
  /** One DCR by ARM id, plus its destination tables' schemas. */
  'target:get-dcr': defineInvoke<DcrDetail>()(
    z.object({ dcrId: dcrIdSchema, ...accountField }).strict(),
  ),
  /** Data collection endpoints of a subscription (every page). */
  'target:list-dces': defineInvoke<{ readonly dces: readonly DceSummary[] }>()(
    z.object({ subscriptionId: subscriptionIdSchema, ...accountField }).strict(),
  ),
  /** Prefill for the manual form from AZURE_DCE_ENDPOINT, AZURE_DCR_RULE_ID, AZURE_DCR_STREAM_NAME. */
  'target:manual-defaults': defineInvoke<ManualTargetDefaults>()(z.undefined()),
  /** Validates manual entry (also available to the renderer as validateManualTarget). */
  'target:validate-manual': defineInvoke<ManualTargetValidation>()(manualTargetDraftSchema),
  /** Targets used before, most recent first (no secrets). */
  'target:recent': defineInvoke<readonly RecentTarget[]>()(z.undefined()),
  /**
   * POSTs an empty array (`[]`) to the stream with a Monitor token: ready, or advice for 401,
   * 403 (the role to ask for), 404 and network or certificate problems. A ready target is added
   * to the recent list under `label`.
   */
  'target:check-connection': defineInvoke<ConnectionCheck>()(
    z
      .object({
        target: ingestionTargetSchema,
        label: z.string().max(300).optional(),
        dcrId: dcrIdSchema.optional(),
        ...accountField,
      })
      .strict(),
  ),
} as const

/** Target events (none yet: every answer is a request's result). */
export const TARGET_EVENTS = {} as const
