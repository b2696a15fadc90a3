import type { InvokeHandlers } from '../../ipc/dispatch'
import type { TargetService } from './target-service'

type TargetChannel = Extract<keyof InvokeHandlers, `target:${string}`>

/** The `target:*` requests, bound to the TargetService. */
export function createTargetHandlers(targets: TargetService): Pick<InvokeHandlers, TargetChannel> {
  return {
    'target:list-subscriptions': (request) => targets.listSubscriptions(request ?? {}),
    'target:list-dcrs': (request) => targets.listDcrs(request),
    'target:get-dcr': (request) => targets.getDcr(request),
    'target:list-dces': (request) => targets.listDces(request),
    'target:manual-defaults': () => targets.manualDefaults(),
    'target:validate-manual': (draft) => targets.validateManual(draft),
    'target:recent': () => targets.recent(),
    'target:check-connection': (request) => targets.checkConnection(request),
  }
}
