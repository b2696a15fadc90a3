import type { Dispatcher } from 'undici'
import {
  validateManualTarget,
  type ManualTargetDraft,
  type ManualTargetValidation,
} from '../../../../shared/models/manual-target'
import type {
  ConnectionCheck,
  DcrDetail,
  DcrSummary,
  DceSummary,
  IngestionTarget,
  ManualTargetDefaults,
  RecentTarget,
  SubscriptionList,
} from '../../../../shared/models/target'
import type { AuthService } from '../../auth/auth-service'
import type { CloudConfig } from '../../auth/cloud-config'
import { createDispatcher } from '../../auth/tls-trust'
import { createArmClients, type ArmClients } from '../../discovery/arm-clients'
import { listDces } from '../../discovery/dces'
import { getDcr, listDcrs } from '../../discovery/dcrs'
import { listSubscriptions } from '../../discovery/subscriptions'
import type { Logger } from '../../../platform/logger'
import { checkConnection } from './connection-check'
import { manualDefaultsFrom } from './manual-defaults'
import { RecentTargetsStore } from './recent-targets'

export interface TargetServiceOptions {
  readonly dataDir: string
  readonly auth: AuthService
  readonly logger: Logger
  /** Where manual defaults come from (process.env in the app; tests pass their own). */
  readonly env: Readonly<Record<string, string | undefined>>
}

/**
 * Picking where logs go: discovery through the ARM SDKs with the signed-in account, manual
 * entry, recent targets, and the connection check before an upload.
 */
export class TargetService {
  private readonly recentStore: RecentTargetsStore
  /** Which tenant each subscription was found in, so its DCRs are read with that tenant's token. */
  private readonly subscriptionTenants = new Map<string, string>()
  private dispatcher: { key: string; value: Dispatcher } | null = null

  constructor(private readonly options: TargetServiceOptions) {
    this.recentStore = new RecentTargetsStore(options.dataDir, options.logger)
  }

  private async account(accountId: string | undefined): Promise<{ id: string; tenantId: string }> {
    const id = accountId ?? (await this.options.auth.activeAccountId())
    const state = await this.options.auth.getState()
    const tenantId = state.accounts.find((a) => a.id === id)?.tenantId ?? ''
    return { id, tenantId }
  }

  private async clients(
    accountId: string | undefined,
  ): Promise<{ config: CloudConfig; clients: ArmClients }> {
    const config = await this.options.auth.currentCloud()
    const account = await this.account(accountId)
    const clients = createArmClients(config, (subscriptionId) => {
      const tenantId = this.subscriptionTenants.get(subscriptionId.toLowerCase())
      return this.options.auth.tokenCredential({
        accountId: account.id,
        ...(tenantId === undefined || tenantId === account.tenantId ? {} : { tenantId }),
      })
    })
    return { config, clients }
  }

  /** Subscriptions across the account's tenants; a failing tenant is reported, not fatal. */
  async listSubscriptions(
    request: { search?: string | undefined; accountId?: string | undefined } = {},
  ): Promise<SubscriptionList> {
    const config = await this.options.auth.currentCloud()
    const account = await this.account(request.accountId)
    const result = await listSubscriptions({
      config,
      homeTenantId: account.tenantId,
      search: request.search,
      logger: this.options.logger,
      credentialFor: (tenantId) =>
        this.options.auth.tokenCredential({
          accountId: account.id,
          ...(tenantId === undefined || tenantId === account.tenantId ? {} : { tenantId }),
        }),
    })
    for (const s of result.subscriptions) {
      this.subscriptionTenants.set(s.subscriptionId.toLowerCase(), s.tenantId)
    }
    return result
  }

  async listDcrs(request: {
    subscriptionId: string
    search?: string | undefined
    accountId?: string | undefined
  }): Promise<{ readonly dcrs: readonly DcrSummary[] }> {
    const { clients } = await this.clients(request.accountId)
    return { dcrs: await listDcrs(clients, request.subscriptionId, request.search) }
  }

  async getDcr(request: { dcrId: string; accountId?: string | undefined }): Promise<DcrDetail> {
    const { clients } = await this.clients(request.accountId)
    return getDcr(clients, request.dcrId)
  }

  async listDces(request: {
    subscriptionId: string
    accountId?: string | undefined
  }): Promise<{ readonly dces: readonly DceSummary[] }> {
    const { clients } = await this.clients(request.accountId)
    return { dces: await listDces(clients, request.subscriptionId) }
  }

  manualDefaults(): ManualTargetDefaults {
    return manualDefaultsFrom(this.options.env)
  }

  validateManual(draft: ManualTargetDraft): ManualTargetValidation {
    return validateManualTarget(draft)
  }

  recent(): Promise<readonly RecentTarget[]> {
    return this.recentStore.list()
  }

  /** Remembers a target the person used (the upload service may call this too). */
  remember(
    target: IngestionTarget,
    details: { label?: string | undefined; dcrId?: string | undefined } = {},
  ): Promise<readonly RecentTarget[]> {
    return this.recentStore.remember(target, details)
  }

  /** POSTs `[]` to the stream with a Monitor token; a ready target joins the recent list. */
  async checkConnection(request: {
    target: IngestionTarget
    label?: string | undefined
    dcrId?: string | undefined
    accountId?: string | undefined
  }): Promise<ConnectionCheck> {
    const config = await this.options.auth.currentCloud()
    const result = await checkConnection(request.target, {
      dispatcher: this.dispatcherFor(config),
      getToken: async (forceRefresh) =>
        (
          await this.options.auth.getToken(config.endpoints.monitorScope, {
            forceRefresh,
            ...(request.accountId === undefined ? {} : { accountId: request.accountId }),
          })
        ).token,
    })
    this.options.logger.info('target', 'connection check', {
      ready: result.ready,
      code: result.ready ? null : result.problem.code,
      status: result.ready ? 204 : result.httpStatus,
      requestId: result.requestId,
    })
    if (result.ready) {
      await this.remember(request.target, { label: request.label, dcrId: request.dcrId })
    }
    return result
  }

  private dispatcherFor(config: CloudConfig): Dispatcher {
    if (this.dispatcher?.key !== config.key) {
      void this.dispatcher?.value.close()
      this.dispatcher = { key: config.key, value: createDispatcher(config.extraCaPem) }
    }
    return this.dispatcher.value
  }

  /** Closes pooled connections. */
  async shutdown(): Promise<void> {
    await this.dispatcher?.value.close()
    this.dispatcher = null
  }
}
