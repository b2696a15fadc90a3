import { z } from 'zod'
import type { AppInfo, PingReply } from '../../models/app-info'
import { defineEvent, defineInvoke } from '../define'

/** Requests about the app itself. */
export const APP_INVOKE = {
  'app:get-info': defineInvoke<AppInfo>()(z.undefined()),
  'app:ping': defineInvoke<PingReply>()(z.object({ message: z.string().max(10_000) }).strict()),
} as const

/** Events about the app itself. */
export const APP_EVENTS = {
  /** A message the main side wants shown (e.g. a background failure). */
  'app:notice': defineEvent<{
    readonly level: 'info' | 'warning' | 'error'
    readonly text: string
  }>(),
} as const
