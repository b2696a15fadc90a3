import { originOf } from './url-origin'

/** What main.ts reads off an IPC event (`event.senderFrame`, `event.sender`) for the check. */
export interface SenderFacts {
  /** URL of `event.senderFrame`; null when Electron has no frame (navigated away, destroyed). */
  readonly frameUrl: string | null
  /** The frame has no parent: sub-frames never speak for the app. */
  readonly isTopFrame: boolean
  /** `event.sender` is the webContents of one of our own windows. */
  readonly fromOurWindow: boolean
}

/** Why a sender was refused, for the log (never shown with the URL to anyone else). */
export type SenderVerdict =
  { readonly trusted: true } | { readonly trusted: false; readonly reason: string }

/**
 * Decides whether an IPC message may reach the app's services.
 *
 * Electron's security checklist item 17: validate `event.senderFrame` on every handler. A frame
 * that is gone, a sub-frame, another window, or a page of any other origin is refused.
 */
export function checkSender(facts: SenderFacts, appOrigin: string): SenderVerdict {
  if (facts.frameUrl === null) return { trusted: false, reason: 'no sender frame' }
  if (!facts.fromOurWindow) return { trusted: false, reason: 'not our window' }
  if (!facts.isTopFrame) return { trusted: false, reason: 'sub-frame' }
  const origin = originOf(facts.frameUrl)
  if (origin === null || origin !== originOf(appOrigin)) {
    return { trusted: false, reason: 'foreign origin' }
  }
  return { trusted: true }
}
