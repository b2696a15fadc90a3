import type { Settings } from '../../models/settings'
import { settingsPatchSchema } from '../../models/settings'
import { z } from 'zod'
import { defineEvent, defineInvoke } from '../define'

/** Requests that read and change settings. */
export const SETTINGS_INVOKE = {
  'settings:get': defineInvoke<Settings>()(z.undefined()),
  'settings:update': defineInvoke<Settings>()(settingsPatchSchema.strict()),
} as const

/** Events about settings. */
export const SETTINGS_EVENTS = {
  'settings:changed': defineEvent<Settings>(),
} as const
